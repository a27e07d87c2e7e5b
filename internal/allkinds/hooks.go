package allkinds

import (
	"crypto/sha1"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
)

// This file contains the upgrade hooks of the claims that the contract
// marks with "upgrade: hook". AllKindsV2.Upgrade calls them to derive the
// claims of version 3 that version 2 tokens do not carry.

// sessionNamespace is the namespace of the name-based UUIDs that
// upgradeAllKindsV3Session derives, itself a random UUID.
var sessionNamespace = [16]byte{
	0x8a, 0x3e, 0x1c, 0x52, 0x6b, 0x0f, 0x4d, 0x27, 0x9c, 0x44, 0x7e, 0x15, 0xd2, 0x90, 0x3b, 0xa8,
}

// errNoSubject is the error of the hooks for version 2 claims without sub,
// from which both derive their values.
var errNoSubject = errors.New("version 2 claims have no sub to derive it from")

// upgradeAllKindsV3Session derives the "session" claim, which version 3
// requires, as the name-based UUID (RFC 9562 §5.5, version 5) of the
// token's subject and tenant. Every upgraded token of one user and tenant
// gets the same session.
func upgradeAllKindsV3Session(old *AllKindsV2) (string, error) {
	if old.Subject == "" {
		return "", errNoSubject
	}
	h := sha1.New()
	h.Write(sessionNamespace[:])
	h.Write([]byte(old.Subject + "\x00" + old.Tenant))
	var u [16]byte
	copy(u[:], h.Sum(nil))
	u[6] = u[6]&0x0f | 0x50 // version 5
	u[8] = u[8]&0x3f | 0x80 // RFC 9562 variant
	return fmt.Sprintf("%x-%x-%x-%x-%x", u[0:4], u[4:6], u[6:8], u[8:10], u[10:16]), nil
}

// upgradeAllKindsV3ID derives the "jti" claim, which version 3 requires.
// It keeps the jti of the version 2 token, so that replay detection still
// recognizes the token, and derives one from the subject and the issue
// time of a token without it.
func upgradeAllKindsV3ID(old *AllKindsV2) (string, error) {
	if old.ID != "" {
		return old.ID, nil
	}
	if old.Subject == "" {
		return "", errNoSubject
	}
	var issued int64
	if old.IssuedAt != nil {
		issued = old.IssuedAt.Unix()
	}
	sum := sha256.Sum256(fmt.Appendf(nil, "%s\x00%d", old.Subject, issued))
	return "v2-" + hex.EncodeToString(sum[:12]), nil
}
