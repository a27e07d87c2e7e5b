package runtime

import (
	"context"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"log/slog"
	"slices"
	"strconv"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// Issuer validates and signs tokens. It is safe for concurrent use when
// its Signer is; the signers of NewSigner are.
type Issuer struct {
	signer Signer
	cfg    config
}

// NewIssuer returns an Issuer that signs with signer. Of the options, it
// uses the clock, the leeway, the logger (rejections at Debug level) and the
// maximum token size.
func NewIssuer(signer Signer, opts ...Option) *Issuer {
	return &Issuer{signer: signer, cfg: newConfig(opts)}
}

// Issue fills the registered claims that are unset, checks the token as a
// verifier of rules would at the same clock, and signs it. It writes into
// *registered, which must point into claims: IssuedAt becomes now,
// ExpiresAt IssuedAt + rules.MaxLifetime, ID a random 128-bit value in
// base64url, Issuer rules.Issuers[0] and Audience rules.Audience, each
// only when unset and when the rule exists. When rules.VersionClaim is
// set, the version is added to the payload as a JSON number.
//
// Issue returns no token, and the error a verifier would return, when:
//
//   - rules.Retired is set (ErrVersionRetired, rule "retired");
//   - the clock is at or after rules.IssueUntil (ErrVersionRetired, rule
//     "issue_until");
//   - the signer's algorithm is not in rules.Algorithms;
//   - the token would fail any header, shape, registered claim, Validate
//     or size rule.
func (i *Issuer) Issue(ctx context.Context, rules *Rules, claims Claims, registered *jwt.RegisteredClaims) (string, error) {
	token, err := i.issue(rules, claims, registered)
	if err != nil && i.cfg.logger != nil && i.cfg.logger.Enabled(ctx, slog.LevelDebug) {
		for _, ve := range validationErrors(err) {
			i.cfg.logger.LogAttrs(ctx, slog.LevelDebug, "token not issued",
				slog.String("contract", ve.Contract), slog.Int("version", ve.Version),
				slog.String("claim", ve.Claim), slog.String("rule", ve.Rule),
				slog.String("detail", ve.Detail))
		}
	}
	return token, err
}

func (i *Issuer) issue(rules *Rules, claims Claims, registered *jwt.RegisteredClaims) (string, error) {
	if rules == nil || claims == nil {
		return "", &ValidationError{Rule: "rules", Detail: "Issue needs rules and claims", Err: ErrClaimMissing}
	}
	c := &checker{rules: rules}
	if i.signer == nil {
		return "", c.newError("", "signature", "the issuer has no signer", ErrKeyNotFound)
	}
	now := i.cfg.now()

	if rules.Retired {
		return "", c.newError("", "retired", fmt.Sprintf("version %d is retired and is no longer issued", rules.Version), ErrVersionRetired)
	}
	if !rules.IssueUntil.IsZero() && !now.Before(rules.IssueUntil) {
		detail := fmt.Sprintf("version %d was issued until %s", rules.Version, rules.IssueUntil.UTC().Format(time.RFC3339))
		return "", c.newError("", "issue_until", detail, ErrVersionRetired)
	}
	alg := i.signer.Algorithm()
	if isNone(alg) || !slices.Contains(rules.Algorithms, alg) {
		return "", c.newError("alg", "alg", fmt.Sprintf("signer alg %q is not one of %q", alg, rules.Algorithms), ErrAlgorithmNotAllowed)
	}

	if registered != nil {
		if err := fillRegistered(registered, rules, now); err != nil {
			return "", err
		}
		if registered.Issuer == "" && len(rules.Issuers) > 1 {
			detail := fmt.Sprintf("the contract accepts several issuers %q; set RegisteredClaims.Issuer to the one this service is", rules.Issuers)
			return "", c.newError("iss", "issuer", detail, ErrClaimMissing)
		}
	}
	payload, err := json.Marshal(claims)
	if err != nil {
		return "", c.newError("", "encode", "claims do not encode as JSON: "+err.Error(), fmt.Errorf("%w: %w", ErrClaimInvalid, err))
	}
	header, err := i.header(rules)
	if err != nil {
		return "", err
	}

	t := &Token{alg: alg, kid: i.signer.KeyID(), typ: typeOrJWT(rules), hasTyp: true, payload: payload}
	if err := c.scanPayload(t); err != nil {
		return "", err
	}
	if rules.VersionClaim != "" {
		if err := c.addVersion(t); err != nil {
			return "", err
		}
	}

	if err := c.checkHeader(t, now); err != nil {
		return "", err
	}
	if err := c.checkClaims(t, claims, false, now, i.cfg.leewayFor(rules)); err != nil {
		return "", err
	}
	return i.sign(c, header, t.payload)
}

// fillRegistered sets the registered claims that are unset and that rules
// determine. It fills iss only when the contract names a single issuer: with
// several, the caller must say which one it is.
func fillRegistered(reg *jwt.RegisteredClaims, rules *Rules, now time.Time) error {
	if reg.IssuedAt == nil {
		reg.IssuedAt = jwt.NewNumericDate(now)
	}
	if reg.ExpiresAt == nil && rules.MaxLifetime > 0 {
		reg.ExpiresAt = jwt.NewNumericDate(reg.IssuedAt.Add(rules.MaxLifetime))
	}
	if reg.ID == "" {
		id := make([]byte, 16)
		if _, err := rand.Read(id); err != nil {
			return fmt.Errorf("generating jti: %w", err)
		}
		reg.ID = base64.RawURLEncoding.EncodeToString(id)
	}
	if reg.Issuer == "" && len(rules.Issuers) == 1 {
		reg.Issuer = rules.Issuers[0]
	}
	if len(reg.Audience) == 0 && len(rules.Audience) > 0 {
		reg.Audience = slices.Clone(rules.Audience)
	}
	return nil
}

func typeOrJWT(rules *Rules) string {
	if rules.Type != "" {
		return rules.Type
	}
	return "JWT"
}

// header encodes the JOSE header: alg, kid when the signer has one, typ.
func (i *Issuer) header(rules *Rules) ([]byte, error) {
	h := struct {
		Alg string `json:"alg"`
		Kid string `json:"kid,omitempty"`
		Typ string `json:"typ"`
	}{i.signer.Algorithm(), i.signer.KeyID(), typeOrJWT(rules)}
	return json.Marshal(h)
}

// scanPayload checks the encoded claims as Parse checks a payload and
// records their members.
func (c *checker) scanPayload(t *Token) error {
	members, jerr := scanObject(t.payload)
	if jerr != nil {
		if jerr.duplicate {
			return c.newError(jerr.path, "duplicate", jerr.Error(), ErrClaimInvalid)
		}
		return c.newError("", "malformed", "claims: "+jerr.Error(), jwt.ErrTokenMalformed)
	}
	t.members = members
	return nil
}

// addVersion appends the version claim to the payload as a JSON number.
// Claims that already carry it must name the same version.
func (c *checker) addVersion(t *Token) error {
	name := c.rules.VersionClaim
	if _, found := lookupMember(t.members, name); found {
		if err := c.checkVersion(t); err != nil {
			return err
		}
		return nil
	}
	encodedName, err := json.Marshal(name)
	if err != nil {
		return c.newError(name, "version", "version claim name does not encode: "+err.Error(), ErrVersionUnknown)
	}

	p := t.payload[:len(t.payload)-1] // drop the closing '}'
	if len(t.members) > 0 {
		p = append(p, ',')
	}
	p = append(p, encodedName...)
	p = append(p, ':')
	p = strconv.AppendInt(p, int64(c.rules.Version), 10)
	p = append(p, '}')

	t.payload = p
	return c.scanPayload(t)
}

// sign checks the final size and signs header and payload.
func (i *Issuer) sign(c *checker, header, payload []byte) (string, error) {
	enc := base64.RawURLEncoding
	sigSize := 0
	if s, ok := i.signer.(interface{ signatureSize() int }); ok {
		sigSize = s.signatureSize()
	}
	size := enc.EncodedLen(len(header)) + 1 + enc.EncodedLen(len(payload)) + 1 + enc.EncodedLen(sigSize)
	if err := i.checkSize(c, size); err != nil {
		return "", err
	}

	input := make([]byte, 0, size)
	input = enc.AppendEncode(input, header)
	input = append(input, '.')
	input = enc.AppendEncode(input, payload)
	sig, err := i.signer.Sign(input)
	if err != nil {
		return "", c.newError("", "signature", "signing failed: "+err.Error(), fmt.Errorf("%w: %w", ErrKeyInvalid, err))
	}
	token := string(enc.AppendEncode(append(input, '.'), sig))
	// A Signer from outside this package may not tell its signature size
	// in advance, so the complete token is checked again.
	if err := i.checkSize(c, len(token)); err != nil {
		return "", err
	}
	return token, nil
}

func (i *Issuer) checkSize(c *checker, size int) error {
	if size > i.cfg.maxTokenSize {
		return c.newError("", "size", fmt.Sprintf("token would be %d bytes; the limit is %d", size, i.cfg.maxTokenSize), ErrTokenTooLarge)
	}
	return nil
}
