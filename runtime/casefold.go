package runtime

import (
	"fmt"
	"strconv"
	"strings"
)

// registeredNames are the registered claims that jwt.RegisteredClaims
// decodes.
var registeredNames = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// checkCaseVariants rejects members whose names differ from a claim of obj
// only in letter case. encoding/json matches member names to struct fields
// ignoring case, so such a member could fill a field that the shape walk,
// which compares names exactly, never checked. Claims structs with a
// generated DecodeClaims method compare names exactly and need no check.
func (c *checker) checkCaseVariants(obj *Object, members []jsonMember, prefix string, top bool) {
	for _, m := range members {
		field, known := caseVariantOf(obj, m.name, top)
		if known == "" {
			if field != nil {
				c.checkNestedCaseVariants(field, m.value, joinPath(prefix, m.name))
			}
			continue
		}
		detail := fmt.Sprintf("member %q differs from claim %q only in letter case", clip(m.name), known)
		c.fail(joinPath(prefix, known), "duplicate", detail, ErrClaimInvalid)
	}
}

// caseVariantOf returns the field of obj named exactly name, or the claim
// name that name matches only when case is ignored.
func caseVariantOf(obj *Object, name string, top bool) (*Field, string) {
	var folded string
	if obj != nil {
		for i := range obj.Fields {
			f := &obj.Fields[i]
			if f.Name == name {
				return f, ""
			}
			if strings.EqualFold(f.Name, name) {
				folded = f.Name
			}
		}
	}
	if top {
		for _, r := range registeredNames {
			if r == name {
				return nil, ""
			}
			if strings.EqualFold(r, name) {
				folded = r
			}
		}
	}
	return nil, folded
}

// checkNestedCaseVariants applies checkCaseVariants to the object values
// inside a claim of shape f.
func (c *checker) checkNestedCaseVariants(f *Field, v []byte, path string) {
	switch {
	case f.Kind == ShapeObject && f.Object != nil && len(v) > 0 && v[0] == '{':
		members, _ := scanObject(v)
		c.checkCaseVariants(f.Object, members, path, false)
	case f.Kind == ShapeArray && f.Items != nil && len(v) > 0 && v[0] == '[':
		it := newArrayItems(v)
		for i := 0; ; i++ {
			item, ok := it.next()
			if !ok {
				return
			}
			c.checkNestedCaseVariants(f.Items, item, path+"["+strconv.Itoa(i)+"]")
		}
	}
}

// joinPath appends a member name to a dotted claim path.
func joinPath(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}
