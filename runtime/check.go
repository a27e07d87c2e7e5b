package runtime

import (
	"errors"
	"fmt"
	"slices"
)

// checker collects the failed rules of one token against the Rules of one
// contract version.
type checker struct {
	rules *Rules
	errs  []error
}

func (c *checker) fail(claim, rule, detail string, err error) {
	c.errs = append(c.errs, c.newError(claim, rule, detail, err))
}

func (c *checker) newError(claim, rule, detail string, err error) *ValidationError {
	return &ValidationError{
		Contract: c.rules.Contract,
		Version:  c.rules.Version,
		Claim:    claim,
		Rule:     rule,
		Detail:   detail,
		Err:      err,
	}
}

// missing records a missing claim once, however many rules require it.
func (c *checker) missing(claim, detail string) {
	if !c.reportedMissing(claim) {
		c.fail(claim, "required", detail, ErrClaimMissing)
	}
}

// reportedMissing reports whether claim was recorded as missing already.
func (c *checker) reportedMissing(claim string) bool {
	for _, err := range c.errs {
		if ve, ok := err.(*ValidationError); ok && ve.Rule == "required" && ve.Claim == claim {
			return true
		}
	}
	return false
}

// addValidation records the error of a Validate method. Its
// *ValidationError values are kept, with the contract and version filled
// in where empty; any other error becomes a "validate" failure wrapping
// ErrClaimInvalid.
func (c *checker) addValidation(err error) {
	for _, ve := range validationErrors(err) {
		if ve.Rule == "" {
			c.errs = append(c.errs, c.newError("", "validate", ve.Detail, fmt.Errorf("%w: %w", ErrClaimInvalid, ve.Err)))
			continue
		}
		if ve.Contract == "" {
			ve.Contract, ve.Version = c.rules.Contract, c.rules.Version
		}
		c.errs = append(c.errs, ve)
	}
}

// err returns nil, the one failure, or all failures joined.
func (c *checker) err() error {
	switch len(c.errs) {
	case 0:
		return nil
	case 1:
		return c.errs[0]
	}
	return errors.Join(slices.Clone(c.errs)...)
}
