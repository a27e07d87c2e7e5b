package runtime

import (
	"context"
	"errors"
	"fmt"
	"testing"
)

// failingSource is a KeySource whose lookups all fail with err.
type failingSource struct{ err error }

func (s failingSource) LookupKey(context.Context, string, string) (Key, error) {
	return Key{}, s.err
}

func TestMultiKeySource(t *testing.T) {
	first := HMACKey("k", randomBytes(32))
	second := HMACKey("k", randomBytes(32))
	other := HMACKey("other", randomBytes(32))
	unavailable := failingSource{err: fmt.Errorf("%w: JWKS https://auth.example.com/jwks: no key set fetched yet", ErrKeysUnavailable)}

	tests := []struct {
		name    string
		sources []KeySource
		kid     string
		want    Key
	}{
		{name: "first source wins", sources: []KeySource{StaticKeys(first), StaticKeys(second)}, kid: "k", want: first},
		{name: "second source after not found", sources: []KeySource{StaticKeys(other), StaticKeys(second)}, kid: "k", want: second},
		{name: "second source after unavailable", sources: []KeySource{unavailable, StaticKeys(second)}, kid: "k", want: second},
		{name: "nil skipped", sources: []KeySource{nil, StaticKeys(first)}, kid: "k", want: first},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			key, err := MultiKeySource(tt.sources...).LookupKey(context.Background(), tt.kid, "HS256")
			if err != nil {
				t.Fatalf("LookupKey: %v", err)
			}
			if string(key.secret) != string(tt.want.secret) {
				t.Errorf("got the key of another source")
			}
		})
	}
}

func TestMultiKeySourceErrors(t *testing.T) {
	unavailable := failingSource{err: fmt.Errorf("%w: JWKS https://auth.example.com/jwks: no key set fetched yet", ErrKeysUnavailable)}
	keys := StaticKeys(HMACKey("other", randomBytes(32)))

	tests := []struct {
		name      string
		sources   []KeySource
		sentinels []error
		notWant   error
		wantErr   string
	}{
		{
			name:      "not found in all",
			sources:   []KeySource{keys, StaticKeys(HMACKey("third", randomBytes(32)))},
			sentinels: []error{ErrKeyNotFound},
			notWant:   ErrKeysUnavailable,
			wantErr: `key not found: none of 2 key sources has a key for kid "k" and alg "HS256": ` +
				`key source 1: key not found: no key has kid "k"; key source 2: key not found: no key has kid "k"`,
		},
		{
			name:      "unavailable and not found",
			sources:   []KeySource{unavailable, keys},
			sentinels: []error{ErrKeysUnavailable, ErrKeyNotFound},
			wantErr: `key source 1: keys unavailable: JWKS https://auth.example.com/jwks: no key set fetched yet; ` +
				`key source 2: key not found: no key has kid "k"`,
		},
		{
			name:      "no sources",
			sources:   []KeySource{nil},
			sentinels: []error{ErrKeyNotFound},
			wantErr:   "key not found: no key sources to ask",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := MultiKeySource(tt.sources...).LookupKey(context.Background(), "k", "HS256")
			if err == nil {
				t.Fatalf("expected error %q, got nil", tt.wantErr)
			}
			for _, sentinel := range tt.sentinels {
				if !errors.Is(err, sentinel) {
					t.Errorf("error does not wrap %v", sentinel)
				}
			}
			if tt.notWant != nil && errors.Is(err, tt.notWant) {
				t.Errorf("error wraps %v", tt.notWant)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.wantErr)
			}
		})
	}
}

func TestMultiKeySourceWithRemote(t *testing.T) {
	// During a migration the old endpoint is down and the new one serves
	// the key.
	old := newJWKSServer(t, nil)
	old.respond(503, nil)
	current := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	clock := newTestClock()
	s := MultiKeySource(newTestRemote(t, old, clock), newTestRemote(t, current, clock))

	wantKid(t, s, "a")
	wantHits(t, old, 1)
	wantHits(t, current, 1)
}
