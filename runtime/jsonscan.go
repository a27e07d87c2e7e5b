package runtime

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
	"unicode/utf8"
)

// maxJSONDepth is the deepest nesting of objects and arrays accepted in a
// header or payload.
const maxJSONDepth = 64

// manyMembers is the member count from which duplicate detection in one
// object switches from linear comparison to a map.
const manyMembers = 16

// jsonMember is one member of a JSON object.
type jsonMember struct {
	// name is the member name with escapes decoded.
	name []byte
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

// pathSegment is one step of the path to the value being scanned: a
// member name, or an array index when name is nil.
type pathSegment struct {
	name  []byte
	index int
}

// jsonScanner validates a JSON object strictly (RFC 8259): no duplicate
// member names at any depth, valid UTF-8, nesting no deeper than
// maxJSONDepth and nothing after the object but white space. It records
// the members of the outermost object.
type jsonScanner struct {
	data  []byte
	pos   int
	depth int
	// names stacks the member names of the objects being scanned.
	names [][]byte
	path  []pathSegment
	top   []jsonMember
}

// scanObject validates data as a JSON object and returns its members.
func scanObject(data []byte) ([]jsonMember, *jsonError) {
	return scanObjectCap(data, 16)
}

// scanObjectCap is scanObject with room for capacity members before the
// returned slice grows.
func scanObjectCap(data []byte, capacity int) ([]jsonMember, *jsonError) {
	if !utf8.Valid(data) {
		return nil, &jsonError{msg: "invalid UTF-8"}
	}
	// Stack arrays back the name and path stacks of typical tokens. They
	// live outside s, because a struct that points into itself is moved
	// to the heap.
	var namesBuf [32][]byte
	var pathBuf [8]pathSegment
	var s jsonScanner
	s.data = data
	s.names = namesBuf[:0]
	s.path = pathBuf[:0]
	s.top = make([]jsonMember, 0, capacity)
	s.skipSpace()
	if s.pos >= len(data) || data[s.pos] != '{' {
		return nil, &jsonError{msg: "not a JSON object"}
	}
	if err := s.object(); err != nil {
		return nil, err
	}
	s.skipSpace()
	if s.pos != len(data) {
		return nil, &jsonError{msg: "data after the JSON object"}
	}
	return s.top, nil
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

func (s *jsonScanner) object() *jsonError {
	if err := s.enter(); err != nil {
		return err
	}
	s.pos++ // '{'
	first := len(s.names)
	var seen map[string]struct{}

	s.skipSpace()
	if s.pos < len(s.data) && s.data[s.pos] == '}' {
		s.pos++
		s.depth--
		return nil
	}
	for {
		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != '"' {
			return s.syntaxError("expected a member name")
		}
		raw, err := s.scanString()
		if err != nil {
			return err
		}
		name := unquoteName(raw)

		if err := s.checkDuplicate(name, first, &seen); err != nil {
			return err
		}
		s.names = append(s.names, name)

		s.skipSpace()
		if s.pos >= len(s.data) || s.data[s.pos] != ':' {
			return s.syntaxError("expected ':'")
		}
		s.pos++
		s.skipSpace()

		start := s.pos
		s.path = append(s.path, pathSegment{name: name})
		if err := s.value(); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		if s.depth == 1 {
			s.top = append(s.top, jsonMember{name: name, value: s.data[start:s.pos]})
		}

		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.syntaxError("unexpected end")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case '}':
			s.pos++
			s.names = s.names[:first]
			s.depth--
			return nil
		default:
			return s.syntaxError("expected ',' or '}'")
		}
	}
}

// checkDuplicate reports name if the object whose names start at
// s.names[first] already has it. Large objects use the map *seen.
func (s *jsonScanner) checkDuplicate(name []byte, first int, seen *map[string]struct{}) *jsonError {
	names := s.names[first:]
	dup := false
	switch {
	case *seen != nil:
		_, dup = (*seen)[string(name)]
		(*seen)[string(name)] = struct{}{}
	case len(names) >= manyMembers:
		*seen = make(map[string]struct{}, 2*len(names))
		for _, n := range names {
			(*seen)[string(n)] = struct{}{}
		}
		_, dup = (*seen)[string(name)]
		(*seen)[string(name)] = struct{}{}
	default:
		for _, n := range names {
			if bytes.Equal(n, name) {
				dup = true
				break
			}
		}
	}
	if !dup {
		return nil
	}
	return &jsonError{duplicate: true, path: s.pathString(name)}
}

// pathString renders the current path followed by name, like
// "items[2].sku".
func (s *jsonScanner) pathString(name []byte) string {
	var b strings.Builder
	for _, seg := range s.path {
		if seg.name == nil {
			b.WriteString("[" + strconv.Itoa(seg.index) + "]")
			continue
		}
		if b.Len() > 0 {
			b.WriteByte('.')
		}
		b.WriteString(clip(string(seg.name)))
	}
	if b.Len() > 0 {
		b.WriteByte('.')
	}
	b.WriteString(clip(string(name)))
	return b.String()
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
		s.path = append(s.path, pathSegment{index: i})
		if err := s.value(); err != nil {
			return err
		}
		s.path = s.path[:len(s.path)-1]
		s.skipSpace()
		if s.pos >= len(s.data) {
			return s.syntaxError("unexpected end")
		}
		switch s.data[s.pos] {
		case ',':
			s.pos++
		case ']':
			s.pos++
			s.depth--
			return nil
		default:
			return s.syntaxError("expected ',' or ']'")
		}
	}
}

// scanString scans a JSON string and returns it raw, with its quotes.
func (s *jsonScanner) scanString() ([]byte, *jsonError) {
	start := s.pos
	s.pos++ // opening quote
	for s.pos < len(s.data) {
		c := s.data[s.pos]
		switch {
		case c == '"':
			s.pos++
			return s.data[start:s.pos], nil
		case c == '\\':
			if err := s.escape(); err != nil {
				return nil, err
			}
		case c < 0x20:
			return nil, s.syntaxError("control character in string")
		default:
			s.pos++
		}
	}
	return nil, s.syntaxError("unterminated string")
}

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

// stringValue decodes a raw JSON value that must be a string.
func stringValue(raw []byte) (string, bool) {
	if len(raw) < 2 || raw[0] != '"' {
		return "", false
	}
	return string(unquoteName(raw)), true
}

// lookupMember returns the value of the member called name.
func lookupMember(members []jsonMember, name string) ([]byte, bool) {
	for _, m := range members {
		if string(m.name) == name {
			return m.value, true
		}
	}
	return nil, false
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
