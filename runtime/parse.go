package runtime

import (
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unsafe"

	"github.com/golang-jwt/jwt/v5"
)

// Token is a token decoded once, before any version is chosen. Its header
// and payload are valid JSON objects without duplicate member names, but
// its signature and claims are not checked yet.
type Token struct {
	alg, kid, typ string
	hasTyp        bool
	// signingInput is the header and payload segments with the dot between
	// them, which the signature covers.
	signingInput string
	// payload is the decoded payload. Members, claims decoded from it and
	// the header strings share its memory, so nothing may modify it.
	payload   []byte
	members   []jsonMember
	signature []byte
	// memberStorage backs members for payloads of up to 16 members, and
	// segmentStorage the decoded segments of tokens of up to about 1000
	// characters, so that a typical token takes one allocation. Strings
	// decoded from the payload point into the Token and keep it alive.
	memberStorage  [16]jsonMember
	segmentStorage [752]byte
}

// Algorithm returns the header's "alg".
func (t *Token) Algorithm() string { return t.alg }

// KeyID returns the header's "kid", or "" when absent.
func (t *Token) KeyID() string { return t.kid }

// Type returns the header's "typ", or "" when absent.
func (t *Token) Type() string { return t.typ }

// Claim returns the raw JSON value of the payload member called name,
// without decoding it. The returned bytes belong to the token and must not
// be modified.
func (t *Token) Claim(name string) (json.RawMessage, bool) {
	v, ok := lookupMember(t.members, name)
	return json.RawMessage(v), ok
}

// strictBase64 decodes base64url without padding and rejects non-zero
// trailing bits (RFC 7515 §2).
var strictBase64 = base64.RawURLEncoding.Strict()

// Parse decodes token without checking its signature or claims. It
// rejects, in this order:
//
//   - a token longer than the size limit, before reading it (rule "size");
//   - a token that is not three strict base64url segments, or whose
//     payload or signature is empty (rule "malformed");
//   - a header or payload that is not a JSON object, has duplicate member
//     names at any depth (rule "duplicate"), invalid UTF-8, nesting deeper
//     than 64 levels or data after the object;
//   - a header without a string "alg", or with a "kid" or "typ" that is
//     not a string;
//   - a header with "crit" (rule "crit"): this package implements no JWS
//     extension, so RFC 7515 §4.1.11 requires rejecting every one.
//
// The "jku", "x5u", "jwk" and "x5c" headers are ignored because keys come
// only from the verifier's KeySource. Errors are *ValidationError values
// with an empty Contract.
func (v *Verifier) Parse(token string) (*Token, error) {
	t, err := v.parseJWS(token)
	if err != nil {
		return nil, err
	}
	members, jerr := scanObjectInto(t.payload, t.memberStorage[:0])
	if jerr != nil {
		if jerr.duplicate {
			return nil, parseError(jerr.path, "duplicate", jerr.Error(), ErrClaimInvalid)
		}
		return nil, malformed("", "payload: "+jerr.Error())
	}
	t.members = members
	return t, nil
}

// parseJWS applies the steps of Parse that concern the JWS (RFC 7515): the
// size limit, the compact serialization, strict base64url and the header.
// It leaves the payload as decoded bytes, which need not be JSON.
func (v *Verifier) parseJWS(token string) (*Token, error) {
	if len(token) > v.cfg.maxTokenSize {
		return nil, parseError("", "size", fmt.Sprintf("token is %d bytes; the limit is %d", len(token), v.cfg.maxTokenSize), ErrTokenTooLarge)
	}

	header, payload, signature, ok := splitToken(token)
	if !ok {
		return nil, malformed("", "token is not three base64url segments separated by dots")
	}
	if payload == "" || signature == "" {
		return nil, malformed("", "token has an empty payload or signature")
	}

	t := new(Token)
	size := strictBase64.DecodedLen(len(header)) + strictBase64.DecodedLen(len(payload)) + strictBase64.DecodedLen(len(signature))
	buf := t.segmentStorage[:]
	if size > len(buf) {
		buf = make([]byte, size)
	}
	headerJSON, rest, err := decodeSegment(buf, header)
	if err != nil {
		return nil, malformed("", "header segment: "+err.Error())
	}
	payloadJSON, rest, err := decodeSegment(rest, payload)
	if err != nil {
		return nil, malformed("", "payload segment: "+err.Error())
	}
	sig, _, err := decodeSegment(rest, signature)
	if err != nil {
		return nil, malformed("", "signature segment: "+err.Error())
	}

	t.signingInput = token[:len(header)+1+len(payload)]
	t.payload = payloadJSON
	t.signature = sig
	if err := t.parseHeader(headerJSON); err != nil {
		return nil, err
	}
	return t, nil
}

// splitToken splits a compact JWS into exactly three segments.
func splitToken(token string) (header, payload, signature string, ok bool) {
	header, rest, found := strings.Cut(token, ".")
	if !found {
		return "", "", "", false
	}
	payload, signature, found = strings.Cut(rest, ".")
	if !found || strings.Contains(signature, ".") {
		return "", "", "", false
	}
	return header, payload, signature, true
}

// decodeSegment decodes the base64url segment seg into the front of buf
// and returns the decoded bytes and the rest of buf. It rejects any
// character outside the base64url alphabet, including padding and the
// line breaks that package base64 would skip.
func decodeSegment(buf []byte, seg string) (decoded, rest []byte, err error) {
	// The strict decoder rejects every other character outside the
	// alphabet, and names its offset.
	for _, lineBreak := range [...]byte{'\r', '\n'} {
		if i := strings.IndexByte(seg, lineBreak); i >= 0 {
			return nil, nil, notBase64URL(seg, i)
		}
	}
	// The decoder only reads its source, so the string's bytes can be
	// used without a copy.
	src := unsafe.Slice(unsafe.StringData(seg), len(seg))
	n, err := strictBase64.Decode(buf, src)
	if err != nil {
		var corrupt base64.CorruptInputError
		if errors.As(err, &corrupt) && int(corrupt) < len(seg) && !isBase64URL(seg[corrupt]) {
			return nil, nil, notBase64URL(seg, int(corrupt))
		}
		return nil, nil, fmt.Errorf("invalid base64url: %w", err)
	}
	return buf[:n:n], buf[n:], nil
}

func isBase64URL(c byte) bool {
	return c >= 'A' && c <= 'Z' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

func notBase64URL(seg string, offset int) error {
	return fmt.Errorf("character %q at offset %d is not base64url", seg[offset], offset)
}

// parseHeader reads the JOSE header members this package uses. The
// strings it keeps share the memory of data.
func (t *Token) parseHeader(data []byte) error {
	var storage [8]jsonMember
	members, jerr := scanObjectInto(data, storage[:0])
	if jerr != nil {
		if jerr.duplicate {
			return parseError(jerr.path, "duplicate", jerr.Error(), ErrHeaderInvalid)
		}
		return malformed("", "header: "+jerr.Error())
	}

	alg, found := lookupMember(members, "alg")
	if !found {
		return headerError("alg", "malformed", "header has no alg")
	}
	var ok bool
	if t.alg, ok = stringValue(alg); !ok {
		return headerError("alg", "malformed", "alg is not a string")
	}
	if kid, found := lookupMember(members, "kid"); found {
		if t.kid, ok = stringValue(kid); !ok {
			return headerError("kid", "malformed", "kid is not a string")
		}
	}
	if typ, found := lookupMember(members, "typ"); found {
		if t.typ, ok = stringValue(typ); !ok {
			return headerError("typ", "malformed", "typ is not a string")
		}
		t.hasTyp = true
	}
	if crit, found := lookupMember(members, "crit"); found {
		return checkCrit(crit)
	}
	return nil
}

// checkCrit returns the error for a "crit" header. A well-formed crit is a
// non-empty array of strings; since this package understands no
// extension, even a well-formed one is rejected.
func checkCrit(raw []byte) error {
	var names []string
	if err := json.Unmarshal(raw, &names); err != nil || len(names) == 0 {
		return headerError("crit", "crit", "crit is not a non-empty array of strings")
	}
	// Show a few names only: the header is attacker-controlled.
	shown := names[:min(len(names), 4)]
	for i, n := range shown {
		shown[i] = clip(n)
	}
	return headerError("crit", "crit", fmt.Sprintf("crit names %d extensions, starting with %q, and this verifier understands none", len(names), shown))
}

func parseError(claim, rule, detail string, err error) *ValidationError {
	return &ValidationError{Claim: claim, Rule: rule, Detail: detail, Err: err}
}

func malformed(claim, detail string) *ValidationError {
	return parseError(claim, "malformed", detail, jwt.ErrTokenMalformed)
}

func headerError(claim, rule, detail string) *ValidationError {
	return parseError(claim, rule, detail, ErrHeaderInvalid)
}
