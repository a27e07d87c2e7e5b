// Package testgen derives golden test cases from a contract: for every
// version, tokens that the version's verifier must accept and tokens that
// break one rule each, with the outcome expected. Package contracttest
// holds the case format and runs the cases, and Files renders them as case
// files and a Go test file that jwtgen generate writes beside the
// generated code.
//
// The cases depend only on the contract: clocks derive from its dates or
// from ReferenceTime, values from its defaults, consts, enum values and
// patterns, so generating twice gives the same bytes.
package testgen

import (
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/runtime/contracttest"
	"github.com/jwtgen/jwtgen/spec"
)

// ReferenceTime is the verifier clock of the cases of a version that has
// no accept_until, or whose accept_until is more than a day after it.
var ReferenceTime = time.Date(2026, time.January, 1, 0, 0, 0, 0, time.UTC)

// Sentinel names that the outcomes use.
const (
	errClaimMissing        = "runtime.ErrClaimMissing"
	errClaimInvalid        = "runtime.ErrClaimInvalid"
	errVersionRetired      = "runtime.ErrVersionRetired"
	errAlgorithmNotAllowed = "runtime.ErrAlgorithmNotAllowed"
	errTypeHeader          = "runtime.ErrTypeHeader"
	errHeaderInvalid       = "runtime.ErrHeaderInvalid"
	errKeyNotFound         = "runtime.ErrKeyNotFound"
	errSignatureInvalid    = "jwt.ErrTokenSignatureInvalid"
)

// Values of the registered claims in the cases.
const (
	testSubject  = "testgen-subject"
	testID       = "testgen-jti"
	wrongIssuer  = "https://wrong-issuer.invalid"
	wrongAud     = "testgen-wrong-audience"
	unknownKeyID = "testgen-unknown-kid"
)

// Cases returns the cases of every version of c, by version and then by
// name.
func Cases(c *spec.Contract) []*contracttest.Case {
	var out []*contracttest.Case
	for _, v := range c.Versions {
		b := newBuilder(c, v)
		b.build()
		slices.SortFunc(b.cases, func(x, y *contracttest.Case) int { return strings.Compare(x.Name, y.Name) })
		out = append(out, b.cases...)
	}
	return out
}

// builder derives the cases of one version.
type builder struct {
	contract *spec.Contract
	version  *spec.Version
	token    spec.Token
	clock    time.Time
	// lifetime is exp - iat of the valid payload.
	lifetime time.Duration

	header  contracttest.Object
	payload contracttest.Object
	// notes are the values left out of the valid payload, with the reason.
	notes []string
	// valid is false when a required claim has no valid value, so no case
	// built from the valid payload can be trusted.
	valid bool

	cases []*contracttest.Case
	names map[string]bool
}

func newBuilder(c *spec.Contract, v *spec.Version) *builder {
	b := &builder{contract: c, version: v, token: v.Token, clock: ReferenceTime, names: map[string]bool{}, valid: true}
	if v.AcceptUntil != nil && !ReferenceTime.Before(v.AcceptUntil.Add(-24*time.Hour)) {
		b.clock = v.AcceptUntil.Add(-24 * time.Hour).UTC()
	}
	b.lifetime = time.Hour
	if v.Token.MaxLifetime > 0 {
		b.lifetime = v.Token.MaxLifetime
	}
	b.header = b.headerFor(v.Token.Algorithms[0])
	b.payload = b.validPayload()
	return b
}

// headerFor returns the header of a token signed with alg.
func (b *builder) headerFor(alg string) contracttest.Object {
	h := contracttest.Object{{Name: "alg", Value: alg}}
	if b.token.Type != "" {
		h = append(h, contracttest.Member{Name: "typ", Value: b.token.Type})
	}
	return append(h, contracttest.Member{Name: "kid", Value: contracttest.KeyID(alg)})
}

// issuedAt returns the iat of the valid payload: shortly before the clock,
// and no earlier than half the lifetime before it.
func (b *builder) issuedAt() time.Time {
	return b.clock.Add(-min(10*time.Second, b.lifetime/2))
}

// validPayload returns a payload that every rule of the version accepts,
// with every claim set that a valid value could be found for.
func (b *builder) validPayload() contracttest.Object {
	iat := b.issuedAt()
	p := contracttest.Object{}
	if len(b.token.Issuers) > 0 {
		p = append(p, contracttest.Member{Name: "iss", Value: b.token.Issuers[0]})
	} else {
		p = append(p, contracttest.Member{Name: "iss", Value: "https://issuer.example.com"})
	}
	p = append(p, contracttest.Member{Name: "sub", Value: testSubject})
	if len(b.token.Audience) > 0 {
		p = append(p, contracttest.Member{Name: "aud", Value: []any{b.token.Audience[0]}})
	} else {
		p = append(p, contracttest.Member{Name: "aud", Value: []any{"testgen-audience"}})
	}
	p = append(p,
		contracttest.Member{Name: "iat", Value: iat.Unix()},
		contracttest.Member{Name: "nbf", Value: iat.Unix()},
		contracttest.Member{Name: "exp", Value: iat.Add(b.lifetime).Unix()},
		contracttest.Member{Name: "jti", Value: testID},
	)
	if b.contract.VersionClaim != "" {
		p = append(p, contracttest.Member{Name: b.contract.VersionClaim, Value: int64(b.version.Number)})
	}
	for _, c := range b.version.Claims {
		v, reason := validValue(c)
		if reason != "" {
			b.notes = append(b.notes, reason)
			if c.Required {
				b.valid = false
			}
			continue
		}
		p = append(p, contracttest.Member{Name: c.Name, Value: v})
	}
	return p
}

// add appends a case built from the valid header and payload, which edit
// may change. The name gets a number when it is taken.
func (b *builder) add(name, description string, expect contracttest.Outcome, edit func(c *contracttest.Case)) *contracttest.Case {
	base := name
	for i := 2; b.names[name]; i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	b.names[name] = true
	c := &contracttest.Case{
		Name:        name,
		Description: description,
		Version:     b.version.Number,
		Header:      slices.Clone(b.header),
		Payload:     slices.Clone(b.payload),
		Signing:     contracttest.SignKey,
		Keys:        slices.Clone(b.token.Algorithms),
		Clock:       b.clock,
		Expect:      expect,
		Notes:       b.notes,
	}
	if !b.valid {
		c.Skip = "no valid token can be derived: " + strings.Join(b.notes, "; ")
	}
	if edit != nil {
		edit(c)
	}
	b.cases = append(b.cases, c)
	return c
}

func accept() contracttest.Outcome { return contracttest.Outcome{Accept: true} }

func reject(sentinel, rule, claim string) contracttest.Outcome {
	return contracttest.Outcome{Sentinel: sentinel, Rule: rule, Claim: claim}
}

// build derives every case of the version.
func (b *builder) build() {
	if b.version.Status == spec.StatusRetired {
		b.add("version_retired", "a version with status retired accepts no token", reject(errVersionRetired, "retired", b.contract.VersionClaim), nil)
		return
	}
	b.validCases()
	b.registeredCases()
	b.headerCases()
	b.signatureCases()
	for _, c := range b.version.Claims {
		b.claimCases(c, c.Name, func(payload contracttest.Object, value any, remove bool) contracttest.Object {
			if remove {
				return payload.Delete(c.Name)
			}
			return payload.Set(c.Name, value)
		})
	}
}

// validCases adds the accepted tokens: every claim set, one per allowed
// algorithm, and the audience written both ways.
func (b *builder) validCases() {
	valid := b.add("valid_all_claims", "a token with every claim set is accepted", accept(), nil)
	if b.version != b.contract.Newest() {
		b.attachUpgrade(valid)
	}
	for _, alg := range b.token.Algorithms[1:] {
		b.add("valid_alg_"+alg, "a token signed with "+alg+", which the version allows, is accepted", accept(), func(c *contracttest.Case) {
			c.Header = b.headerFor(alg)
		})
	}
	if len(b.token.Audience) > 0 {
		b.add("aud_string", "aud written as a single string is accepted", accept(), func(c *contracttest.Case) {
			c.Payload = c.Payload.Set("aud", b.token.Audience[0])
		})
		b.add("aud_array", "aud written as an array that names an accepted audience among others is accepted", accept(), func(c *contracttest.Case) {
			c.Payload = c.Payload.Set("aud", []any{wrongAud, b.token.Audience[len(b.token.Audience)-1]})
		})
	}
	if b.contract.VersionClaim != "" && b.contract.Unversioned == b.version.Number {
		b.add("unversioned", fmt.Sprintf("a token without %q is version %d and is accepted", b.contract.VersionClaim, b.version.Number), accept(), func(c *contracttest.Case) {
			c.Payload = c.Payload.Delete(b.contract.VersionClaim)
		})
	}
}

// registeredCases adds the cases of the time, lifetime, issuer, audience
// and require rules.
func (b *builder) registeredCases() {
	t := b.token
	for _, name := range spec.RegisteredClaims {
		rule, sentinel := "", errClaimMissing
		switch {
		case t.Requires(name):
			rule = "required"
		case (name == "exp" || name == "iat") && t.MaxLifetime > 0:
			rule = "required"
		case name == "iss" && len(t.Issuers) > 0:
			rule = "issuer"
		case name == "aud" && len(t.Audience) > 0:
			rule = "audience"
		default:
			continue
		}
		b.add("missing_"+name, name+" is missing", reject(sentinel, rule, name), func(c *contracttest.Case) {
			c.Payload = c.Payload.Delete(name)
		})
	}

	leeway := t.Leeway
	b.add("exp_past_leeway", fmt.Sprintf("exp one second further in the past than the leeway of %s is rejected", leeway), reject(errClaimInvalid, "exp", "exp"), func(c *contracttest.Case) {
		b.setTimes(c, b.clock.Add(-leeway-time.Second))
	})
	b.add("exp_inside_leeway", fmt.Sprintf("exp in the past by one second less than the leeway of %s is accepted", leeway), accept(), func(c *contracttest.Case) {
		b.setTimes(c, b.clock.Add(-leeway+time.Second))
	})
	b.add("nbf_future", fmt.Sprintf("nbf one second further in the future than the leeway of %s is rejected", leeway), reject(errClaimInvalid, "nbf", "nbf"), func(c *contracttest.Case) {
		c.Payload = c.Payload.Set("nbf", b.clock.Add(leeway+time.Second).Unix())
	})
	b.add("iat_future", fmt.Sprintf("iat one second further in the future than the leeway of %s is rejected", leeway), reject(errClaimInvalid, "iat", "iat"), func(c *contracttest.Case) {
		iat := b.clock.Add(leeway + time.Second)
		c.Payload = c.Payload.Set("iat", iat.Unix()).Set("exp", iat.Add(b.lifetime/2).Unix())
	})
	if t.MaxLifetime > 0 {
		b.add("lifetime_too_long", fmt.Sprintf("exp - iat one second over the maximum lifetime of %s is rejected", t.MaxLifetime), reject(errClaimInvalid, "max_lifetime", "exp"), func(c *contracttest.Case) {
			c.Payload = c.Payload.Set("exp", b.issuedAt().Add(t.MaxLifetime+time.Second).Unix())
		})
	}
	if len(t.Issuers) > 0 {
		b.add("wrong_issuer", "an iss that the version does not accept is rejected", reject(errClaimInvalid, "issuer", "iss"), func(c *contracttest.Case) {
			c.Payload = c.Payload.Set("iss", wrongIssuer)
		})
	}
	if len(t.Audience) > 0 {
		b.add("wrong_audience", "an aud that names none of the accepted audiences is rejected", reject(errClaimInvalid, "audience", "aud"), func(c *contracttest.Case) {
			c.Payload = c.Payload.Set("aud", []any{wrongAud})
		})
	}
	if b.version.AcceptUntil != nil {
		b.add("accept_until_passed", "a token verified one second after accept_until is rejected", reject(errVersionRetired, "accept_until", b.contract.VersionClaim), func(c *contracttest.Case) {
			c.Clock = b.version.AcceptUntil.Add(time.Second).UTC()
		})
	}
}

// setTimes sets exp, and iat and nbf one minute earlier (or the whole
// lifetime when it is shorter), so that only exp is out of bounds.
func (b *builder) setTimes(c *contracttest.Case, exp time.Time) {
	iat := exp.Add(-min(b.lifetime, time.Minute))
	c.Payload = c.Payload.Set("exp", exp.Unix()).Set("iat", iat.Unix()).Set("nbf", iat.Unix())
}

// headerCases adds the cases of the typ, alg and crit rules.
func (b *builder) headerCases() {
	t := b.token
	if t.Type != "" {
		b.add("typ_wrong", "a typ header other than "+t.Type+" is rejected", reject(errTypeHeader, "typ", "typ"), func(c *contracttest.Case) {
			c.Header = c.Header.Set("typ", "testgen+wrong")
		})
		b.add("typ_missing", "a token without the typ header is rejected", reject(errTypeHeader, "typ", "typ"), func(c *contracttest.Case) {
			c.Header = c.Header.Delete("typ")
		})
		b.add("typ_media_type", "typ as a media type in upper case, application/"+strings.ToUpper(t.Type)+", is accepted", accept(), func(c *contracttest.Case) {
			c.Header = c.Header.Set("typ", "application/"+strings.ToUpper(t.Type))
		})
	}
	for _, none := range []string{"none", "None", "NONE", "nOnE"} {
		b.add("alg_"+none, "an unsigned token with alg "+none+" is rejected", reject(errAlgorithmNotAllowed, "alg", "alg"), func(c *contracttest.Case) {
			c.Header = c.Header.Set("alg", none)
			c.Signing = contracttest.SignFixed
		})
	}
	if other := b.otherAlgorithm(); other != "" {
		b.add("alg_not_allowed", "a token signed with "+other+", which the version does not allow, is rejected", reject(errAlgorithmNotAllowed, "alg", "alg"), func(c *contracttest.Case) {
			c.Header = b.headerFor(other)
			c.Keys = append(c.Keys, other)
		})
	}
	b.add("crit_unknown", "a crit header naming an extension the verifier does not know is rejected", reject(errHeaderInvalid, "crit", "crit"), func(c *contracttest.Case) {
		c.Header = c.Header.Set("crit", []any{"testgen-ext"}).Set("testgen-ext", true)
	})
}

// otherAlgorithm returns an algorithm that the version does not allow,
// from the same family as its first one when there is such.
func (b *builder) otherAlgorithm() string {
	first := b.token.Algorithms[0]
	var fallback string
	for _, alg := range spec.Algorithms {
		if slices.Contains(b.token.Algorithms, alg) {
			continue
		}
		if alg[:2] == first[:2] {
			return alg
		}
		if fallback == "" {
			fallback = alg
		}
	}
	return fallback
}

// signatureCases adds the cases of the key and signature checks and of
// duplicate claims.
func (b *builder) signatureCases() {
	first := b.token.Algorithms[0]
	if !spec.IsHMAC(first) {
		b.add("hmac_with_public_key", "an HS256 token whose secret is the version's "+first+" public key is rejected", reject(errAlgorithmNotAllowed, "alg", "alg"), func(c *contracttest.Case) {
			c.Header = c.Header.Set("alg", "HS256")
			c.Signing = contracttest.SignHMACPublicKey
		})
	}
	b.add("kid_unknown", "a token whose kid names no key of the verifier is rejected", reject(errKeyNotFound, "kid", "kid"), func(c *contracttest.Case) {
		c.Header = c.Header.Set("kid", unknownKeyID)
	})
	b.add("signature_tampered", "a token whose signature has one bit flipped is rejected", reject(errSignatureInvalid, "signature", ""), func(c *contracttest.Case) {
		c.Signing = contracttest.SignTampered
	})
	b.add("duplicate_claim", "a payload that names sub twice is rejected", reject(errClaimInvalid, "duplicate", "sub"), func(c *contracttest.Case) {
		raw, err := contracttest.Object(c.Payload).MarshalJSON()
		if err != nil {
			c.Skip = "the payload does not encode as JSON: " + err.Error()
			return
		}
		c.PayloadRaw = `{"sub":"testgen-duplicate",` + string(raw[1:])
		c.Payload = nil
	})
}
