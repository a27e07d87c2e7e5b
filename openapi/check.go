package openapi

import (
	"fmt"
	"slices"

	"github.com/jwtgen/jwtgen/spec"
)

// check cross-checks the operations' security against the schemes and
// their contracts.
func (r *reader) check(d *Document) {
	used := map[*Contract]map[string]bool{}
	for _, c := range d.Contracts {
		used[c] = map[string]bool{}
	}
	ids := map[string]*Operation{}
	for _, op := range d.Operations {
		if first, dup := ids[op.ID]; dup && op.ID != "" {
			r.report(spec.SeverityError, op.Pos, RuleOperationIDDuplicate, "give each operation its own operationId",
				"operationId %q of %s %s is also the operationId of %s %s at line %d", op.ID, op.Method, op.Path, first.Method, first.Path, first.Pos.Line)
		} else {
			ids[op.ID] = op
		}
		r.checkOperation(d, op, used)
	}
	for _, c := range d.Contracts {
		for _, scope := range declaredScopes(c) {
			if !used[c][scope] {
				r.report(spec.SeverityWarning, c.At, RuleScopeUnused, "require it in an operation's security, or remove it from the contract",
					"scope %q of contract %s is required by no operation", scope, c.Name)
			}
		}
	}
}

// checkOperation checks one operation and records the scopes it uses.
func (r *reader) checkOperation(d *Document, op *Operation, used map[*Contract]map[string]bool) {
	contracts := op.contracts(d)
	if len(contracts) > 0 && op.ID == "" {
		r.report(spec.SeverityError, op.Pos, RuleOperationIDMissing, "add an operationId, which the generated code looks the requirement up by",
			"operation %s %s requires a token of contract %s but has no operationId", op.Method, op.Path, contracts[0].Name)
	}

	ignored := map[string]bool{}
	for _, req := range op.Security {
		var first *Contract
		for _, s := range req.Schemes {
			scheme := d.scheme(s.Name)
			switch {
			case scheme == nil:
				if !op.Inherited || op == firstInheriting(d) {
					r.report(spec.SeverityError, s.Pos, RuleSchemeUndefined, "declare it under components.securitySchemes, or fix the name",
						"%s names security scheme %q, which components.securitySchemes does not declare", requirementOwner(op), s.Name)
				}
				continue
			case scheme.Contract == nil:
				if len(contracts) > 0 && !ignored[s.Name] {
					ignored[s.Name] = true
					r.report(spec.SeverityWarning, s.Pos, RuleSchemeIgnored, fmt.Sprintf("check %q in the service, or give the scheme an %s", s.Name, ContractExtension),
						"%s accepts security scheme %q, which has no %s, so its generated requirement leaves that scheme out", op.label(), s.Name, ContractExtension)
				}
				continue
			}

			c := scheme.Contract
			if first == nil {
				first = c
			} else if first != c {
				r.report(spec.SeverityError, s.Pos, RuleContractsCombined, "list the schemes as separate requirement objects, which the operation accepts one at a time",
					"a requirement object of %s needs tokens of contracts %s and %s at once, but a request carries one bearer token", op.label(), first.Name, c.Name)
				continue
			}
			r.checkScopes(op, c, s, used[c])
		}
	}
}

// checkScopes reports the scopes of s that contract c does not declare.
func (r *reader) checkScopes(op *Operation, c *Contract, s SchemeScopes, used map[string]bool) {
	newest := c.Newest()
	claim := scopesClaim(newest)
	for _, scope := range s.Scopes {
		used[scope.Name] = true
		switch {
		case !isScopeToken(scope.Name):
			r.report(spec.SeverityError, scope.Pos, RuleScopeInvalid, "a scope is printable ASCII without spaces, double quotes or backslashes (RFC 6749 §3.3)",
				"%s requires scope %q, which is not a valid scope token", op.label(), scope.Name)
		case claim == nil:
			r.report(spec.SeverityError, scope.Pos, RuleScopeUndeclared, "add a claim of type scopes to the contract, or remove the scope",
				"%s requires scope %q, but version %d of contract %s has no scopes claim", op.label(), scope.Name, newest.Number, c.Name)
		case len(claim.Values) > 0 && !slices.Contains(claim.Values, scope.Name):
			r.report(spec.SeverityError, scope.Pos, RuleScopeUndeclared,
				fmt.Sprintf("add it to the values of claim %q of version %d, or fix the name", claim.Name, newest.Number),
				"%s requires scope %q, which version %d of contract %s does not declare", op.label(), scope.Name, newest.Number, c.Name)
		}
	}
}

// firstInheriting returns the first operation that inherits the root
// security, so that a problem of the root security is reported once.
func firstInheriting(d *Document) *Operation {
	for _, op := range d.Operations {
		if op.Inherited {
			return op
		}
	}
	return nil
}

// requirementOwner names where a requirement is written: the operation,
// or the root security.
func requirementOwner(op *Operation) string {
	if op.Inherited {
		return "the root security"
	}
	return op.label()
}

// contracts returns the contracts of the schemes that op's security
// names, in order of first use.
func (op *Operation) contracts(d *Document) []*Contract {
	var out []*Contract
	for _, req := range op.Security {
		for _, s := range req.Schemes {
			if scheme := d.scheme(s.Name); scheme != nil && scheme.Contract != nil && !slices.Contains(out, scheme.Contract) {
				out = append(out, scheme.Contract)
			}
		}
	}
	return out
}

// scopesClaim returns the claim of type scopes of v, or nil.
func scopesClaim(v *spec.Version) *spec.Claim {
	if v == nil {
		return nil
	}
	for _, c := range v.Claims {
		if c.Kind == spec.KindScopes {
			return c
		}
	}
	return nil
}

// declaredScopes returns the scope values of the contract's newest version.
func declaredScopes(c *Contract) []string {
	if claim := scopesClaim(c.Newest()); claim != nil {
		return claim.Values
	}
	return nil
}

// OperationRequirement is the requirement that a token of one contract
// must satisfy to call one operation.
type OperationRequirement struct {
	Operation *Operation
	// Anonymous is true when the operation also accepts requests without
	// credentials.
	Anonymous bool
	// AnyToken is true when some requirement object names a scheme of the
	// contract with no scopes, so any valid token satisfies it.
	AnyToken bool
	// ScopeSets are the alternatives: a token satisfies the operation when
	// it holds every scope of one set. Empty when AnyToken or when no
	// requirement object names the contract.
	ScopeSets [][]string
}

// Requirements returns, in document order, the requirement of every
// operation with an operationId that either accepts tokens of c or needs
// no credentials at all. Requirement objects that name only other
// schemes are left out. Identical scope sets appear once.
func (d *Document) Requirements(c *Contract) []OperationRequirement {
	var out []OperationRequirement
	for _, op := range d.Operations {
		if op.ID == "" {
			continue
		}
		req := OperationRequirement{Operation: op, Anonymous: op.Anonymous()}
		accepts := false
		for _, alt := range op.Security {
			set, ok := d.scopeSet(alt, c)
			if !ok {
				continue
			}
			accepts = true
			if len(set) == 0 {
				req.AnyToken = true
			}
			if !slices.ContainsFunc(req.ScopeSets, func(s []string) bool { return slices.Equal(s, set) }) {
				req.ScopeSets = append(req.ScopeSets, set)
			}
		}
		onlyAnonymous := !slices.ContainsFunc(op.Security, func(r Requirement) bool { return len(r.Schemes) > 0 })
		if !accepts && !onlyAnonymous {
			continue
		}
		if req.AnyToken {
			req.ScopeSets = nil
		}
		out = append(out, req)
	}
	return out
}

// scopeSet returns the scopes that a token of c needs to satisfy the
// requirement object alt, and false when alt names no scheme of c.
func (d *Document) scopeSet(alt Requirement, c *Contract) ([]string, bool) {
	var set []string
	found := false
	for _, s := range alt.Schemes {
		scheme := d.scheme(s.Name)
		if scheme == nil || scheme.Contract != c {
			continue
		}
		found = true
		for _, scope := range s.Scopes {
			if !slices.Contains(set, scope.Name) {
				set = append(set, scope.Name)
			}
		}
	}
	return set, found
}

// isScopeToken reports whether s is a scope-token of RFC 6749 §3.3: one or
// more printable ASCII characters other than space, '"' and '\'.
func isScopeToken(s string) bool {
	if s == "" {
		return false
	}
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x21 || c > 0x7e || c == '"' || c == '\\' {
			return false
		}
	}
	return true
}
