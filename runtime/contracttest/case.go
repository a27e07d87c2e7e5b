// Package contracttest runs the golden test cases that jwtgen writes for a
// contract: one JSON file per case under testdata/jwtgen/CONTRACT/vN. The
// test file that jwtgen generates beside the contract calls Run with the
// verify methods of each version, and Run mints every case's token at test
// time, verifies it and compares the outcome with the one the case
// expects.
//
// A case file holds the token's header and payload, the signing mode, the
// clock of the verifier and the expected outcome. Files whose names start
// with "custom_" are written by hand in the same format; jwtgen never
// overwrites or deletes them, and Run runs them like the others.
package contracttest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"

	"github.com/jwtgen/jwtgen/internal/orderedjson"
)

// Signing modes of a case: how Run makes the token's signature.
const (
	// SignKey signs with the test key of the header's alg.
	SignKey = "key"
	// SignTampered signs with the test key of the header's alg and then
	// flips one bit of the signature.
	SignTampered = "tampered"
	// SignFixed uses the bytes of FixedSignature as the signature, for
	// algorithms that Run cannot sign with, such as "none".
	SignFixed = "fixed"
	// SignHMACPublicKey signs with HMAC, using as the secret the PEM
	// encoding of the public test key of the first algorithm in Keys. It
	// mints the token of the algorithm confusion attack, where a verifier
	// takes an RSA or EC public key for an HMAC secret.
	SignHMACPublicKey = "hmac_public_key"
)

// FixedSignature is the signature of SignFixed tokens.
const FixedSignature = "testgen-not-a-signature"

// KeyID returns the key ID under which Run signs and verifies with the test
// key of alg.
func KeyID(alg string) string {
	return "testgen-" + alg
}

// Case is one golden test case.
type Case struct {
	// Name is the file name without ".json".
	Name string `json:"name"`
	// Description says what the case checks.
	Description string `json:"description"`
	// Version is the contract version whose verify method checks the
	// token.
	Version int `json:"version"`
	// Skip, when set, is why the case cannot be run: Run skips it.
	Skip string `json:"skip,omitempty"`

	// Header is the JOSE header of the token.
	Header Object `json:"header,omitempty"`
	// Payload is the claims set of the token.
	Payload Object `json:"payload,omitempty"`
	// PayloadRaw, when set, is the exact payload JSON and replaces
	// Payload, for payloads that an object cannot hold, such as one with a
	// duplicate member name.
	PayloadRaw string `json:"payload_raw,omitempty"`
	// Signing is one of the Sign* modes.
	Signing string `json:"signing"`
	// Keys lists the algorithms whose test keys the verifier holds, each
	// under KeyID of the algorithm.
	Keys []string `json:"keys"`
	// Clock is the current time of the verifier.
	Clock time.Time `json:"clock"`

	// Expect is the outcome of the version's verify method.
	Expect Outcome `json:"expect"`

	// Upgraded, when set, is the payload that the multi-version verifier
	// returns for the token, upgraded to the newest version and encoded as
	// JSON. Members listed in Unchecked are not compared.
	Upgraded Object `json:"upgraded,omitempty"`
	// Unchecked lists the dotted claim paths of Upgraded whose values
	// cannot be known in advance, such as those an upgrade hook derives.
	Unchecked []string `json:"unchecked,omitempty"`
	// Notes records the valid values that could not be derived from the
	// contract, which the payload leaves out.
	Notes []string `json:"notes,omitempty"`
}

// Outcome is the expected result of verifying a token.
type Outcome struct {
	// Accept is true when the token must be accepted.
	Accept bool `json:"accept"`
	// Sentinel names the error that the rejection wraps, as
	// "runtime.ErrClaimInvalid" or "jwt.ErrTokenSignatureInvalid".
	Sentinel string `json:"sentinel,omitempty"`
	// Rule and Claim are those of one *runtime.ValidationError of the
	// rejection; other failed rules may come with it.
	Rule  string `json:"rule,omitempty"`
	Claim string `json:"claim,omitempty"`
}

// String returns "accepted" or the sentinel, rule and claim of a rejection.
func (o Outcome) String() string {
	if o.Accept {
		return "accepted"
	}
	return fmt.Sprintf("rejected with %s, rule %q, claim %q", o.Sentinel, o.Rule, o.Claim)
}

// Member is one member of an Object.
type Member = orderedjson.Member

// Object is a JSON object whose members keep their order, so that case
// files are written the same way every time.
type Object = orderedjson.Object

// marshal encodes v as compact JSON without escaping HTML characters.
var marshal = orderedjson.Marshal

// Encode returns the case file contents of c: indented JSON ending in a
// newline.
func Encode(c *Case) ([]byte, error) {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(c); err != nil {
		return nil, fmt.Errorf("contracttest: encode case %s: %w", c.Name, err)
	}
	return b.Bytes(), nil
}
