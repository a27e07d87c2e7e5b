package tokens

import (
	"errors"

	"github.com/golang-jwt/jwt/v5"
)

// errNoIssuedAt is the error of upgradeOrdersAccessV2AuthTime for claims
// without iat.
var errNoIssuedAt = errors.New("version 1 claims have no iat")

// upgradeOrdersAccessV2Email derives the "email" claim from the user ID.
func upgradeOrdersAccessV2Email(old *OrdersAccessV1) (string, error) {
	return old.UID + "@users.example.com", nil
}

// upgradeOrdersAccessV2AuthTime takes the time of authentication to be the
// issue time of the version 1 token.
func upgradeOrdersAccessV2AuthTime(old *OrdersAccessV1) (*jwt.NumericDate, error) {
	if old.IssuedAt == nil {
		return nil, errNoIssuedAt
	}
	return jwt.NewNumericDate(old.IssuedAt.Time), nil
}

// upgradeOrdersAccessV2AddressGeo leaves "address.geo" absent: version 1
// has no coordinates.
func upgradeOrdersAccessV2AddressGeo(old *OrdersAccessV1) (*OrdersAccessV2AddressGeo, error) {
	return nil, nil
}
