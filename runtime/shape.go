package runtime

import (
	"strconv"
	"time"
)

// maxNumericDate is 9999-12-31T23:59:59Z, the largest NumericDate accepted.
const maxNumericDate = 253402300799

// claimState says whether a registered claim is absent, present with a
// wrong type, or present and usable.
type claimState uint8

const (
	claimAbsent claimState = iota
	claimInvalid
	claimPresent
)

// registeredValues holds the registered claims of a payload after the
// shape walk, for the time, issuer and audience rules.
type registeredValues struct {
	exp, nbf, iat timeClaim
	iss           struct {
		state claimState
		value string
	}
	aud struct {
		state claimState
		raw   []byte
	}
}

type timeClaim struct {
	state claimState
	at    time.Time
}

// isRegistered reports whether name is a claim registered in RFC 7519
// §4.1, whose shape the walk always checks.
func isRegistered(name string) bool {
	switch name {
	case "iss", "sub", "aud", "exp", "nbf", "iat", "jti":
		return true
	}
	return false
}

// walkShape checks the payload members against the registered claims'
// types, rules.Require and rules.Claims, and returns the registered values.
func (c *checker) walkShape(members []jsonMember) registeredValues {
	var reg registeredValues
	for _, name := range [...]string{"sub", "jti"} {
		if v, ok := lookupMember(members, name); ok {
			c.expect(name, v, ShapeString)
		}
	}
	if v, ok := lookupMember(members, "iss"); ok {
		reg.iss.state = claimInvalid
		if c.expect("iss", v, ShapeString) {
			reg.iss.state = claimPresent
			reg.iss.value, _ = stringValue(v)
		}
	}
	if v, ok := lookupMember(members, "aud"); ok {
		reg.aud.state = claimInvalid
		if c.checkAudienceShape(v) {
			reg.aud.state = claimPresent
			reg.aud.raw = v
		}
	}
	reg.exp = c.timeClaim(members, "exp")
	reg.nbf = c.timeClaim(members, "nbf")
	reg.iat = c.timeClaim(members, "iat")

	for _, name := range c.rules.Require {
		if _, ok := lookupMember(members, name); !ok {
			c.missing(name, "required claim is missing")
		}
	}
	if c.rules.Claims != nil {
		c.walkObject(c.rules.Claims, members, "")
	}
	return reg
}

func (c *checker) timeClaim(members []jsonMember, name string) timeClaim {
	v, ok := lookupMember(members, name)
	if !ok {
		return timeClaim{}
	}
	if !c.expect(name, v, ShapeTime) {
		return timeClaim{state: claimInvalid}
	}
	f, _ := strconv.ParseFloat(string(v), 64)
	return timeClaim{state: claimPresent, at: numericDateTime(f)}
}

// numericDateTime converts seconds since the epoch, with a fraction, to a
// time.
func numericDateTime(seconds float64) time.Time {
	whole := int64(seconds)
	frac := seconds - float64(whole)
	return time.Unix(whole, int64(frac*1e9))
}

// checkAudienceShape checks that aud is a string or an array of strings
// (RFC 7519 §4.1.3).
func (c *checker) checkAudienceShape(v []byte) bool {
	if v[0] == '"' {
		return true
	}
	if v[0] != '[' {
		c.typeError("aud", "a string or an array of strings", v)
		return false
	}
	items := newArrayItems(v)
	for i := 0; ; i++ {
		item, ok := items.next()
		if !ok {
			break
		}
		if item[0] != '"' {
			c.typeError("aud["+strconv.Itoa(i)+"]", "a string", item)
			return false
		}
	}
	return true
}

// walkObject checks the members of one JSON object against obj. Members
// that obj does not list are not checked.
func (c *checker) walkObject(obj *Object, members []jsonMember, prefix string) {
	for i := range obj.Fields {
		f := &obj.Fields[i]
		path := f.Name
		if prefix != "" {
			path = prefix + "." + f.Name
		}
		v, ok := lookupMember(members, f.Name)
		switch {
		case !ok:
			if f.Required {
				c.missing(path, "required claim is missing")
			}
		case prefix == "" && isRegistered(f.Name):
			// The registered claim's own type was checked already.
		default:
			c.expect(path, v, f.Kind)
			if f.Kind == ShapeObject && f.Object != nil && v[0] == '{' {
				nested, _ := scanObject(v)
				c.walkObject(f.Object, nested, path)
			}
			if f.Kind == ShapeArray && f.Items != nil && v[0] == '[' {
				c.walkItems(f.Items, v, path)
			}
			if f.Kind == ShapeMap && v[0] == '{' {
				c.walkMap(v, path)
			}
		}
	}
}

func (c *checker) walkItems(items *Field, v []byte, path string) {
	it := newArrayItems(v)
	for i := 0; ; i++ {
		item, ok := it.next()
		if !ok {
			break
		}
		// The path is built only for a failure or a nested walk, because
		// building it for every valid item costs an allocation each.
		nested := items.Kind == ShapeObject || items.Kind == ShapeArray || items.Kind == ShapeMap
		if !nested && fitsShape(item, items.Kind) {
			continue
		}
		itemPath := path + "[" + strconv.Itoa(i) + "]"
		c.expect(itemPath, item, items.Kind)
		if items.Kind == ShapeObject && items.Object != nil && item[0] == '{' {
			nested, _ := scanObject(item)
			c.walkObject(items.Object, nested, itemPath)
		}
		if items.Kind == ShapeArray && items.Items != nil && item[0] == '[' {
			c.walkItems(items.Items, item, itemPath)
		}
		if items.Kind == ShapeMap && item[0] == '{' {
			c.walkMap(item, itemPath)
		}
	}
}

// walkMap checks that every member of a map claim is a string.
func (c *checker) walkMap(v []byte, path string) {
	members, _ := scanObject(v)
	for _, m := range members {
		if m.value[0] != '"' {
			c.typeError(path+"."+clip(string(m.name)), "a string", m.value)
		}
	}
}

// expect checks that the raw value v has the JSON type of kind and, for
// numbers, that it fits. It records a "type" failure naming the expected
// and found JSON types, never the value.
func (c *checker) expect(path string, v []byte, kind ShapeKind) bool {
	if v[0] == 'n' {
		c.typeError(path, kindName(kind), v)
		return false
	}
	switch kind {
	case ShapeString, ShapeScopes, ShapeBool, ShapeObject, ShapeMap, ShapeArray:
		if !hasJSONType(v, kind) {
			c.typeError(path, kindName(kind), v)
			return false
		}
	case ShapeInt:
		if !isNumber(v) {
			c.typeError(path, kindName(kind), v)
			return false
		}
		if !isInteger(v) {
			c.fail(path, "type", "expected an integer, found a number with a fraction or exponent", ErrClaimInvalid)
			return false
		}
		if _, err := strconv.ParseInt(string(v), 10, 64); err != nil {
			c.fail(path, "type", "integer does not fit in 64 bits", ErrClaimInvalid)
			return false
		}
	case ShapeNumber:
		if !isNumber(v) {
			c.typeError(path, kindName(kind), v)
			return false
		}
		if _, err := strconv.ParseFloat(string(v), 64); err != nil {
			c.fail(path, "type", "number is outside the float64 range", ErrClaimInvalid)
			return false
		}
	case ShapeTime:
		if !isNumber(v) {
			c.typeError(path, kindName(kind), v)
			return false
		}
		f, err := strconv.ParseFloat(string(v), 64)
		if err != nil || f < 0 || f > maxNumericDate {
			c.fail(path, "type", "NumericDate is outside 0 to 253402300799 seconds", ErrClaimInvalid)
			return false
		}
	}
	return true
}

// fitsShape reports whether expect would accept v for a kind that is
// neither time nor a number, without recording anything.
func fitsShape(v []byte, kind ShapeKind) bool {
	switch kind {
	case ShapeString, ShapeScopes, ShapeBool:
		return v[0] != 'n' && hasJSONType(v, kind)
	}
	return false
}

// hasJSONType reports whether the first byte of v, which identifies its
// JSON type, fits kind.
func hasJSONType(v []byte, kind ShapeKind) bool {
	switch kind {
	case ShapeString, ShapeScopes:
		return v[0] == '"'
	case ShapeBool:
		return v[0] == 't' || v[0] == 'f'
	case ShapeObject, ShapeMap:
		return v[0] == '{'
	case ShapeArray:
		return v[0] == '['
	}
	return true
}

func (c *checker) typeError(path, expected string, v []byte) {
	c.fail(path, "type", "expected "+expected+", found "+jsonTypeName(v), ErrClaimInvalid)
}

func isNumber(v []byte) bool {
	return v[0] == '-' || (v[0] >= '0' && v[0] <= '9')
}

// isInteger reports whether a JSON number has no fraction and no exponent.
func isInteger(v []byte) bool {
	for _, b := range v {
		if b == '.' || b == 'e' || b == 'E' {
			return false
		}
	}
	return true
}

// kindName describes the JSON a claim of kind must be.
func kindName(kind ShapeKind) string {
	switch kind {
	case ShapeString:
		return "a string"
	case ShapeInt:
		return "an integer"
	case ShapeNumber:
		return "a number"
	case ShapeBool:
		return "a boolean"
	case ShapeTime:
		return "a NumericDate (a number of seconds)"
	case ShapeObject:
		return "an object"
	case ShapeArray:
		return "an array"
	case ShapeMap:
		return "an object of strings"
	case ShapeScopes:
		return "a string of space-delimited scopes"
	}
	return "a JSON value other than null"
}

// jsonTypeName names the JSON type of a raw value.
func jsonTypeName(v []byte) string {
	switch v[0] {
	case '"':
		return "a string"
	case '{':
		return "an object"
	case '[':
		return "an array"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}
