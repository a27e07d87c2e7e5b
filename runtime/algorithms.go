package runtime

import (
	"crypto"
	"strings"

	"github.com/golang-jwt/jwt/v5"
)

// keyFamily is the kind of key an algorithm needs.
type keyFamily uint8

const (
	familyNone keyFamily = iota
	familyHMAC
	familyRSA
	familyEC
	familyEd25519
)

func (f keyFamily) String() string {
	switch f {
	case familyHMAC:
		return "HMAC"
	case familyRSA:
		return "RSA"
	case familyEC:
		return "EC"
	case familyEd25519:
		return "Ed25519"
	}
	return "unknown"
}

// algorithm is one JWS signature algorithm that this package supports.
type algorithm struct {
	name   string
	family keyFamily
	// curve is the EC curve name for ES* algorithms.
	curve string
	hash  crypto.Hash
	// pss is true for PS* algorithms.
	pss bool
	// size is the minimum secret length in bytes for HS* (the hash output
	// size, RFC 7518 §3.2) and the size of r and of s for ES* (RFC 7518
	// §3.4).
	size   int
	method jwt.SigningMethod
}

var (
	algHS256 = algorithm{name: "HS256", family: familyHMAC, hash: crypto.SHA256, size: 32, method: jwt.SigningMethodHS256}
	algHS384 = algorithm{name: "HS384", family: familyHMAC, hash: crypto.SHA384, size: 48, method: jwt.SigningMethodHS384}
	algHS512 = algorithm{name: "HS512", family: familyHMAC, hash: crypto.SHA512, size: 64, method: jwt.SigningMethodHS512}
	algRS256 = algorithm{name: "RS256", family: familyRSA, hash: crypto.SHA256, method: jwt.SigningMethodRS256}
	algRS384 = algorithm{name: "RS384", family: familyRSA, hash: crypto.SHA384, method: jwt.SigningMethodRS384}
	algRS512 = algorithm{name: "RS512", family: familyRSA, hash: crypto.SHA512, method: jwt.SigningMethodRS512}
	algPS256 = algorithm{name: "PS256", family: familyRSA, hash: crypto.SHA256, pss: true, method: jwt.SigningMethodPS256}
	algPS384 = algorithm{name: "PS384", family: familyRSA, hash: crypto.SHA384, pss: true, method: jwt.SigningMethodPS384}
	algPS512 = algorithm{name: "PS512", family: familyRSA, hash: crypto.SHA512, pss: true, method: jwt.SigningMethodPS512}
	algES256 = algorithm{name: "ES256", family: familyEC, curve: "P-256", hash: crypto.SHA256, size: 32, method: jwt.SigningMethodES256}
	algES384 = algorithm{name: "ES384", family: familyEC, curve: "P-384", hash: crypto.SHA384, size: 48, method: jwt.SigningMethodES384}
	algES512 = algorithm{name: "ES512", family: familyEC, curve: "P-521", hash: crypto.SHA512, size: 66, method: jwt.SigningMethodES512}
	algEdDSA = algorithm{name: "EdDSA", family: familyEd25519, method: jwt.SigningMethodEdDSA}
)

// lookupAlgorithm returns the algorithm named alg, compared exactly, or
// nil when this package does not support it.
func lookupAlgorithm(alg string) *algorithm {
	switch alg {
	case "HS256":
		return &algHS256
	case "HS384":
		return &algHS384
	case "HS512":
		return &algHS512
	case "RS256":
		return &algRS256
	case "RS384":
		return &algRS384
	case "RS512":
		return &algRS512
	case "PS256":
		return &algPS256
	case "PS384":
		return &algPS384
	case "PS512":
		return &algPS512
	case "ES256":
		return &algES256
	case "ES384":
		return &algES384
	case "ES512":
		return &algES512
	case "EdDSA":
		return &algEdDSA
	}
	return nil
}

// isNone reports whether alg is "none" in any letter case. RFC 7518 §3.6
// defines it as an unsecured JWS, which this package never accepts.
func isNone(alg string) bool {
	return strings.EqualFold(alg, "none")
}

// clip shortens a string taken from a token, such as a kid, before it goes
// into an error message or a log record.
func clip(s string) string {
	const maxLen = 64
	if len(s) <= maxLen {
		return s
	}
	return s[:maxLen] + "..."
}
