package runtime

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"testing"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

// decodeTestClaims has a field of every kind that a generated DecodeClaims
// decodes by hand.
type decodeTestClaims struct {
	jwt.RegisteredClaims
	Name   string           `json:"name"`
	Nick   *string          `json:"nick,omitempty"`
	Level  *int64           `json:"level,omitempty"`
	Score  float64          `json:"score"`
	Admin  *bool            `json:"admin,omitempty"`
	Seen   *jwt.NumericDate `json:"seen,omitempty"`
	Scope  SpaceDelimited   `json:"scope,omitempty"`
	Roles  []string         `json:"roles,omitempty"`
	Counts []int64          `json:"counts,omitempty"`
}

func (c *decodeTestClaims) decode(p Payload) error {
	if err := p.DecodeRegistered(&c.RegisteredClaims); err != nil {
		return err
	}
	for _, err := range []error{
		Decode(p, "name", &c.Name, ParseString[string]),
		DecodePtr(p, "nick", &c.Nick, ParseString[string]),
		DecodePtr(p, "level", &c.Level, ParseInt),
		Decode(p, "score", &c.Score, ParseNumber),
		DecodePtr(p, "admin", &c.Admin, ParseBool),
		DecodePtr(p, "seen", &c.Seen, ParseNumericDate),
		Decode(p, "scope", &c.Scope, ParseSpaceDelimited),
		DecodeArray(p, "roles", &c.Roles, ParseString[string]),
		DecodeArray(p, "counts", &c.Counts, ParseInt),
	} {
		if err != nil {
			return err
		}
	}
	return nil
}

// decodeByMember decodes c as generated DecodeClaims methods do: one pass
// over the members with a switch on the name.
func (c *decodeTestClaims) decodeByMember(p Payload) error {
	if err := p.DecodeRegistered(&c.RegisteredClaims); err != nil {
		return err
	}
	for i := range p.Len() {
		name, raw := p.Member(i)
		var err error
		switch name {
		case "name":
			c.Name, err = ParseString[string](raw)
		case "nick":
			c.Nick, err = ParsePointer(raw, ParseString[string])
		case "level":
			c.Level, err = ParsePointer(raw, ParseInt)
		case "score":
			c.Score, err = ParseNumber(raw)
		case "admin":
			c.Admin, err = ParsePointer(raw, ParseBool)
		case "seen":
			c.Seen, err = ParsePointer(raw, ParseNumericDate)
		case "scope":
			c.Scope, err = ParseSpaceDelimited(raw)
		case "roles":
			c.Roles, err = ParseArray(raw, ParseString[string])
		case "counts":
			c.Counts, err = ParseArray(raw, ParseInt)
		}
		if err != nil {
			return fmt.Errorf("claim %q: %w", name, err)
		}
	}
	return nil
}

// TestDecodeMatchesJSON checks that the hand decoders fill a struct exactly
// as encoding/json does for payloads that pass the shape walk.
func TestDecodeMatchesJSON(t *testing.T) {
	tests := []struct {
		name    string
		payload string
	}{
		{name: "empty", payload: `{}`},
		{name: "registered", payload: `{"iss":"https://a.example","sub":"alice","aud":"api","exp":1700000600,"nbf":1700000000.75,"iat":1700000000,"jti":"j-1"}`},
		{name: "audience array", payload: `{"aud":["a","b"]}`},
		{name: "audience empty array", payload: `{"aud":[]}`},
		{name: "escaped strings", payload: `{"name":"caf\u00e9 \"x\"","nick":"\ud83d\ude00","sub":"a\/b"}`},
		{name: "numbers", payload: `{"level":-42,"score":1.5e3,"seen":1700000000.999}`},
		{name: "booleans", payload: `{"admin":false}`},
		{name: "scopes", payload: `{"scope":"  read   write "}`},
		{name: "arrays", payload: `{"roles":["a", "b" ,"c"],"counts":[1, -2, 3]}`},
		{name: "empty arrays", payload: `{"roles":[],"counts":[ ]}`},
		{name: "nested values in unknown members", payload: `{"x":{"roles":[1]},"y":[[],{}],"name":"n"}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			members, jerr := scanObject([]byte(tt.payload))
			if jerr != nil {
				t.Fatalf("scanObject: %v", jerr)
			}
			var want, got, gotByMember decodeTestClaims
			if err := json.Unmarshal([]byte(tt.payload), &want); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if err := got.decode(Payload{members: members}); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decode gave\n%+v\nencoding/json gave\n%+v", got, want)
			}
			if err := gotByMember.decodeByMember(Payload{members: members}); err != nil {
				t.Fatalf("decodeByMember: %v", err)
			}
			if !reflect.DeepEqual(gotByMember, want) {
				t.Errorf("decodeByMember gave\n%+v\nencoding/json gave\n%+v", gotByMember, want)
			}
		})
	}
}

// TestParseArrayErrors checks the messages of ParseArray, which name the
// failed item.
func TestParseArrayErrors(t *testing.T) {
	tests := []struct {
		name string
		raw  string
		want string
	}{
		{name: "not an array", raw: `"a"`, want: "claim invalid: not an array"},
		{name: "second item", raw: `["a",1]`, want: "item 1: claim invalid: not a string"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseArray([]byte(tt.raw), ParseString[string])
			if !errors.Is(err, ErrClaimInvalid) {
				t.Fatalf("error = %v, want ErrClaimInvalid", err)
			}
			if err.Error() != tt.want {
				t.Errorf("message = %q, want %q", err, tt.want)
			}
		})
	}
}

// TestDecodeRegisteredDates checks that exp, nbf and iat, which share one
// allocation, are distinct values.
func TestDecodeRegisteredDates(t *testing.T) {
	members, jerr := scanObject([]byte(`{"exp":1700000600,"nbf":1700000100,"iat":1700000000}`))
	if jerr != nil {
		t.Fatal(jerr)
	}
	var rc jwt.RegisteredClaims
	if err := (Payload{members: members}).DecodeRegistered(&rc); err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name string
		date *jwt.NumericDate
		want int64
	}{
		{name: "exp", date: rc.ExpiresAt, want: 1700000600},
		{name: "nbf", date: rc.NotBefore, want: 1700000100},
		{name: "iat", date: rc.IssuedAt, want: 1700000000},
	} {
		if tc.date == nil || tc.date.Unix() != tc.want {
			t.Errorf("%s = %v, want %d", tc.name, tc.date, tc.want)
		}
	}
	rc.ExpiresAt.Time = rc.ExpiresAt.Add(time.Hour)
	if rc.IssuedAt.Unix() != 1700000000 || rc.NotBefore.Unix() != 1700000100 {
		t.Errorf("changing exp changed iat or nbf: iat %v, nbf %v", rc.IssuedAt, rc.NotBefore)
	}
}

// TestArrayItems checks the item iterator on arrays with nested values,
// escapes and white space.
func TestArrayItems(t *testing.T) {
	tests := []struct {
		name  string
		array string
		want  []string
	}{
		{name: "empty", array: `[]`, want: nil},
		{name: "spaces only", array: `[ ]`, want: nil},
		{name: "scalars", array: `[1,"a",true,null,-2.5e1]`, want: []string{`1`, `"a"`, `true`, `null`, `-2.5e1`}},
		{name: "nested", array: `[ {"a":[1,"]"]} , [[]], "x\"]" ]`, want: []string{`{"a":[1,"]"]}`, `[[]]`, `"x\"]"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []string
			items := newArrayItems([]byte(tt.array))
			if n := items.count(); n != len(tt.want) {
				t.Errorf("count = %d, want %d", n, len(tt.want))
			}
			for item, ok := items.next(); ok; item, ok = items.next() {
				got = append(got, string(item))
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("items = %q, want %q", got, tt.want)
			}
		})
	}
}

// nestedTestClaims has a field of every kind that a generated DecodeClaims
// decodes through DecodeObject, ParseObjects, ParseMap or ParseRaw.
type nestedTestClaims struct {
	jwt.RegisteredClaims
	Profile  *nestedTestProfile  `json:"profile,omitempty"`
	Address  nestedTestAddress   `json:"address"`
	Devices  []nestedTestAddress `json:"devices,omitempty"`
	Labels   map[string]string   `json:"labels,omitempty"`
	Settings []map[string]string `json:"settings,omitempty"`
	Extra    json.RawMessage     `json:"extra,omitempty"`
	Blobs    []json.RawMessage   `json:"blobs,omitempty"`
}

type nestedTestProfile struct {
	Name    string             `json:"name"`
	Address *nestedTestAddress `json:"address,omitempty"`
}

type nestedTestAddress struct {
	City string  `json:"city"`
	Zip  *string `json:"zip,omitempty"`
}

// decode decodes c as generated DecodeClaims methods do.
func (c *nestedTestClaims) decode(p Payload) error {
	if err := p.DecodeRegistered(&c.RegisteredClaims); err != nil {
		return err
	}
	for i := range p.Len() {
		name, raw := p.Member(i)
		var err error
		switch name {
		case "profile":
			c.Profile = new(nestedTestProfile)
			err = DecodeObject(raw, c.Profile.decode)
		case "address":
			err = DecodeObject(raw, c.Address.decode)
		case "devices":
			c.Devices, err = ParseObjects(raw, (*nestedTestAddress).decode)
		case "labels":
			c.Labels, err = ParseMap(raw)
		case "settings":
			c.Settings, err = ParseArray(raw, ParseMap)
		case "extra":
			c.Extra, err = ParseRaw(raw)
		case "blobs":
			c.Blobs, err = ParseArray(raw, ParseRaw)
		}
		if err != nil {
			return fmt.Errorf("claim %q: %w", name, err)
		}
	}
	return nil
}

func (o *nestedTestProfile) decode(p Payload) error {
	for i := range p.Len() {
		name, raw := p.Member(i)
		var err error
		switch name {
		case "name":
			o.Name, err = ParseString[string](raw)
		case "address":
			o.Address = new(nestedTestAddress)
			err = DecodeObject(raw, o.Address.decode)
		}
		if err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
	}
	return nil
}

func (o *nestedTestAddress) decode(p Payload) error {
	for i := range p.Len() {
		name, raw := p.Member(i)
		var err error
		switch name {
		case "city":
			o.City, err = ParseString[string](raw)
		case "zip":
			o.Zip, err = ParsePointer(raw, ParseString[string])
		}
		if err != nil {
			return fmt.Errorf("member %q: %w", name, err)
		}
	}
	return nil
}

// TestDecodeNestedMatchesJSON checks that DecodeObject, ParseObjects,
// ParseMap and ParseRaw fill a struct exactly as encoding/json does for
// payloads whose member names match the fields exactly.
func TestDecodeNestedMatchesJSON(t *testing.T) {
	tests := []struct {
		name    string
		payload string
	}{
		{name: "empty", payload: `{}`},
		{name: "nested objects", payload: `{"profile":{"name":"ann","address":{"city":"Oslo","zip":"0150"}},"address":{"city":"Bergen"}}`},
		{name: "empty objects", payload: `{"profile":{},"address":{},"labels":{},"settings":[{}]}`},
		{name: "unknown nested members", payload: `{"profile":{"name":"a","x":{"name":1},"y":[{}]},"address":{"city":"c","street":"s"}}`},
		{name: "array of objects", payload: `{"devices":[{"city":"a"}, {"city":"b","zip":"1"} ,{}]}`},
		{name: "empty arrays", payload: `{"devices":[],"settings":[ ],"blobs":[]}`},
		{name: "maps with escapes", payload: `{"labels":{"te\u0061m":"co\"re","k":"caf\u00e9","":""},"settings":[{"a":"b"},{"c":"\ud83d\ude00"}]}`},
		{name: "raw json", payload: `{"extra":{ "flags" : [1, 2.5, "x", true, null] },"blobs":[ 1 ,"s",{"a":[]}, [null], false]}`},
		{name: "raw json scalar", payload: `{"extra":"a\nb"}`},
		{name: "raw json number", payload: `{"extra":-1.5e3}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := NewPayload([]byte(tt.payload))
			if err != nil {
				t.Fatalf("NewPayload: %v", err)
			}
			var want, got nestedTestClaims
			if err := json.Unmarshal([]byte(tt.payload), &want); err != nil {
				t.Fatalf("json.Unmarshal: %v", err)
			}
			if err := got.decode(p); err != nil {
				t.Fatalf("decode: %v", err)
			}
			if !reflect.DeepEqual(got, want) {
				t.Errorf("decode gave\n%+v\nencoding/json gave\n%+v", got, want)
			}
		})
	}
}

// TestParseRawCopies checks that the message of ParseRaw does not share
// memory with the payload.
func TestParseRawCopies(t *testing.T) {
	raw := []byte(`{"a":1}`)
	msg, err := ParseRaw(raw)
	if err != nil {
		t.Fatal(err)
	}
	raw[1] = 'X'
	if string(msg) != `{"a":1}` {
		t.Errorf("message = %s after the payload changed, want {\"a\":1}", msg)
	}
}

// TestParseNestedErrors checks the errors of the helpers that decode
// objects, maps and raw JSON when given a value of another type.
func TestParseNestedErrors(t *testing.T) {
	decodeAddress := func(raw []byte) error {
		var a nestedTestAddress
		return DecodeObject(raw, a.decode)
	}
	tests := []struct {
		name string
		call func() error
		want string
	}{
		{
			name: "object not an object",
			call: func() error { return decodeAddress([]byte(`[]`)) },
			want: "claim invalid: not an object",
		},
		{
			name: "object member of another type",
			call: func() error { return decodeAddress([]byte(`{"city":1}`)) },
			want: `member "city": claim invalid: not a string`,
		},
		{
			name: "objects not an array",
			call: func() error {
				_, err := ParseObjects([]byte(`{}`), (*nestedTestAddress).decode)
				return err
			},
			want: "claim invalid: not an array",
		},
		{
			name: "objects item not an object",
			call: func() error {
				_, err := ParseObjects([]byte(`[{},"a"]`), (*nestedTestAddress).decode)
				return err
			},
			want: "item 1: claim invalid: not an object",
		},
		{
			name: "map not an object",
			call: func() error {
				_, err := ParseMap([]byte(`"a"`))
				return err
			},
			want: "claim invalid: not an object",
		},
		{
			name: "map value not a string",
			call: func() error {
				_, err := ParseMap([]byte(`{"a":"b","c":true}`))
				return err
			},
			want: `member "c": claim invalid: not a string`,
		},
		{
			name: "raw empty",
			call: func() error {
				_, err := ParseRaw(nil)
				return err
			},
			want: "claim invalid: empty JSON value",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.call()
			if err == nil {
				t.Fatal("wanted an error, got nil")
			}
			if !errors.Is(err, ErrClaimInvalid) {
				t.Errorf("error = %v, want ErrClaimInvalid", err)
			}
			if err.Error() != tt.want {
				t.Errorf("message = %q, want %q", err, tt.want)
			}
		})
	}
}

// TestNewPayloadErrors checks that NewPayload rejects what the verifier
// rejects in a token's payload, with the verifier's sentinels.
func TestNewPayloadErrors(t *testing.T) {
	tests := []struct {
		name     string
		data     string
		sentinel error
		want     string
	}{
		{name: "not an object", data: `[]`, sentinel: jwt.ErrTokenMalformed, want: "token is malformed: payload: not a JSON object"},
		{name: "trailing data", data: `{} {}`, sentinel: jwt.ErrTokenMalformed, want: "token is malformed: payload: data after the JSON object"},
		{name: "nested duplicate", data: `{"a":{"b":1,"b":2}}`, sentinel: ErrClaimInvalid, want: `claim invalid: member "a.b" appears more than once`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := NewPayload([]byte(tt.data))
			if err == nil {
				t.Fatal("wanted an error, got nil")
			}
			if !errors.Is(err, tt.sentinel) {
				t.Errorf("error = %v, want %v", err, tt.sentinel)
			}
			if err.Error() != tt.want {
				t.Errorf("message = %q, want %q", err, tt.want)
			}
		})
	}
}
