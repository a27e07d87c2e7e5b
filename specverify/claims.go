package specverify

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/golang-jwt/jwt/v5"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// Claims are the claims of a token of one contract version. They
// implement runtime.Claims: the verifier decodes the payload into them and
// calls Validate, which checks the claim rules of the version as the
// generated Validate method does.
type Claims struct {
	// RegisteredClaims are filled by Registered; read them through it.
	jwt.RegisteredClaims

	// Values are the contract's own claims.
	Values Values

	contract string
	version  *spec.Version
	// decoded is set once a payload was decoded into the claims.
	decoded bool
	// decodeRegistered decodes the registered claims of the payload until
	// Registered has called it.
	decodeRegistered func(*jwt.RegisteredClaims) error
}

// NewClaims returns empty claims of version v of the contract named
// contract.
func NewClaims(contract string, v *spec.Version) *Claims {
	return &Claims{contract: contract, version: v, Values: Values{}}
}

// Version returns the contract version of the claims.
func (c *Claims) Version() *spec.Version { return c.version }

// DecodeClaims decodes the claims that the version declares from a
// verified payload, as Values describes. The verifier calls it in place of
// UnmarshalJSON, which saves a second parse of the payload. The registered
// claims are decoded on first use by Registered, Payload or Upgrade,
// because the verifier checks them on the payload itself.
func (c *Claims) DecodeClaims(p runtime.Payload) error {
	values, err := decodeValues(c.version.Claims, p.Lookup)
	if err != nil {
		return fmt.Errorf("%w: %w", runtime.ErrClaimInvalid, err)
	}
	c.Values = values
	c.decodeRegistered = p.DecodeRegistered
	c.decoded = true
	return nil
}

// UnmarshalJSON decodes a payload as DecodeClaims does.
func (c *Claims) UnmarshalJSON(data []byte) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	values, err := decodeValues(c.version.Claims, mapLookup(members))
	if err != nil {
		return fmt.Errorf("%w: %w", runtime.ErrClaimInvalid, err)
	}
	c.Values = values
	raw := bytes.Clone(data)
	c.decodeRegistered = func(reg *jwt.RegisteredClaims) error { return json.Unmarshal(raw, reg) }
	c.decoded = true
	return nil
}

// Registered returns the registered claims, decoding them from the
// payload on first use.
func (c *Claims) Registered() (*jwt.RegisteredClaims, error) {
	if c.decodeRegistered != nil {
		var reg jwt.RegisteredClaims
		if err := c.decodeRegistered(&reg); err != nil {
			return nil, fmt.Errorf("%w: registered claims: %w", runtime.ErrClaimInvalid, err)
		}
		c.RegisteredClaims, c.decodeRegistered = reg, nil
	}
	return &c.RegisteredClaims, nil
}

// Validate checks the claims against the claim rules of their version. It
// returns nil, or the failed rules joined, each a *runtime.ValidationError
// wrapping runtime.ErrClaimMissing or runtime.ErrClaimInvalid.
func (c *Claims) Validate() error {
	v := runtime.Violations{Contract: c.contract, Version: c.version.Number}
	validate(&v, c.version.Claims, c.Values, "")
	return v.Err()
}

// Payload returns the claims as the generated struct of their version
// encodes them: the registered claims, then the version's claims in
// contract order.
func (c *Claims) Payload() (Object, error) {
	return c.payload(nil)
}

// payload is Payload without the claims whose paths are in skip.
func (c *Claims) payload(skip map[string]bool) (Object, error) {
	reg, err := c.Registered()
	if err != nil {
		return nil, err
	}
	data, err := json.Marshal(reg)
	if err != nil {
		return nil, err
	}
	var registered map[string]any
	if err := json.Unmarshal(data, &registered); err != nil {
		return nil, err
	}
	var out Object
	for _, name := range spec.RegisteredClaims {
		if v, ok := registered[name]; ok && !skip[name] {
			out = append(out, Member{Name: name, Value: v})
		}
	}
	return append(out, encodeValues(c.version.Claims, c.Values, skip)...), nil
}
