package runtime

import (
	"math/bits"
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
	return registeredBit(name) != 0
}

// registeredSet is a set of registered claim names, one bit each.
type registeredSet uint8

// registeredBit returns the bit of the registered claim name, or 0 for
// any other name.
func registeredBit(name string) registeredSet {
	switch name {
	case "iss":
		return 1 << 0
	case "sub":
		return 1 << 1
	case "aud":
		return 1 << 2
	case "exp":
		return 1 << 3
	case "nbf":
		return 1 << 4
	case "iat":
		return 1 << 5
	case "jti":
		return 1 << 6
	}
	return 0
}

// walkShape checks the payload members against the registered claims'
// types, rules.Require and rules.Claims, and returns the registered values.
// It finds the registered claims in one pass over the members and checks
// them in a fixed order, so that failures are listed in that order.
func (c *checker) walkShape(members []jsonMember) registeredValues {
	var reg registeredValues
	var present registeredSet
	// found holds, per bit of registeredBit, the registered claim's value.
	var found [7][]byte
	for i := range members {
		m := &members[i]
		if bit := registeredBit(m.name); bit != 0 {
			present |= bit
			found[bits.TrailingZeros8(uint8(bit))] = m.value
		}
	}
	value := func(name string) ([]byte, bool) {
		bit := registeredBit(name)
		return found[bits.TrailingZeros8(uint8(bit))], present&bit != 0
	}

	for _, name := range [...]string{"sub", "jti"} {
		if v, ok := value(name); ok {
			c.expect(name, v, ShapeString)
		}
	}
	if v, ok := value("iss"); ok {
		reg.iss.state = claimInvalid
		if c.expect("iss", v, ShapeString) {
			reg.iss.state = claimPresent
			reg.iss.value, _ = stringValue(v)
		}
	}
	if v, ok := value("aud"); ok {
		reg.aud.state = claimInvalid
		if c.checkAudienceShape(v) {
			reg.aud.state = claimPresent
			reg.aud.raw = v
		}
	}
	if v, ok := value("exp"); ok {
		reg.exp = c.timeClaim("exp", v)
	}
	if v, ok := value("nbf"); ok {
		reg.nbf = c.timeClaim("nbf", v)
	}
	if v, ok := value("iat"); ok {
		reg.iat = c.timeClaim("iat", v)
	}

	for _, name := range c.rules.Require {
		if !c.hasMember(members, present, name) {
			c.missing(name, "required claim is missing")
		}
	}
	if c.rules.Claims != nil {
		c.walkTop(c.rules.Claims, members, present)
	}
	return reg
}

// hasMember reports whether members has one called name, reading present
// for registered names.
func (c *checker) hasMember(members []jsonMember, present registeredSet, name string) bool {
	if bit := registeredBit(name); bit != 0 {
		return present&bit != 0
	}
	_, ok := lookupMember(members, name)
	return ok
}

// walkTop is walkObject for the payload object, whose registered claims
// walkShape has checked already.
func (c *checker) walkTop(obj *Object, members []jsonMember, present registeredSet) {
	for i := range obj.Fields {
		f := &obj.Fields[i]
		if bit := registeredBit(f.Name); bit != 0 {
			if f.Required && present&bit == 0 {
				c.missing(f.Name, "required claim is missing")
			}
			continue
		}
		v, ok := lookupMember(members, f.Name)
		c.walkField(f, v, ok, f.Name)
	}
}

func (c *checker) timeClaim(name string, v []byte) timeClaim {
	if !c.expect(name, v, ShapeTime) {
		return timeClaim{state: claimInvalid}
	}
	f, _ := parseNumber(v)
	return timeClaim{state: claimPresent, at: numericDateTime(f)}
}

// parseNumber parses a JSON number as a float64. An integer of at most 15
// digits, such as a typical NumericDate, is exact in a float64 and skips
// strconv.ParseFloat.
func parseNumber(v []byte) (float64, error) {
	digits := v
	negative := len(v) > 0 && v[0] == '-'
	if negative {
		digits = v[1:]
	}
	if len(digits) == 0 || len(digits) > 15 {
		return strconv.ParseFloat(string(v), 64)
	}
	var n int64
	for _, b := range digits {
		if b < '0' || b > '9' {
			return strconv.ParseFloat(string(v), 64)
		}
		n = n*10 + int64(b-'0')
	}
	if negative {
		n = -n
	}
	return float64(n), nil
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

// walkObject checks the members of one nested JSON object against obj.
// Members that obj does not list are not checked.
func (c *checker) walkObject(obj *Object, members []jsonMember, prefix string) {
	for i := range obj.Fields {
		f := &obj.Fields[i]
		v, ok := lookupMember(members, f.Name)
		c.walkField(f, v, ok, prefix+"."+f.Name)
	}
}

// walkField checks the value v of the claim or member f, found when ok,
// whose path is path.
func (c *checker) walkField(f *Field, v []byte, ok bool, path string) {
	if !ok {
		if f.Required {
			c.missing(path, "required claim is missing")
		}
		return
	}
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
			c.typeError(path+"."+clip(m.name), "a string", m.value)
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
		f, err := parseNumber(v)
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
