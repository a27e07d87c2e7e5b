package runtime

import (
	"errors"
	"net/mail"
	"net/url"
)

// Violations collects the failed rules of a Validate call. Generated
// Validate methods add one entry per failed rule and return Err.
type Violations struct {
	Contract string
	Version  int
	errs     []error
}

// Missing records that a required claim is absent, as an error wrapping
// ErrClaimMissing with rule "required".
func (v *Violations) Missing(claim string) {
	v.errs = append(v.errs, &ValidationError{
		Contract: v.Contract,
		Version:  v.Version,
		Claim:    claim,
		Rule:     "required",
		Detail:   "required claim is missing",
		Err:      ErrClaimMissing,
	})
}

// Invalid records that claim breaks rule, as an error wrapping
// ErrClaimInvalid. The detail says what was expected and must not contain
// the claim's value.
func (v *Violations) Invalid(claim, rule, detail string) {
	v.errs = append(v.errs, &ValidationError{
		Contract: v.Contract,
		Version:  v.Version,
		Claim:    claim,
		Rule:     rule,
		Detail:   detail,
		Err:      ErrClaimInvalid,
	})
}

// Err returns nil when nothing was recorded, or the recorded
// *ValidationError values joined with errors.Join.
func (v *Violations) Err() error { return errors.Join(v.errs...) }

// IsURL reports whether s is an absolute URL with a scheme and a host.
func IsURL(s string) bool {
	u, err := url.Parse(s)
	return err == nil && u.Scheme != "" && u.Host != ""
}

// IsEmail reports whether s is one email address (RFC 5322 addr-spec)
// without a display name or angle brackets.
func IsEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Name == "" && addr.Address == s
}

// IsUUID reports whether s is a UUID in the textual form of RFC 9562 §4:
// 32 hexadecimal digits, in either case, grouped 8-4-4-4-12 by hyphens.
func IsUUID(s string) bool {
	if len(s) != 36 {
		return false
	}
	for i := 0; i < len(s); i++ {
		switch i {
		case 8, 13, 18, 23:
			if s[i] != '-' {
				return false
			}
		default:
			if !isHex(s[i]) {
				return false
			}
		}
	}
	return true
}
