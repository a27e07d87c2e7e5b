package runtime_test

import (
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/jwtgen/jwtgen/internal/allkinds"
	"github.com/jwtgen/jwtgen/runtime"
	"github.com/jwtgen/jwtgen/runtime/contracttest"
)

// newAllKindsClaims returns a new claims struct of each version of the
// AllKinds contract, whose versions use every claim type.
var newAllKindsClaims = map[int]func() runtime.ClaimsDecoder{
	1: func() runtime.ClaimsDecoder { return new(allkinds.AllKindsV1) },
	2: func() runtime.ClaimsDecoder { return new(allkinds.AllKindsV2) },
	3: func() runtime.ClaimsDecoder { return new(allkinds.AllKindsV3) },
}

// compareDecoders decodes payload into a new claims struct of version with
// the generated DecodeClaims and into another with encoding/json, and
// reports any difference.
func compareDecoders(t *testing.T, version int, payload []byte) {
	t.Helper()
	p, err := runtime.NewPayload(payload)
	if err != nil {
		t.Fatalf("NewPayload: %v", err)
	}
	got, want := newAllKindsClaims[version](), newAllKindsClaims[version]()
	if err := got.DecodeClaims(p); err != nil {
		t.Fatalf("DecodeClaims: %v", err)
	}
	if err := json.Unmarshal(payload, want); err != nil {
		t.Fatalf("json.Unmarshal: %v", err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("DecodeClaims gave\n%+v\nencoding/json gave\n%+v", got, want)
	}
}

// TestGeneratedDecodeMatchesJSON checks that the generated DecodeClaims
// fills the AllKinds claims structs exactly as encoding/json does, for the
// payloads of the accepted golden cases and for hand-written payloads with
// white space, escapes and unknown members.
func TestGeneratedDecodeMatchesJSON(t *testing.T) {
	cases, err := contracttest.Load(filepath.Join("..", "internal", "allkinds", "testdata", "jwtgen", "AllKinds"))
	if err != nil {
		t.Fatal(err)
	}
	// nested counts the accepted version 3 payloads with every object,
	// map and json claim, so that the test fails if the cases lose them.
	nested := 0
	for _, c := range cases {
		if !c.Expect.Accept {
			continue
		}
		payload := []byte(c.PayloadRaw)
		if c.PayloadRaw == "" {
			if payload, err = json.Marshal(c.Payload); err != nil {
				t.Fatal(err)
			}
		}
		t.Run(c.Name, func(t *testing.T) {
			compareDecoders(t, c.Version, payload)
		})
		if c.Version == 3 && hasMembers(c.Payload, "profile", "devices", "labels", "settings", "extra", "blobs") {
			nested++
		}
	}
	if nested == 0 {
		t.Error("no accepted version 3 case has the profile, devices, labels, settings, extra and blobs claims")
	}

	tests := []struct {
		name    string
		version int
		payload string
	}{
		{name: "v1 claims", version: 1, payload: `{"uid":"u\u0031","scope":" items:read  items:write","tenant":"t","level":3,"ver":1}`},
		{name: "v2 profile", version: 2, payload: `{"tenant":"t","profile":{"name":"n","site":"https://a.example","extra":1}}`},
		{name: "v2 empty profile", version: 2, payload: `{"profile":{}}`},
		{
			name:    "v3 nested white space and escapes",
			version: 3,
			payload: `{ "profile" : { "display_name" : "caf\u00e9" , "address" : { "city" : "a\"b" , "zip" : "01234" , "x" : [ ] } } ,
				"devices" : [ { "id" : "d1" } , { "id" : "d2" , "name" : "\ud83d\ude00" , "extra" : { } } ] ,
				"labels" : { "t\u0065am" : "co\\re" , "" : "" } ,
				"settings" : [ { } , { "a" : "b" } ] ,
				"extra" : { "flags" : [ 1 , 2.5 , "x" , true , null ] } ,
				"blobs" : [ 1 , "s" , { "a" : [ ] } , [ null ] , false ] }`,
		},
		{name: "v3 empty arrays and objects", version: 3, payload: `{"devices":[],"settings":[],"blobs":[],"labels":{},"profile":{"address":{}}}`},
		{name: "v3 scalar json", version: 3, payload: `{"extra":"x","blobs":[-0.5e1]}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			compareDecoders(t, tt.version, []byte(tt.payload))
		})
	}
}

// hasMembers reports whether o has a member called each of names.
func hasMembers(o contracttest.Object, names ...string) bool {
	for _, name := range names {
		if _, ok := o.Get(name); !ok {
			return false
		}
	}
	return true
}
