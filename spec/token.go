package spec

import (
	"fmt"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"
)

// Algorithms lists the JWS "alg" values (RFC 7518 §3.1 and RFC 8037 §3.1) a
// contract may allow, in the order the documentation presents them.
var Algorithms = []string{
	"HS256", "HS384", "HS512",
	"RS256", "RS384", "RS512",
	"PS256", "PS384", "PS512",
	"ES256", "ES384", "ES512",
	"EdDSA",
}

// IsHMAC reports whether alg is one of the HMAC algorithms, which verify
// with a shared secret rather than a public key.
func IsHMAC(alg string) bool {
	return strings.HasPrefix(alg, "HS")
}

// Rule IDs of loader errors that a tool may want to group or explain.
const (
	// RuleAlgorithmNone marks "none" in algorithms: an unsigned token must
	// never be accepted.
	RuleAlgorithmNone = "ALGORITHM_NONE"
	// RuleAlgorithmFamiliesMixed marks a version that allows both HMAC and
	// asymmetric algorithms, because a key of one family must never verify
	// the other.
	RuleAlgorithmFamiliesMixed = "ALGORITHM_FAMILIES_MIXED"
	// RuleRequiredClaimAdded marks a required claim that tokens of the
	// previous version lack, with nothing to fill it when upgrading them.
	RuleRequiredClaimAdded = "REQUIRED_CLAIM_ADDED"
	// RuleClaimTypeIncompatible marks a claim copied or renamed from a
	// claim of the previous version whose type does not convert to its
	// own, such as number to int.
	RuleClaimTypeIncompatible = "CLAIM_TYPE_INCOMPATIBLE"
)

var (
	tokenKeys = []string{"typ", "algorithms", "issuer", "audience", "max_lifetime", "leeway", "require"}
	// upgradableClaims are the registered claims a version's upgrade section
	// may fill.
	upgradableClaims = []string{"iss", "sub", "aud", "jti"}
	upgradeKeys      = []string{"from", "default"}
)

func (p *parser) parseToken(n *yaml.Node, label string) Token {
	n = p.resolve(n)
	if n == nil {
		return Token{}
	}
	t := Token{Pos: p.pos(n), At: Positions{}}
	m := p.mappingOf(n, "token of "+label, tokenKeys)
	if m == nil {
		return t
	}
	t.At = p.positions(m)

	if v := m.get("typ"); v != nil {
		t.Type, _ = p.nonEmptyStr(v, "typ of "+label)
	}
	if v := p.requireKey(m, "algorithms", "token of "+label, "list the algorithms the issuer signs with, e.g. algorithms: [ES256]"); v != nil {
		t.Algorithms = p.algorithms(v, label)
	}
	if v := m.get("issuer"); v != nil {
		t.Issuers = p.stringOrList(v, "issuer of "+label)
	}
	if v := m.get("audience"); v != nil {
		t.Audience = p.stringOrList(v, "audience of "+label)
	}
	if v := m.get("max_lifetime"); v != nil {
		if d, ok := p.duration(v, "max_lifetime of "+label); ok {
			if d == 0 {
				p.errorf(v, "leave max_lifetime out to leave the lifetime unbounded", "max_lifetime of %s must be greater than 0, got %s", label, describe(v))
			}
			t.MaxLifetime = d
		}
	}
	if v := m.get("leeway"); v != nil {
		t.Leeway, _ = p.duration(v, "leeway of "+label)
	}
	if v := m.get("require"); v != nil {
		t.Require = p.require(v, label)
	}
	return t
}

// algorithms reads the allowlist of a version: known names only, never
// "none", no duplicates and one family.
func (p *parser) algorithms(n *yaml.Node, label string) []string {
	items, ok := p.list(n, "algorithms of "+label)
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errorf(n, "list the algorithms the issuer signs with, e.g. [ES256]", "algorithms of %s must list at least one algorithm", label)
		return nil
	}

	var algs []string
	var hmac, asymmetric *yaml.Node
	for _, item := range items {
		alg, ok := p.str(item, "algorithm in "+label)
		if !ok {
			continue
		}
		switch {
		case strings.EqualFold(alg, "none"):
			p.report(p.pos(item), RuleAlgorithmNone, "list signing algorithms only, e.g. ES256", "algorithm %q is not allowed: unsigned tokens are never accepted", alg)
			continue
		case !slices.Contains(Algorithms, alg):
			p.errorf(item, algorithmHint(alg), "unknown algorithm %q", alg)
			continue
		case slices.Contains(algs, alg):
			p.errorf(item, "remove the second one", "duplicate algorithm %q in %s", alg, label)
			continue
		}
		algs = append(algs, alg)
		if IsHMAC(alg) && hmac == nil {
			hmac = item
		}
		if !IsHMAC(alg) && asymmetric == nil {
			asymmetric = item
		}
	}

	if hmac != nil && asymmetric != nil {
		second := asymmetric
		if hmac.Line > asymmetric.Line || hmac.Line == asymmetric.Line && hmac.Column > asymmetric.Column {
			second = hmac
		}
		p.report(p.pos(second), RuleAlgorithmFamiliesMixed,
			"keep one family per version: an HMAC secret must never verify an asymmetric signature, nor a public key an HMAC one",
			"algorithms of %s mix HMAC %q and asymmetric %q", label, hmac.Value, asymmetric.Value)
	}
	return algs
}

// algorithmHint names the known algorithm that alg misspells by case, or
// lists them all.
func algorithmHint(alg string) string {
	for _, known := range Algorithms {
		if strings.EqualFold(alg, known) {
			return fmt.Sprintf("did you mean %q?", known)
		}
	}
	return "use one of " + strings.Join(Algorithms, ", ")
}

func (p *parser) require(n *yaml.Node, label string) []string {
	items, ok := p.list(n, "require of "+label)
	if !ok {
		return nil
	}
	var names []string
	for _, item := range items {
		name, ok := p.str(item, "claim in require of "+label)
		if !ok {
			continue
		}
		switch {
		case !IsRegistered(name):
			p.errorf(item, suggest(name, RegisteredClaims, "require lists registered claims: "+strings.Join(RegisteredClaims, ", ")),
				"unknown registered claim %q in require of %s", name, label)
		case slices.Contains(names, name):
			p.errorf(item, "remove the second one", "duplicate claim %q in require of %s", name, label)
		default:
			names = append(names, name)
		}
	}
	return names
}

// parseRegisteredUpgrades reads a version's upgrade section, which fills
// registered claims from the previous version's claims.
func (p *parser) parseRegisteredUpgrades(n *yaml.Node, label string, prev *Version) []*RegisteredUpgrade {
	subject := "upgrade of " + label
	m := p.mappingOf(n, subject, nil)
	if m == nil {
		return nil
	}
	if prev == nil {
		p.errorf(m.node, "remove upgrade: it fills registered claims of tokens of an earlier version", "%s has an upgrade section, but it is the first version", label)
		return nil
	}

	var upgrades []*RegisteredUpgrade
	for _, f := range m.fields {
		if !slices.Contains(upgradableClaims, f.name) {
			hint := suggest(f.name, upgradableClaims, "upgrade fills iss, sub, aud or jti")
			if IsRegistered(f.name) {
				hint = "exp, nbf and iat are kept from the token being upgraded"
			}
			p.errorf(f.key, hint, "upgrade of %s cannot fill %q", label, f.name)
			continue
		}
		if u := p.registeredUpgrade(f, label, prev); u != nil {
			upgrades = append(upgrades, u)
		}
	}
	return upgrades
}

// registeredUpgrade reads "sub: hook" or "sub: {from: uid, default: x}".
func (p *parser) registeredUpgrade(f field, label string, prev *Version) *RegisteredUpgrade {
	u := &RegisteredUpgrade{Pos: p.pos(f.key), At: Positions{}, Claim: f.name}
	subject := fmt.Sprintf("upgrade of %q in %s", f.name, label)

	if f.value.Kind == yaml.ScalarNode {
		if isScalar(f.value, tagStr) && f.value.Value == "hook" {
			u.Hook = true
			return u
		}
		p.errorf(f.value, "write hook, or a mapping such as {from: uid}", "%s must be hook or a mapping with from or default, got %s", subject, describe(f.value))
		return nil
	}

	m := p.mappingOf(f.value, subject, upgradeKeys)
	if m == nil {
		return nil
	}
	u.At = p.positions(m)
	if len(m.node.Content) == 0 {
		p.errorf(m.node, fmt.Sprintf("add from: naming a claim of %s, or default:", prev.label()), "%s needs from or default", subject)
		return nil
	}

	if n := m.get("from"); n != nil {
		if name, ok := p.nonEmptyStr(n, "from of "+subject); ok {
			u.From = name
			p.registeredFrom(n, f.name, name, subject, prev)
		}
	}
	if n := m.get("default"); n != nil {
		u.Default, u.HasDefault = p.registeredDefault(n, f.name, subject)
	}
	return u
}

// registeredFrom checks that the claim a registered claim is filled from
// exists in the previous version and holds strings.
func (p *parser) registeredFrom(n *yaml.Node, registered, name, subject string, prev *Version) {
	source := prev.Claim(name)
	if source == nil {
		p.errorf(n, namesHint(name, prev.Claims, prev.label()), "from %q of %s names no claim of %s", name, subject, prev.label())
		return
	}
	if source.Kind == "" {
		return
	}
	fits := isStringLike(source.Kind)
	if registered == "aud" && source.Kind == KindArray {
		fits = isStringLike(source.Elem)
	}
	if !fits {
		want := "a string claim (string, url, email, uuid or enum)"
		if registered == "aud" {
			want = "a string claim or an array of them"
		}
		p.errorf(n, fmt.Sprintf("name %s, or write %s: hook", want, registered),
			"from %q of %s has type %s, which cannot fill %q", name, subject, typeName(source), registered)
	}
}

// registeredDefault reads the default of a registered claim: a string, or
// for aud a string or a list of strings.
func (p *parser) registeredDefault(n *yaml.Node, registered, subject string) (any, bool) {
	if registered == "aud" && n.Kind == yaml.SequenceNode {
		values := p.stringOrList(n, "default of "+subject)
		if values == nil {
			return nil, false
		}
		out := make([]any, len(values))
		for i, v := range values {
			out[i] = v
		}
		return out, true
	}
	s, ok := p.nonEmptyStr(n, "default of "+subject)
	return s, ok
}
