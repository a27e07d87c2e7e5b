package runtime

import (
	"errors"
	"strconv"
	"strings"
	"testing"

	"github.com/golang-jwt/jwt/v5"
)

func TestParseExposesHeaderAndClaims(t *testing.T) {
	token := hsToken(t, `{"alg":"HS256","kid":"k\u0031","typ":"at+jwt","jku":"https://attacker.example"}`, `{"ver":2,"sub":"alice","nested":{"a":[1,2]}}`)
	tok, err := hsVerifier().Parse(token)
	if err != nil {
		t.Fatal(err)
	}
	if tok.Algorithm() != "HS256" || tok.KeyID() != "k1" || tok.Type() != "at+jwt" {
		t.Errorf("header = %q %q %q, want HS256 k1 at+jwt", tok.Algorithm(), tok.KeyID(), tok.Type())
	}
	for name, want := range map[string]string{"ver": "2", "sub": `"alice"`, "nested": `{"a":[1,2]}`} {
		raw, ok := tok.Claim(name)
		if !ok || string(raw) != want {
			t.Errorf("Claim(%q) = %s, %v; want %s", name, raw, ok, want)
		}
	}
	if raw, ok := tok.Claim("a"); ok {
		t.Errorf("Claim(a) found %s; nested members are not top-level claims", raw)
	}
}

func TestParseHeaderErrors(t *testing.T) {
	tests := []struct {
		name     string
		header   string
		sentinel error
		claim    string
		rule     string
		detail   string
	}{
		{name: "no alg", header: `{"typ":"JWT"}`, sentinel: ErrHeaderInvalid, claim: "alg", rule: "malformed", detail: "header has no alg"},
		{name: "alg number", header: `{"alg":256}`, sentinel: ErrHeaderInvalid, claim: "alg", rule: "malformed", detail: "alg is not a string"},
		{name: "alg null", header: `{"alg":null}`, sentinel: ErrHeaderInvalid, claim: "alg", rule: "malformed", detail: "alg is not a string"},
		{name: "kid number", header: `{"alg":"HS256","kid":1}`, sentinel: ErrHeaderInvalid, claim: "kid", rule: "malformed", detail: "kid is not a string"},
		{name: "typ array", header: `{"alg":"HS256","typ":["JWT"]}`, sentinel: ErrHeaderInvalid, claim: "typ", rule: "malformed", detail: "typ is not a string"},
		{name: "array", header: `["HS256"]`, sentinel: jwt.ErrTokenMalformed, rule: "malformed", detail: "header: not a JSON object"},
		{name: "trailing data", header: `{"alg":"HS256"}x`, sentinel: jwt.ErrTokenMalformed, rule: "malformed", detail: "header: data after the JSON object"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := hsVerifier().Parse(hsToken(t, tt.header, `{}`))
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error = %v, want a *ValidationError", err)
			}
			if !errors.Is(err, tt.sentinel) || !errors.Is(err, jwt.ErrTokenMalformed) {
				t.Errorf("error %q does not wrap %v and jwt.ErrTokenMalformed", err, tt.sentinel)
			}
			if ve.Claim != tt.claim || ve.Rule != tt.rule || ve.Detail != tt.detail {
				t.Errorf("failure = %q %q %q, want %q %q %q", ve.Claim, ve.Rule, ve.Detail, tt.claim, tt.rule, tt.detail)
			}
		})
	}
}

func TestScanObject(t *testing.T) {
	deep := func(n int) string { return `{"a":` + strings.Repeat("[", n-1) + strings.Repeat("]", n-1) + `}` }
	tests := []struct {
		name    string
		json    string
		wantErr string
	}{
		{name: "empty object", json: `{}`},
		{name: "white space", json: " \r\n\t{ \"a\" : [ 1 , -0.5e+3 , true , false , null , \"\\u00e9\\n\" ] , \"b\" : { } } \n"},
		{name: "64 levels", json: deep(64)},
		{name: "65 levels", json: deep(65), wantErr: "JSON nested deeper than 64 levels"},
		{name: "invalid UTF-8", json: "{\"a\":\"\xff\"}", wantErr: "invalid UTF-8"},
		{name: "trailing comma", json: `{"a":1,}`, wantErr: "invalid JSON: expected a member name at offset 7"},
		{name: "single quotes", json: `{'a':1}`, wantErr: "invalid JSON: expected a member name at offset 1"},
		{name: "leading zero", json: `{"a":01}`, wantErr: "invalid JSON: expected ',' or '}' at offset 6"},
		{name: "NaN", json: `{"a":NaN}`, wantErr: "invalid JSON: unexpected character at offset 5"},
		{name: "bare fraction", json: `{"a":1.}`, wantErr: "invalid JSON: invalid number at offset 7"},
		{name: "control character", json: "{\"a\":\"\x01\"}", wantErr: "invalid JSON: control character in string at offset 6"},
		{name: "bad escape", json: `{"a":"\x"}`, wantErr: "invalid JSON: invalid escape at offset 7"},
		{name: "short unicode escape", json: `{"a":"\u12"}`, wantErr: "invalid JSON: invalid \\u escape at offset 7"},
		{name: "unterminated", json: `{"a":"b`, wantErr: "invalid JSON: unterminated string at offset 7"},
		{name: "two objects", json: `{}{}`, wantErr: "data after the JSON object"},
		{name: "string", json: `"a"`, wantErr: "not a JSON object"},
		{name: "misspelled literal", json: `{"a":tru}`, wantErr: "invalid JSON: invalid literal at offset 5"},
		{name: "duplicate in nested arrays", json: `{"a":[[{"x":1,"x":2}]]}`, wantErr: `member "a[0][0].x" appears more than once`},
		{name: "duplicate after array item", json: `{"a":[1,{"b":{"c":1,"c":2}}]}`, wantErr: `member "a[1].b.c" appears more than once`},
		{name: "duplicate escaped in nested object", json: `{"o":{"k":1,"\u006b":2}}`, wantErr: `member "o.k" appears more than once`},
		{name: "duplicate in large nested object", json: `{"o":{` + manyNames(20) + `,"n3":0}}`, wantErr: `member "o.n3" appears more than once`},
		{name: "large objects without duplicates", json: `{` + manyNames(40) + `,"o":{` + manyNames(40) + `}}`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := scanObject([]byte(tt.json))
			switch {
			case tt.wantErr == "" && err != nil:
				t.Errorf("error = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Errorf("error = nil, want %q", tt.wantErr)
			case tt.wantErr != "" && err.Error() != tt.wantErr:
				t.Errorf("error = %q, want %q", err, tt.wantErr)
			}
		})
	}
}

// manyNames returns n members "n0":0 to "n<n-1>":0, joined by commas.
func manyNames(n int) string {
	names := make([]string, n)
	for i := range names {
		names[i] = `"n` + strconv.Itoa(i) + `":0`
	}
	return strings.Join(names, ",")
}

func TestDecodeSegment(t *testing.T) {
	tests := []struct {
		name    string
		segment string
		want    string
		wantErr string
	}{
		{name: "valid", segment: "eyJhIjoxfQ", want: `{"a":1}`},
		{name: "padding", segment: "eyJhIjoxfQ==", wantErr: `character '=' at offset 10 is not base64url`},
		{name: "standard alphabet", segment: "ab+c", wantErr: `character '+' at offset 2 is not base64url`},
		{name: "line break", segment: "eyJh\nIjoxfQ", wantErr: `character '\n' at offset 4 is not base64url`},
		{name: "carriage return", segment: "eyJhIjoxfQ\r", wantErr: `character '\r' at offset 10 is not base64url`},
		{name: "space", segment: "eyJh IjoxfQ", wantErr: `character ' ' at offset 4 is not base64url`},
		{name: "trailing bits", segment: "eyJhIjoxfR", wantErr: "invalid base64url: illegal base64 data at input byte 8"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			buf := make([]byte, len(tt.segment))
			got, _, err := decodeSegment(buf, tt.segment)
			switch {
			case tt.wantErr == "" && err != nil:
				t.Fatalf("error = %v, want nil", err)
			case tt.wantErr != "" && err == nil:
				t.Fatalf("error = nil, want %q", tt.wantErr)
			case tt.wantErr != "" && err.Error() != tt.wantErr:
				t.Errorf("error = %q, want %q", err, tt.wantErr)
			case tt.wantErr == "" && string(got) != tt.want:
				t.Errorf("decoded = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestPayloadErrors(t *testing.T) {
	for _, payload := range []string{`"text"`, `[1]`, "It\u2019s a dangerous business", `{"a":1`} {
		_, err := hsVerifier().Parse(hsToken(t, `{"alg":"HS256"}`, payload))
		if !errors.Is(err, jwt.ErrTokenMalformed) {
			t.Errorf("payload %q: error = %v, want jwt.ErrTokenMalformed", payload, err)
		}
	}
}
