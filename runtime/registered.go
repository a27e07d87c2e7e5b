package runtime

import (
	"fmt"
	"slices"
	"time"
)

// checkRegistered applies the time, lifetime, issuer and audience rules to
// the registered claims at time now with the given leeway.
func (c *checker) checkRegistered(reg registeredValues, now time.Time, leeway time.Duration) {
	if reg.exp.state == claimPresent && !now.Before(reg.exp.at.Add(leeway)) {
		c.fail("exp", "exp", fmt.Sprintf("token is expired (leeway %s)", leeway), ErrClaimInvalid)
	}
	if reg.nbf.state == claimPresent && now.Before(reg.nbf.at.Add(-leeway)) {
		c.fail("nbf", "nbf", fmt.Sprintf("token is not valid yet (leeway %s)", leeway), ErrClaimInvalid)
	}
	if reg.iat.state == claimPresent && reg.iat.at.After(now.Add(leeway)) {
		c.fail("iat", "iat", fmt.Sprintf("token was issued in the future (leeway %s)", leeway), ErrClaimInvalid)
	}

	if limit := c.rules.MaxLifetime; limit > 0 {
		if reg.exp.state == claimAbsent {
			c.missing("exp", "exp is required because the contract limits the token lifetime")
		}
		if reg.iat.state == claimAbsent {
			c.missing("iat", "iat is required because the contract limits the token lifetime")
		}
		if reg.exp.state == claimPresent && reg.iat.state == claimPresent && reg.exp.at.Sub(reg.iat.at) > limit {
			c.fail("exp", "max_lifetime", fmt.Sprintf("exp - iat exceeds the maximum lifetime of %s", limit), ErrClaimInvalid)
		}
	}

	if len(c.rules.Issuers) > 0 {
		switch reg.iss.state {
		case claimAbsent:
			if !c.reportedMissing("iss") {
				c.fail("iss", "issuer", "iss is missing", ErrClaimMissing)
			}
		case claimPresent:
			if !slices.Contains(c.rules.Issuers, reg.iss.value) {
				c.fail("iss", "issuer", fmt.Sprintf("iss is not one of %q", c.rules.Issuers), ErrClaimInvalid)
			}
		}
	}

	if len(c.rules.Audience) > 0 {
		switch reg.aud.state {
		case claimAbsent:
			if !c.reportedMissing("aud") {
				c.fail("aud", "audience", "aud is missing", ErrClaimMissing)
			}
		case claimPresent:
			if !c.audienceAccepted(reg.aud.raw) {
				c.fail("aud", "audience", fmt.Sprintf("aud names none of %q", c.rules.Audience), ErrClaimInvalid)
			}
		}
	}
}

// audienceAccepted reports whether aud, a string or an array of strings,
// names one of the accepted audiences.
func (c *checker) audienceAccepted(aud []byte) bool {
	if aud[0] == '"' {
		s, _ := stringValue(aud)
		return slices.Contains(c.rules.Audience, s)
	}
	items := newArrayItems(aud)
	for item, ok := items.next(); ok; item, ok = items.next() {
		if s, ok := stringValue(item); ok && slices.Contains(c.rules.Audience, s) {
			return true
		}
	}
	return false
}
