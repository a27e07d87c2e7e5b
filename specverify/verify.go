package specverify

import (
	"context"

	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// Verifier verifies tokens against a contract loaded at run time. It is
// safe for concurrent use when its key source is.
type Verifier struct {
	contract *spec.Contract
	set      *runtime.VersionSet
	runtime  *runtime.Verifier
	// signed is false when the verifier has no keys and so checks
	// everything but the key and the signature.
	signed bool
}

// New returns a verifier of tokens of contract c that finds keys in keys
// and is configured by opts, which runtime.NewVerifier takes. A nil keys
// makes a verifier that checks every rule but the key and the signature.
func New(c *spec.Contract, keys runtime.KeySource, opts ...runtime.Option) *Verifier {
	return &Verifier{
		contract: c,
		set:      VersionSet(c),
		runtime:  runtime.NewVerifier(keys, opts...),
		signed:   keys != nil,
	}
}

// Contract returns the contract of the verifier.
func (v *Verifier) Contract() *spec.Contract { return v.contract }

// ChecksSignatures reports whether the verifier has keys and so checks the
// key and the signature of each token.
func (v *Verifier) ChecksSignatures() bool { return v.signed }

// Result is the outcome of checking one token, rule group by rule group.
type Result struct {
	// Token is the parsed token, or nil when it did not parse.
	Token *runtime.Token
	// Version is the contract version the token claims, or nil when the
	// token did not parse or names no version of the contract.
	Version *spec.Version

	// Parse is the error of runtime.Verifier.Parse, or nil.
	Parse error
	// Header is the first failure of the alg, typ, version and accept
	// window rules, or nil. It is nil too when the token did not parse.
	Header error
	// Signature is the failure of the key lookup or of the signature
	// check, or nil. It is nil too when SignatureChecked is false.
	Signature        error
	SignatureChecked bool
	// Claims are the failures of the shape, registered and claim rules,
	// joined, or nil.
	Claims error
	// Values are the decoded claims, or nil when the token did not reach
	// the claim rules or its payload did not decode.
	Values *Claims
	// Upgrade is the failure of upgrading Values to the newest version,
	// which the generated Verify returns as its verdict, or nil. Verify and
	// Verdict try the upgrade only for a token that passed every other
	// rule.
	Upgrade error

	// Err is the verdict, the error that the generated verifier returns:
	// the first of Parse, Header, Signature, Claims and Upgrade. Without
	// keys it is the verdict of every rule but the key and the signature.
	Err error

	// all is set when every rule group runs, even after a failure.
	all bool
}

// Verify checks token as a token of any version of the contract, and
// upgrades its claims to the newest version, as the generated
// VerifyVersion method does. The
// version comes from the version claim, and a retired or unknown version
// is rejected before any other rule. Unlike the generated verifier, Verify
// runs every rule group even after one failed, so that a report can show
// them all. Err is still the first failure.
func (v *Verifier) Verify(ctx context.Context, token string) *Result {
	return v.verify(ctx, token, true)
}

// Verdict checks token as Verify does, but stops at the first rule group
// that fails, as the generated verifier does. The groups after it are left
// nil, and so are Values when the claim rules did not run. It is the
// faster choice when only Err matters.
func (v *Verifier) Verdict(ctx context.Context, token string) *Result {
	return v.verify(ctx, token, false)
}

func (v *Verifier) verify(ctx context.Context, token string, all bool) *Result {
	r := &Result{SignatureChecked: v.signed, all: all}
	t, err := v.runtime.Parse(token)
	if err != nil {
		r.Parse = withContract(err, v.contract.Name, 0)
		r.Err = r.Parse
		return r
	}
	r.Token = t
	r.Version = v.claimedVersion(t)
	rules, err := v.runtime.SelectVersion(ctx, t, v.set)
	if err != nil {
		r.Header = err
		r.Err = err
		switch {
		case !all:
		case r.Version != nil:
			v.checkRest(ctx, r, v.rules(r.Version))
		case v.signed:
			r.Signature = withContract(v.runtime.CheckSignature(ctx, t), v.contract.Name, 0)
		}
		return r
	}
	v.check(ctx, r, rules)
	if r.Err == nil && r.Values != nil && r.Version != v.contract.Newest() {
		if _, err := Upgrade(v.contract, r.Values); err != nil {
			r.Upgrade = err
			r.Err = err
		}
	}
	return r
}

// VerifyVersion checks token as a token of version n only, as the
// generated VerifyVn method does.
func (v *Verifier) VerifyVersion(ctx context.Context, token string, n int) *Result {
	r := &Result{SignatureChecked: v.signed, all: true}
	version := v.contract.Version(n)
	if version == nil {
		r.Err = &runtime.ValidationError{Contract: v.contract.Name, Rule: "version", Detail: "the contract has no such version", Err: runtime.ErrVersionUnknown}
		return r
	}
	rules := v.rules(version)
	t, err := v.runtime.Parse(token)
	if err != nil {
		r.Parse = withContract(err, v.contract.Name, n)
		r.Err = r.Parse
		return r
	}
	r.Token, r.Version = t, version
	v.check(ctx, r, rules)
	return r
}

// rules returns the rules of version.
func (v *Verifier) rules(version *spec.Version) *runtime.Rules {
	for _, r := range v.set.Versions {
		if r.Version == version.Number {
			return r
		}
	}
	return nil
}

// check runs the header, signature and claim rules of rules on r.Token and
// sets the verdict.
func (v *Verifier) check(ctx context.Context, r *Result, rules *runtime.Rules) {
	r.Header = v.runtime.CheckHeader(r.Token, rules)
	v.checkRest(ctx, r, rules)
	for _, err := range []error{r.Header, r.Signature, r.Claims} {
		if err != nil {
			r.Err = err
			return
		}
	}
}

// checkRest runs the signature and claim rules, which do not depend on
// the header rules. Unless r.all is set, it runs none of them after a
// failure.
func (v *Verifier) checkRest(ctx context.Context, r *Result, rules *runtime.Rules) {
	if r.Header != nil && !r.all {
		return
	}
	if v.signed {
		r.Signature = withContract(v.runtime.CheckSignature(ctx, r.Token), rules.Contract, rules.Version)
		if r.Signature != nil && !r.all {
			return
		}
	}
	version := v.contract.Version(rules.Version)
	claims := NewClaims(v.contract.Name, version)
	r.Claims = v.runtime.CheckClaims(r.Token, rules, claims)
	if claims.decoded {
		r.Values = claims
	}
}

// claimedVersion returns the version that t names in the version claim,
// or the unversioned version when it has none, or nil.
func (v *Verifier) claimedVersion(t *runtime.Token) *spec.Version {
	c := v.contract
	if c.VersionClaim == "" {
		return c.Version(c.Unversioned)
	}
	raw, ok := t.Claim(c.VersionClaim)
	if !ok {
		return c.Version(c.Unversioned)
	}
	if len(raw) >= 2 && raw[0] == '"' {
		raw = raw[1 : len(raw)-1]
	}
	if len(raw) == 0 || len(raw) > 9 {
		return nil
	}
	n := 0
	for _, b := range raw {
		if b < '0' || b > '9' {
			return nil
		}
		n = n*10 + int(b-'0')
	}
	return c.Version(n)
}

// withContract fills the contract and version of the *ValidationError
// values in err where they are empty, and returns err.
func withContract(err error, contract string, version int) error {
	for _, ve := range validationErrors(err) {
		if ve.Contract == "" {
			ve.Contract, ve.Version = contract, version
		}
	}
	return err
}

// Failures returns every failed rule of err, in order. An error that is
// not a *runtime.ValidationError becomes one with only a detail.
func Failures(err error) []*runtime.ValidationError {
	out := validationErrors(err)
	if out == nil && err != nil {
		out = []*runtime.ValidationError{{Detail: err.Error(), Err: err}}
	}
	return out
}
