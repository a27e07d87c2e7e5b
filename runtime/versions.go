package runtime

import (
	"context"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// VersionSet lists the versions of one contract that a multi-version
// verifier accepts. Generated code declares one VersionSet per contract.
type VersionSet struct {
	// Contract is the contract name, such as "OrdersAccess".
	Contract string
	// VersionClaim names the payload claim carrying the version number. It
	// is empty when the contract has a single version and no version
	// claim, and then every token is version Unversioned.
	VersionClaim string
	// Unversioned is the version of tokens without VersionClaim; 0
	// rejects such tokens.
	Unversioned int
	// Versions are the rules of each version, in ascending order.
	Versions []*Rules
}

// SelectVersion returns the rules, from set, of the version that t claims:
// the value of set.VersionClaim as a JSON number or a decimal string, or
// set.Unversioned when t lacks that claim. It checks no signature and no
// other claim: pass the rules it returns to VerifyToken with the same
// token.
//
// Every error is a *ValidationError with set.Contract, and it is reported
// to the observer and the logger as a rejection:
//
//   - ErrVersionUnknown, rule "version", when the claim is absent and
//     set.Unversioned is 0, when it is not a non-negative integer, or when
//     it names no version of set. The detail of the last case lists the
//     versions accepted at the verifier's clock, as in
//     "token is version 7; accepted versions are 1, 2, 3".
//   - ErrVersionRetired, rule "retired", when the version is Retired, or
//     rule "accept_until", when the verifier's clock is at or after its
//     AcceptUntil.
func (v *Verifier) SelectVersion(ctx context.Context, t *Token, set *VersionSet) (*Rules, error) {
	rules, err := v.selectVersion(t, set)
	if err != nil {
		contract, version := "", 0
		if set != nil {
			contract = set.Contract
		}
		if rules != nil {
			version = rules.Version
		}
		v.cfg.reportOutcome(ctx, contract, version, t, err)
		return nil, err
	}
	return rules, nil
}

// ParseVersion parses token and selects its version from set: it is Parse
// followed by SelectVersion. Unlike Parse, it fills in set.Contract in a
// parse error and reports that error to the observer and the logger, as
// Verify does.
func (v *Verifier) ParseVersion(ctx context.Context, token string, set *VersionSet) (*Token, *Rules, error) {
	t, err := v.Parse(token)
	if err != nil {
		contract := ""
		if set != nil {
			contract = set.Contract
			var ve *ValidationError
			if errors.As(err, &ve) {
				ve.Contract = contract
			}
		}
		v.cfg.reportOutcome(ctx, contract, 0, nil, err)
		return nil, nil, err
	}
	rules, err := v.SelectVersion(ctx, t, set)
	if err != nil {
		return nil, nil, err
	}
	return t, rules, nil
}

// selectVersion does the work of SelectVersion. With an error, it returns
// the rules of the claimed version when set has them, for the report.
func (v *Verifier) selectVersion(t *Token, set *VersionSet) (*Rules, error) {
	if set == nil {
		return nil, &ValidationError{Rule: "rules", Detail: "no version set given", Err: ErrVersionUnknown}
	}
	if t == nil {
		return nil, set.newError("", "malformed", "no token given", jwt.ErrTokenMalformed)
	}

	n := set.Unversioned
	if set.VersionClaim != "" {
		raw, found := lookupMember(t.members, set.VersionClaim)
		switch {
		case found:
			var ok bool
			if n, ok = versionClaimValue(raw); !ok {
				return nil, set.newError(set.VersionClaim, "version", notVersionNumber, ErrVersionUnknown)
			}
		case n == 0:
			return nil, set.newError(set.VersionClaim, "version", fmt.Sprintf("token has no %q claim", set.VersionClaim), ErrVersionUnknown)
		}
	} else if n == 0 {
		return nil, set.newError("", "version", "the version set names neither a version claim nor an unversioned version", ErrVersionUnknown)
	}

	now := v.cfg.now()
	rules := set.version(n)
	if rules == nil {
		detail := fmt.Sprintf("token is version %d; %s", n, set.acceptedVersions(now))
		return nil, set.newError(set.VersionClaim, "version", detail, ErrVersionUnknown)
	}
	c := checker{rules: rules}
	if err := c.checkAcceptable(now); err != nil {
		if err.Contract == "" {
			err.Contract = set.Contract
		}
		return rules, err
	}
	return rules, nil
}

// version returns the rules of version n, or nil.
func (s *VersionSet) version(n int) *Rules {
	for _, r := range s.Versions {
		if r != nil && r.Version == n {
			return r
		}
	}
	return nil
}

// acceptedVersions describes the versions of s that are neither retired
// nor past their AcceptUntil at now.
func (s *VersionSet) acceptedVersions(now time.Time) string {
	var numbers []string
	for _, r := range s.Versions {
		if r == nil || r.Retired || !r.AcceptUntil.IsZero() && !now.Before(r.AcceptUntil) {
			continue
		}
		numbers = append(numbers, strconv.Itoa(r.Version))
	}
	switch len(numbers) {
	case 0:
		return "no version is accepted"
	case 1:
		return "the accepted version is " + numbers[0]
	}
	return "accepted versions are " + strings.Join(numbers, ", ")
}

func (s *VersionSet) newError(claim, rule, detail string, err error) *ValidationError {
	return &ValidationError{Contract: s.Contract, Claim: claim, Rule: rule, Detail: detail, Err: err}
}
