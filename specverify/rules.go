// Package specverify verifies tokens against a contract loaded at run time,
// without generated code. It builds the runtime.Rules and the claim shape
// of each version from the spec.Contract, interprets the claim rules as the
// generated Validate methods check them, and upgrades claims to the newest
// version as spec.PlanUpgrade describes. Claims that an upgrade hook would
// derive are reported as needing a hook, because the hook is Go code that
// only the generated package has.
//
// The jwtgen inspect and audit commands use it to show what real tokens
// look like before a contract change ships.
package specverify

import (
	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/spec"
)

// Rules returns the token rules of version v of contract c, as the
// generated code declares them: the token section, the version claim, the
// dates, the status and the JSON shape of the claims.
func Rules(c *spec.Contract, v *spec.Version) *runtime.Rules {
	t := v.Token
	r := &runtime.Rules{
		Contract:     c.Name,
		Version:      v.Number,
		Algorithms:   t.Algorithms,
		Type:         t.Type,
		Issuers:      t.Issuers,
		Audience:     t.Audience,
		MaxLifetime:  t.MaxLifetime,
		Leeway:       t.Leeway,
		Require:      t.Require,
		VersionClaim: c.VersionClaim,
		Unversioned:  c.Unversioned == v.Number,
		Retired:      v.Status == spec.StatusRetired,
	}
	if v.IssueUntil != nil {
		r.IssueUntil = *v.IssueUntil
	}
	if v.AcceptUntil != nil {
		r.AcceptUntil = *v.AcceptUntil
	}
	if len(v.Claims) > 0 {
		r.Claims = shapeObject(v.Claims)
	}
	return r
}

// VersionSet returns the version set of c, whose Versions are the Rules of
// each version in file order.
func VersionSet(c *spec.Contract) *runtime.VersionSet {
	set := &runtime.VersionSet{
		Contract:     c.Name,
		VersionClaim: c.VersionClaim,
		Unversioned:  c.Unversioned,
	}
	for _, v := range c.Versions {
		set.Versions = append(set.Versions, Rules(c, v))
	}
	return set
}

// shapeObject returns the shape of an object whose members are claims.
func shapeObject(claims []*spec.Claim) *runtime.Object {
	obj := &runtime.Object{Fields: make([]runtime.Field, len(claims))}
	for i, c := range claims {
		obj.Fields[i] = shapeField(c, c.Kind)
		obj.Fields[i].Name = c.Name
		obj.Fields[i].Required = c.Required
	}
	return obj
}

// shapeField returns the shape of one value of kind k of claim c, without
// the name and the required flag, which only members have.
func shapeField(c *spec.Claim, k spec.Kind) runtime.Field {
	switch k {
	case spec.KindInt:
		return runtime.Field{Kind: runtime.ShapeInt}
	case spec.KindNumber:
		return runtime.Field{Kind: runtime.ShapeNumber}
	case spec.KindBool:
		return runtime.Field{Kind: runtime.ShapeBool}
	case spec.KindTime:
		return runtime.Field{Kind: runtime.ShapeTime}
	case spec.KindObject:
		return runtime.Field{Kind: runtime.ShapeObject, Object: shapeObject(c.Claims)}
	case spec.KindArray:
		items := shapeField(c, c.Elem)
		return runtime.Field{Kind: runtime.ShapeArray, Items: &items}
	case spec.KindMap:
		return runtime.Field{Kind: runtime.ShapeMap}
	case spec.KindJSON:
		return runtime.Field{Kind: runtime.ShapeJSON}
	case spec.KindScopes:
		if c.Encoding == spec.ScopesSpaceDelimited {
			return runtime.Field{Kind: runtime.ShapeScopes}
		}
		return runtime.Field{Kind: runtime.ShapeArray, Items: &runtime.Field{Kind: runtime.ShapeString}}
	}
	// string, url, email, uuid and enum
	return runtime.Field{Kind: runtime.ShapeString}
}
