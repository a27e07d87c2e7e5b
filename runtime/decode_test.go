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
