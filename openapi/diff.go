package openapi

import (
	"bytes"
	"fmt"
	"maps"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"

	"github.com/jwtgen/jwtgen/contractdiff"
)

// Rule IDs of the changes that Diff reports.
const (
	OperationScopeAdded         = "OPERATION_SCOPE_ADDED"
	OperationScopeRemoved       = "OPERATION_SCOPE_REMOVED"
	OperationAlternativeAdded   = "OPERATION_ALTERNATIVE_ADDED"
	OperationAlternativeRemoved = "OPERATION_ALTERNATIVE_REMOVED"
	OperationAuthAdded          = "OPERATION_AUTH_ADDED"
	OperationAuthRemoved        = "OPERATION_AUTH_REMOVED"
)

// DiffRules lists the rules of Diff with their impacts. Verifiers are the
// services that enforce the operations' requirements, and issuers the
// services that mint the tokens that call them. Every rule's adapter
// coverage is not applicable: upgrade adapters convert claims, not scopes
// of requirements.
var DiffRules = []contractdiff.Rule{
	{ID: OperationScopeAdded, Purpose: "An operation now needs a scope more, so tokens minted without it are rejected.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Breaking, Adapters: contractdiff.NotApplicable},
	{ID: OperationScopeRemoved, Purpose: "An operation needs fewer scopes, so every token it accepted is still accepted.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Compatible, Adapters: contractdiff.NotApplicable},
	{ID: OperationAlternativeAdded, Purpose: "An operation accepts a new set of scopes besides the old ones.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Compatible, Adapters: contractdiff.NotApplicable},
	{ID: OperationAlternativeRemoved, Purpose: "An operation no longer accepts a set of scopes, so tokens holding only that set are rejected.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Breaking, Adapters: contractdiff.NotApplicable},
	{ID: OperationAuthAdded, Purpose: "An operation that took anonymous requests now needs credentials, so callers without a token are rejected.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Breaking, Adapters: contractdiff.NotApplicable},
	{ID: OperationAuthRemoved, Purpose: "An operation that needed credentials now takes anonymous requests, so it became public although no token breaks.",
		Verifiers: contractdiff.Compatible, Issuers: contractdiff.Compatible, Adapters: contractdiff.NotApplicable},
}

// diffSubject is the Contract field of every change Diff reports.
const diffSubject = "OpenAPI"

// IsDocument reports whether data is a YAML or JSON mapping with a
// top-level "openapi" key, so that diff can tell an OpenAPI document from
// a contract file.
func IsDocument(data []byte) bool {
	var doc yaml.Node
	if err := yaml.Unmarshal(data, &doc); err != nil || doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		return bytes.HasPrefix(bytes.TrimSpace(data), []byte("openapi:"))
	}
	key, _ := mapGet(doc.Content[0], "openapi")
	return key != nil
}

// alternative is a requirement object as a set: scheme name to scopes.
type alternative struct {
	req    Requirement
	scopes map[string][]string
}

func newAlternative(req Requirement) alternative {
	a := alternative{req: req, scopes: map[string][]string{}}
	for _, s := range req.Schemes {
		for _, scope := range s.Scopes {
			if !slices.Contains(a.scopes[s.Name], scope.Name) {
				a.scopes[s.Name] = append(a.scopes[s.Name], scope.Name)
			}
		}
		if _, ok := a.scopes[s.Name]; !ok {
			a.scopes[s.Name] = nil
		}
	}
	return a
}

// within reports whether every scheme and scope of a is in b, so that a
// request satisfying b satisfies a.
func (a alternative) within(b alternative) bool {
	for scheme, scopes := range a.scopes {
		other, ok := b.scopes[scheme]
		if !ok {
			return false
		}
		for _, s := range scopes {
			if !slices.Contains(other, s) {
				return false
			}
		}
	}
	return true
}

func (a alternative) equal(b alternative) bool { return a.within(b) && b.within(a) }

// String writes the alternative as "bearer [orders:read orders:write]",
// schemes sorted and joined by " and ", a scheme without scopes by its
// name alone.
func (a alternative) String() string {
	names := slices.Sorted(maps.Keys(a.scopes))
	parts := make([]string, len(names))
	for i, name := range names {
		parts[i] = name
		if len(a.scopes[name]) > 0 {
			parts[i] = fmt.Sprintf("%s [%s]", name, strings.Join(a.scopes[name], " "))
		}
	}
	return strings.Join(parts, " and ")
}

// missing returns the scopes of a that b lacks, as "orders:refund".
func (a alternative) missing(b alternative) []string {
	var out []string
	for _, name := range slices.Sorted(maps.Keys(a.scopes)) {
		for _, s := range a.scopes[name] {
			if !slices.Contains(b.scopes[name], s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// sameSchemes reports whether a and b name the same schemes.
func (a alternative) sameSchemes(b alternative) bool {
	return slices.Equal(slices.Sorted(maps.Keys(a.scopes)), slices.Sorted(maps.Keys(b.scopes)))
}

// Diff compares the security requirements of the operations of two
// revisions of an OpenAPI document, matched by operationId, or by method
// and path when an operation has none. It reports each change in the
// format of contract diffs, with the rules of DiffRules, in the order of
// the newer document. Operations added or removed are not reported: no
// token changes meaning with them.
func Diff(older, newer *Document) *contractdiff.Report {
	r := &contractdiff.Report{}
	for _, n := range newer.Operations {
		o := older.match(n)
		if o == nil {
			continue
		}
		r.Changes = append(r.Changes, diffOperation(o, n)...)
	}
	return r
}

// match returns the operation of d that op continues, or nil.
func (d *Document) match(op *Operation) *Operation {
	for _, o := range d.Operations {
		if op.ID != "" && o.ID == op.ID || op.ID == "" && o.ID == "" && o.Method == op.Method && o.Path == op.Path {
			return o
		}
	}
	return nil
}

// diffOperation compares the requirement objects of one operation.
func diffOperation(o, n *Operation) []*contractdiff.Change {
	var out []*contractdiff.Change
	name := n.label()
	add := func(rule, message string, oldReq, newReq Requirement) {
		out = append(out, newDiffChange(rule, n, message, oldReq, newReq))
	}

	switch {
	case o.Anonymous() && !n.Anonymous():
		add(OperationAuthAdded, fmt.Sprintf("%s accepted requests without credentials and now requires %s; "+
			"keep an empty requirement object {} until every caller sends a token", name, requirementText(n.Security)), Requirement{Pos: o.Pos}, firstRequirement(n))
		return out
	case !o.Anonymous() && n.Anonymous():
		add(OperationAuthRemoved, fmt.Sprintf("%s required %s and now accepts requests without credentials; "+
			"make sure the operation is meant to be public", name, requirementText(o.Security)), firstRequirement(o), Requirement{Pos: n.Pos})
	}

	olds, news := alternatives(o.Security), alternatives(n.Security)
	reported := make([]bool, len(news))
	for _, a := range olds {
		if slices.ContainsFunc(news, a.equal) {
			continue
		}
		if i := slices.IndexFunc(news, func(b alternative) bool { return b.within(a) && b.sameSchemes(a) }); i >= 0 {
			reported[i] = true
			add(OperationScopeRemoved, fmt.Sprintf("%s no longer requires scope %s with %s", name, quoteAll(a.missing(news[i])), news[i]), a.req, news[i].req)
			continue
		}
		if i := slices.IndexFunc(news, func(b alternative) bool { return a.within(b) && b.sameSchemes(a) }); i >= 0 {
			reported[i] = true
			add(OperationScopeAdded, fmt.Sprintf("%s now requires scope %s besides %s, so tokens without it are rejected; "+
				"add the scope as a new alternative requirement object first, and remove the old one once issuers mint it", name, quoteAll(news[i].missing(a)), a), a.req, news[i].req)
			continue
		}
		add(OperationAlternativeRemoved, fmt.Sprintf("%s no longer accepts %s, so tokens that hold only those scopes are rejected; "+
			"keep the requirement object until no issuer mints such tokens", name, a), a.req, Requirement{Pos: n.Pos})
	}
	for i, b := range news {
		if reported[i] || slices.ContainsFunc(olds, b.equal) {
			continue
		}
		add(OperationAlternativeAdded, fmt.Sprintf("%s now also accepts %s", name, b), Requirement{Pos: o.Pos}, b.req)
	}
	return out
}

// alternatives returns the non-empty requirement objects as sets.
func alternatives(reqs []Requirement) []alternative {
	var out []alternative
	for _, r := range reqs {
		if len(r.Schemes) > 0 {
			out = append(out, newAlternative(r))
		}
	}
	return out
}

// requirementText writes the non-empty requirement objects joined by
// " or ".
func requirementText(reqs []Requirement) string {
	alts := alternatives(reqs)
	parts := make([]string, len(alts))
	for i, a := range alts {
		parts[i] = a.String()
	}
	return strings.Join(parts, " or ")
}

// firstRequirement returns the first non-empty requirement object of op,
// for its position.
func firstRequirement(op *Operation) Requirement {
	for _, r := range op.Security {
		if len(r.Schemes) > 0 {
			return r
		}
	}
	return Requirement{Pos: op.Pos}
}

func quoteAll(scopes []string) string {
	quoted := make([]string, len(scopes))
	for i, s := range scopes {
		quoted[i] = fmt.Sprintf("%q", s)
	}
	return strings.Join(quoted, ", ")
}

// newDiffChange builds a change with the impacts of its rule.
func newDiffChange(rule string, op *Operation, message string, oldReq, newReq Requirement) *contractdiff.Change {
	c := &contractdiff.Change{Rule: rule, Contract: diffSubject, Subject: op.ID, Message: message, OldPos: oldReq.Pos, NewPos: newReq.Pos}
	if c.Subject == "" {
		c.Subject = op.Method + " " + op.Path
	}
	for _, r := range DiffRules {
		if r.ID == rule {
			c.Verifiers, c.Issuers, c.Adapters = r.Verifiers, r.Issuers, r.Adapters
		}
	}
	c.Unsafe = c.Verifiers == contractdiff.Breaking || c.Issuers == contractdiff.Breaking || rule == OperationAuthRemoved
	return c
}
