package runtime

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
	"unsafe"
)

// maxJSONDepth is the deepest nesting of objects and arrays accepted in a
// header or payload.
const maxJSONDepth = 64

// manyMembers is the member count from which duplicate detection in one
// object switches from linear comparison to a map.
const manyMembers = 16

// jsonMember is one member of a JSON object.
type jsonMember struct {
	// name is the member name with escapes decoded. A name without escapes
	// shares the memory of the scanned text.
	name string
	// value is the raw JSON value.
	value []byte
}

// jsonError is a JSON text that a header or payload may not be.
type jsonError struct {
	// path names the duplicated member, like "address.city", when
	// duplicate is set.
	path      string
	duplicate bool
	msg       string
}

func (e *jsonError) Error() string {
	if e.duplicate {
		return "member " + strconv.Quote(e.path) + " appears more than once"
	}
	return e.msg
}

// jsonScanner validates a JSON object strictly (RFC 8259): no duplicate
// member names at any depth, valid UTF-8, nesting no deeper than
// maxJSONDepth and nothing after the object but white space.
//
// The scanner keeps no stacks of its own: each nested object holds the
// names it has seen in a local array, and the path of a duplicate member is
// built only when the error returns through the enclosing values. Only the
// members of the outermost object are recorded.
type jsonScanner struct {
	data  []byte
	pos   int
	depth int
}

// scanObject validates data as a JSON object and returns its members.
// Member names share the memory of data, so data must not be modified
// while the members are in use.
func scanObject(data []byte) ([]jsonMember, *jsonError) {
	return scanObjectInto(data, nil)
}

// scanObjectInto is scanObject appending the members to dst, so that the
// caller can supply their storage.
func scanObjectInto(data []byte, dst []jsonMember) ([]jsonMember, *jsonError) {
	if !utf8.Valid(data) {
		return nil, &jsonError{msg: "invalid UTF-8"}
	}
	s := jsonScanner{data: data}
	s.skipSpace()
	if s.pos >= len(data) || data[s.pos] != '{' {
		return nil, &jsonError{msg: "not a JSON object"}
	}
	members, err := s.topObject(dst)
	if err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos != len(data) {
		return nil, &jsonError{msg: "data after the JSON object"}
	}
	return members, nil
}

func (s *jsonScanner) syntaxError(what string) *jsonError {
	return &jsonError{msg: "invalid JSON: " + what + " at offset " + strconv.Itoa(s.pos)}
}

func (s *jsonScanner) skipSpace() {
	for s.pos < len(s.data) {
		switch s.data[s.pos] {
		case ' ', '\t', '\n', '\r':
			s.pos++
		default:
			return
		}
	}
}

func (s *jsonScanner) value() *jsonError {
	if s.pos >= len(s.data) {
		return s.syntaxError("unexpected end")
	}
	switch c := s.data[s.pos]; {
	case c == '{':
		return s.object()
	case c == '[':
		return s.array()
	case c == '"':
		_, err := s.scanString()
		return err
	case c == '-' || (c >= '0' && c <= '9'):
		return s.number()
	case c == 't':
		return s.literal("true")
	case c == 'f':
		return s.literal("false")
	case c == 'n':
		return s.literal("null")
	}
	return s.syntaxError("unexpected character")
}

func (s *jsonScanner) enter() *jsonError {
	s.depth++
	if s.depth > maxJSONDepth {
		return &jsonError{msg: "JSON nested deeper than " + strconv.Itoa(maxJSONDepth) + " levels"}
	}
	return nil
}

// topObject scans the outermost object and appends its members to
// members. It is object without recursion, so that members can live on the
// caller's stack.
func (s *jsonScanner) topObject(members []jsonMember) ([]jsonMember, *jsonError) {
	if err := s.enter(); err != nil {
		return nil, err
	}
	s.pos++ // '{'
	first := len(members)
	var seen map[string]struct{}
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return members, nil
	}
	for {
		name, err := s.memberName()
		if err != nil {
			return nil, err
		}
		if isDuplicateMember(name, members[first:], &seen) {
			return nil, &jsonError{duplicate: true, path: clip(name)}
		}
		start := s.pos
		if err := s.value(); err != nil {
			return nil, withPathName(err, name)
		}
		members = append(members, jsonMember{name: name, value: s.data[start:s.pos]})

		done, err := s.endMember('}')
		if err != nil {
			return nil, err
		}
		if done {
			s.depth--
			return members, nil
		}
	}
}

// object scans a nested object, whose members are not recorded.
func (s *jsonScanner) object() *jsonError {
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++ // '{'
	// local holds the names of a typical object without allocating.
	var local [manyMembers]string
	names := local[:0]
	var seen map[string]struct{}
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		name, err := s.memberName()
		if err != nil {
			return err
		}
		if isDuplicate(name, names, &seen) {
			return &jsonError{duplicate: true, path: clip(name)}
		}
		if seen == nil {
			names = append(names, name)
		}
		if err := s.value(); err != nil {
			return withPathName(err, name)
		}

		done, err := s.endMember('}')
		if err != nil {
			return err
		}
		if done {
			s.depth--
			return nil
		}
	}
}

// memberName scans a member name and the colon after it, and returns the
// name with its escapes decoded.
func (s *jsonScanner) memberName() (string, *jsonError) {
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != '"' {
		return "", s.syntaxError("expected a member name")
	}
	raw, escaped, err := s.scanStringEscapes()
	if err != nil {
		return "", err
	}
	s.skipSpace()
	if s.pos >= len(s.data) || s.data[s.pos] != ':' {
		return "", s.syntaxError("expected ':'")
	}
	s.pos++
	s.skipSpace()
	if escaped {
		return string(unquoteName(raw)), nil
	}
	inner := raw[1 : len(raw)-1]
	return unsafe.String(unsafe.SliceData(inner), len(inner)), nil
}

// endMember scans the ',' after a member or item, or the closing
// character, and reports whether it was the closing one.
func (s *jsonScanner) endMember(closing byte) (bool, *jsonError) {
	s.skipSpace()
	if s.pos >= len(s.data) {
		return false, s.syntaxError("unexpected end")
	}
	switch s.data[s.pos] {
	case ',':
		s.pos++
		return false, nil
	case closing:
		s.pos++
		return true, nil
	}
	return false, s.syntaxError("expected ',' or '" + string(closing) + "'")
}

// isDuplicate reports whether name is among the names seen so far in one
// object. From manyMembers names on, the names move to the map *seen,
// which then records every later name as well.
func isDuplicate(name string, names []string, seen *map[string]struct{}) bool {
	if *seen == nil && len(names) < manyMembers {
		for _, n := range names {
			if sameName(n, name) {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(names))
		for _, n := range names {
			(*seen)[n] = struct{}{}
		}
	}
	if _, dup := (*seen)[name]; dup {
		return true
	}
	(*seen)[name] = struct{}{}
	return false
}

// isDuplicateMember is isDuplicate for the members recorded so far in the
// outermost object, whose names need no list of their own.
func isDuplicateMember(name string, members []jsonMember, seen *map[string]struct{}) bool {
	if *seen == nil && len(members) < manyMembers {
		for i := range members {
			if sameName(members[i].name, name) {
				return true
			}
		}
		return false
	}
	if *seen == nil {
		*seen = make(map[string]struct{}, 2*len(members))
		for i := range members {
			(*seen)[members[i].name] = struct{}{}
		}
	}
	if _, dup := (*seen)[name]; dup {
		return true
	}
	(*seen)[name] = struct{}{}
	return false
}

// withPathName prefixes the path of a duplicate-member error with the
// name of the member whose value holds the duplicate, like "address" in
// "address.city". Other errors are returned as they are.
func withPathName(err *jsonError, name string) *jsonError {
	if err.duplicate {
		err.path = clip(name) + pathSeparator(err.path) + err.path
	}
	return err
}

// withPathIndex prefixes the path of a duplicate-member error with the
// index of the array item that holds the duplicate, like "[2]" in
// "[2].sku".
func withPathIndex(err *jsonError, index int) *jsonError {
	if err.duplicate {
		err.path = "[" + strconv.Itoa(index) + "]" + pathSeparator(err.path) + err.path
	}
	return err
}

// pathSeparator returns the text between a path step and the rest of the
// path: nothing before an array index and a dot before a member name.
func pathSeparator(rest string) string {
	if strings.HasPrefix(rest, "[") {
		return ""
	}
	return "."
}

func (s *jsonScanner) array() *jsonError {
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++ // '['
	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == ']' {
		s.pos++
		s.depth--
		return nil
	}
	for i := 0; ; i++ {
		s.skipSpace()
		if err := s.value(); err != nil {
			return withPathIndex(err, i)
		}
		done, err := s.endMember(']')
		if err != nil {
			return err
		}
		if done {
			s.depth--
			return nil
		}
	}
}

// scanString scans a JSON string and returns it raw, with its quotes.
func (s *jsonScanner) scanString() ([]byte, *jsonError) {
	raw, _, err := s.scanStringEscapes()
	return raw, err
}

// scanStringEscapes is scanString also reporting whether the string has
// escapes.
func (s *jsonScanner) scanStringEscapes() (raw []byte, escaped bool, err *jsonError) {
	start := s.pos
	s.pos++ // opening quote
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		if plainStringByte[c] {
			s.pos++
			continue
		}
		switch {
		case c == '"':
			s.pos++
			return s.data[start:s.pos], escaped, nil
		case c == '\\':
			escaped = true
			if err := s.escape(); err != nil {
				return nil, false, err
			}
		default:
			return nil, false, s.syntaxError("control character in string")
		}
	}
	return nil, false, s.syntaxError("unterminated string")
}

// plainStringByte marks the bytes that a JSON string may hold as they are:
// all but the quote, the backslash and the control characters.
var plainStringByte = func() (plain [256]bool) {
	for c := range plain {
		plain[c] = c >= 0x20 && c != '"' && c != '\\'
	}
	return plain
}()

func (s *jsonScanner) escape() *jsonError {
	s.pos++ // backslash
	if s.pos >= len(s.data) {
		return s.syntaxError("unterminated string")
	}
	switch s.data[s.pos] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		s.pos++
		return nil
	case 'u':
		if s.pos+4 >= len(s.data) {
			return s.syntaxError("short \\u escape")
		}
		for _, h := range s.data[s.pos+1 : s.pos+5] {
			if !isHex(h) {
				return s.syntaxError("invalid \\u escape")
			}
		}
		s.pos += 5
		return nil
	}
	return s.syntaxError("invalid escape")
}

func (s *jsonScanner) number() *jsonError {
	d := s.data
	if d[s.pos] == '-' {
		s.pos++
	}
	switch {
	case s.pos < len(d) && d[s.pos] == '0':
		s.pos++
	case s.pos < len(d) && d[s.pos] >= '1' && d[s.pos] <= '9':
		s.digits()
	default:
		return s.syntaxError("invalid number")
	}
	if s.pos < len(d) && d[s.pos] == '.' {
		s.pos++
		if s.digits() == 0 {
			return s.syntaxError("invalid number")
		}
	}
	if s.pos < len(d) && (d[s.pos] == 'e' || d[s.pos] == 'E') {
		s.pos++
		if s.pos < len(d) && (d[s.pos] == '+' || d[s.pos] == '-') {
			s.pos++
		}
		if s.digits() == 0 {
			return s.syntaxError("invalid number")
		}
	}
	return nil
}

func (s *jsonScanner) digits() int {
	start := s.pos
	for s.pos < len(s.data) && s.data[s.pos] >= '0' && s.data[s.pos] <= '9' {
		s.pos++
	}
	return s.pos - start
}

func (s *jsonScanner) literal(word string) *jsonError {
	if !bytes.HasPrefix(s.data[s.pos:], []byte(word)) {
		return s.syntaxError("invalid literal")
	}
	s.pos += len(word)
	return nil
}

func isHex(c byte) bool {
	return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
}

// unquoteName decodes a raw JSON string that the scanner accepted. Names
// without escapes are returned without copying.
func unquoteName(raw []byte) []byte {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return inner
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		// Unreachable for scanned strings; keep the raw text so that the
		// name still compares unequal to plain names.
		return raw
	}
	return []byte(s)
}

// unquoteString is unquoteName returning a string. A string without
// escapes shares the memory of raw, so raw must not be modified while the
// string is in use.
func unquoteString(raw []byte) string {
	inner := raw[1 : len(raw)-1]
	if bytes.IndexByte(inner, '\\') < 0 {
		return unsafe.String(unsafe.SliceData(inner), len(inner))
	}
	return string(unquoteName(raw))
}

// stringValue decodes a raw JSON value that must be a string. The result
// shares the memory of raw, as unquoteString says.
func stringValue(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	return unquoteString(raw), true
}

// lookupMember returns the value of the member called name.
func lookupMember(members []jsonMember, name string) ([]byte, bool) {
	for i := range members {
		if sameName(members[i].name, name) {
			return members[i].value, true
		}
	}
	return nil, false
}

// sameName reports whether a and b are equal. It compares the first bytes
// before the whole names, which settles most unequal claim names of the
// same length, such as "exp" and "iat", without a call to compare memory.
func sameName(a, b string) bool {
	return len(a) == len(b) && (len(a) == 0 || a[0] == b[0]) && a == b
}

// arrayItems iterates over the raw items of a JSON array that scanObject
// has already validated as part of a larger text. It allocates nothing.
type arrayItems struct {
	raw []byte
	pos int
}

// newArrayItems returns an iterator over the items of the array raw.
func newArrayItems(raw []byte) arrayItems {
	return arrayItems{raw: raw, pos: 1}
}

// next returns the next item, or false after the last one.
func (it *arrayItems) next() ([]byte, bool) {
	raw := it.raw
	it.pos = skipSpace(raw, it.pos)
	if it.pos < len(raw) && raw[it.pos] == ',' {
		it.pos = skipSpace(raw, it.pos+1)
	}
	if it.pos >= len(raw) || raw[it.pos] == ']' {
		return nil, false
	}
	start := it.pos
	it.pos = skipValue(raw, it.pos)
	return raw[start:it.pos], true
}

// count returns the number of items left.
func (it arrayItems) count() int {
	n := 0
	for _, ok := it.next(); ok; _, ok = it.next() {
		n++
	}
	return n
}

func skipSpace(data []byte, pos int) int {
	for pos < len(data) {
		switch data[pos] {
		case ' ', '\t', '\n', '\r':
			pos++
		default:
			return pos
		}
	}
	return pos
}

// skipValue returns the offset just after the valid JSON value that starts
// at pos.
func skipValue(data []byte, pos int) int {
	switch data[pos] {
	case '"':
		return skipString(data, pos)
	case '{', '[':
		depth := 0
		for pos < len(data) {
			switch data[pos] {
			case '"':
				pos = skipString(data, pos)
				continue
			case '{', '[':
				depth++
			case '}', ']':
				depth--
				if depth == 0 {
					return pos + 1
				}
			}
			pos++
		}
		return pos
	}
	for pos < len(data) {
		switch data[pos] {
		case ',', ']', '}', ' ', '\t', '\n', '\r':
			return pos
		}
		pos++
	}
	return pos
}

// skipString returns the offset just after the valid JSON string that
// starts at pos.
func skipString(data []byte, pos int) int {
	for pos++; pos < len(data); pos++ {
		switch data[pos] {
		case '\\':
			pos++
		case '"':
			return pos + 1
		}
	}
	return pos
}
