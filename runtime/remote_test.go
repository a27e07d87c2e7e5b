package runtime

import (
	"bytes"
	"context"
	"crypto/ecdsa"
	"crypto/elliptic"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	jose "github.com/go-jose/go-jose/v4"
)

// jwksServer is a JWK set endpoint on loopback whose response a test can
// change between requests.
type jwksServer struct {
	*httptest.Server
	hits atomic.Int64

	mu     sync.Mutex
	status int
	body   []byte
	header http.Header
	// block, when not nil, holds every request until it is closed or the
	// request's context ends.
	block chan struct{}
}

func newJWKSServer(t *testing.T, body []byte) *jwksServer {
	t.Helper()
	s := &jwksServer{status: http.StatusOK, body: body, header: http.Header{}}
	s.Server = httptest.NewServer(http.HandlerFunc(s.serve))
	t.Cleanup(s.Close)
	return s
}

func (s *jwksServer) serve(w http.ResponseWriter, r *http.Request) {
	s.hits.Add(1)
	s.mu.Lock()
	status, body, block := s.status, s.body, s.block
	for name, values := range s.header {
		w.Header()[name] = values
	}
	s.mu.Unlock()

	if block != nil {
		select {
		case <-block:
		case <-r.Context().Done():
			return
		}
	}
	w.WriteHeader(status)
	w.Write(body)
}

// respond sets the status and body of later responses.
func (s *jwksServer) respond(status int, body []byte) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.status, s.body = status, body
}

// hold makes later requests wait until release is called.
func (s *jwksServer) hold() (release func()) {
	block := make(chan struct{})
	s.mu.Lock()
	s.block = block
	s.mu.Unlock()
	return func() {
		s.mu.Lock()
		s.block = nil
		s.mu.Unlock()
		close(block)
	}
}

func (s *jwksServer) jwksURL() string { return s.URL + "/jwks" }

// testClock is a clock that moves only when a test advances it.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newTestClock() *testClock { return &testClock{now: testNow} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Advance(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// refreshEvents is a KeyObserver that sends each refresh outcome, such as
// "ok 2" or "failed: ...", on a channel. It drops events when the channel
// is full, so that a test that stops reading never blocks a fetch.
type refreshEvents chan string

func (e refreshEvents) KeysRefreshed(_ context.Context, _ string, count int) {
	e.send(fmt.Sprintf("ok %d", count))
}

func (e refreshEvents) KeyRefreshFailed(_ context.Context, _ string, err error) {
	e.send("failed: " + err.Error())
}

func (e refreshEvents) send(event string) {
	select {
	case e <- event:
	default:
	}
}

// next returns the next event, failing the test after a second.
func (e refreshEvents) next(t *testing.T) string {
	t.Helper()
	select {
	case ev := <-e:
		return ev
	case <-time.After(time.Second):
		t.Fatal("no refresh event within 1s")
		return ""
	}
}

// ecJWKKeys maps each kid of ecJWK to its private key, so that a kid
// names the same key in every set of a test binary.
var ecJWKKeys sync.Map

// ecJWK returns the public P-256 JWK with key ID kid, for ES256.
func ecJWK(kid string) jose.JSONWebKey {
	k, _ := ecJWKKeys.LoadOrStore(kid, generateEC(elliptic.P256()))
	return jose.JSONWebKey{Key: &k.(*ecdsa.PrivateKey).PublicKey, KeyID: kid, Algorithm: "ES256", Use: "sig"}
}

// jwksBody returns a JWK set of keys as JSON.
func jwksBody(t *testing.T, keys ...jose.JSONWebKey) []byte {
	t.Helper()
	var b bytes.Buffer
	b.WriteString(`{"keys":[`)
	for i, k := range keys {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(jwkJSON(t, k))
	}
	b.WriteString(`]}`)
	return b.Bytes()
}

// newTestRemote makes a RemoteKeySource for srv that allows http, uses
// clock, and is closed when the test ends.
func newTestRemote(t *testing.T, srv *jwksServer, clock *testClock, opts ...RemoteOption) *RemoteKeySource {
	t.Helper()
	opts = append([]RemoteOption{WithAllowHTTP(true), WithRemoteClock(clock.Now)}, opts...)
	s, err := RemoteJWKS(srv.jwksURL(), opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { s.Close() })
	return s
}

// lookupKid looks up kid for ES256 with a background context.
func lookupKid(s KeySource, kid string) (Key, error) {
	return s.LookupKey(context.Background(), kid, "ES256")
}

func wantKid(t *testing.T, s KeySource, kid string) {
	t.Helper()
	key, err := lookupKid(s, kid)
	if err != nil {
		t.Fatalf("lookup of kid %q: %v", kid, err)
	}
	if key.ID() != kid {
		t.Fatalf("lookup of kid %q returned key %q", kid, key.ID())
	}
}

func wantLookupError(t *testing.T, err, sentinel error, msg string) {
	t.Helper()
	if err == nil {
		t.Fatalf("expected an error wrapping %v, got nil", sentinel)
	}
	if sentinel != nil && !errors.Is(err, sentinel) {
		t.Errorf("error %q does not wrap %v", err, sentinel)
	}
	if err.Error() != msg {
		t.Errorf("error =\n%s\nwant\n%s", err, msg)
	}
}

func wantHits(t *testing.T, srv *jwksServer, want int64) {
	t.Helper()
	if got := srv.hits.Load(); got != want {
		t.Errorf("server hits = %d, want %d", got, want)
	}
}

// waitDone fails the test when wg does not finish within a second.
func waitDone(t *testing.T, wg *sync.WaitGroup) {
	t.Helper()
	done := make(chan struct{})
	go func() {
		wg.Wait()
		close(done)
	}()
	select {
	case <-done:
	case <-time.After(time.Second):
		t.Fatal("goroutines still running after 1s")
	}
}

func TestRemoteJWKSConfig(t *testing.T) {
	tests := []struct {
		name    string
		url     string
		opts    []RemoteOption
		wantErr string
	}{
		{name: "https", url: "https://auth.example.com/jwks"},
		{name: "http allowed", url: "http://127.0.0.1:1/jwks", opts: []RemoteOption{WithAllowHTTP(true)}},
		{
			name:    "http refused",
			url:     "http://127.0.0.1:1/jwks",
			wantErr: `remote JWKS: URL "http://127.0.0.1:1/jwks" uses http; use https, or WithAllowHTTP(true) for a test server on loopback`,
		},
		{
			name:    "http refused without query",
			url:     "http://user:secret@127.0.0.1:1/jwks?api_key=secret",
			wantErr: `remote JWKS: URL "http://127.0.0.1:1/jwks" uses http; use https, or WithAllowHTTP(true) for a test server on loopback`,
		},
		{name: "other scheme", url: "file:///etc/jwks.json", wantErr: `remote JWKS: URL "file:///etc/jwks.json" must use https`},
		{name: "no host", url: "https:///jwks", wantErr: `remote JWKS: URL "https:///jwks" has no host`},
		{name: "relative", url: "/jwks", wantErr: `remote JWKS: URL "/jwks" must use https`},
		{name: "unparsable", url: "https://auth example.com/", wantErr: `remote JWKS: invalid URL: parse "https://auth example.com/": invalid character " " in host name`},
		{
			name:    "bounds reversed",
			url:     "https://auth.example.com/jwks",
			opts:    []RemoteOption{WithRefreshBounds(time.Hour, time.Minute)},
			wantErr: "remote JWKS: maximum refresh interval 1m0s is below the minimum 1h0m0s",
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, err := RemoteJWKS(tt.url, tt.opts...)
			if tt.wantErr == "" {
				if err != nil {
					t.Fatalf("RemoteJWKS: %v", err)
				}
				s.Close()
				return
			}
			if err == nil {
				s.Close()
				t.Fatalf("expected error %q, got nil", tt.wantErr)
			}
			if err.Error() != tt.wantErr {
				t.Errorf("error =\n%s\nwant\n%s", err, tt.wantErr)
			}
		})
	}
}

func TestRemoteFirstFetchOnLookup(t *testing.T) {
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, newTestClock())
	wantHits(t, srv, 0)

	wantKid(t, s, "a")
	wantHits(t, srv, 1)

	wantKid(t, s, "a")
	wantHits(t, srv, 1)
}

func TestRemoteOverHTTPS(t *testing.T) {
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Write(jwksBody(t, ecJWK("a")))
	}))
	defer srv.Close()
	s, err := RemoteJWKS(srv.URL+"/jwks", WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	wantKid(t, s, "a")
}

func TestRemoteRejectsRedirectToHTTP(t *testing.T) {
	plain := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, plain.jwksURL(), http.StatusFound)
	}))
	defer srv.Close()
	s, err := RemoteJWKS(srv.URL+"/jwks", WithHTTPClient(srv.Client()))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	_, err = s.LookupKey(context.Background(), "a", "ES256")
	if !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("LookupKey after a redirect to http = %v, want ErrKeysUnavailable", err)
	}
	if !strings.Contains(err.Error(), `redirect to scheme "http" rejected`) {
		t.Errorf("LookupKey error = %q, want it to name the rejected redirect", err)
	}
	if hits := plain.hits.Load(); hits != 0 {
		t.Errorf("the http server got %d requests, want 0", hits)
	}
}

func TestRemoteUnknownKIDRefresh(t *testing.T) {
	clock := newTestClock()
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, clock)
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}

	// The issuer rotates to key b: the first token signed with it makes
	// the source fetch the new set.
	srv.respond(http.StatusOK, jwksBody(t, ecJWK("a"), ecJWK("b")))
	wantKid(t, s, "b")
	wantHits(t, srv, 2)

	// The fetch for b used the rate-limit window, so an unknown kid fails
	// at once.
	_, err := lookupKid(s, "c")
	wantLookupError(t, err, ErrKeyNotFound,
		`JWKS `+srv.jwksURL()+`: key not found: no key has kid "c" (lookups refresh the key set at most once per 30s)`)
	wantHits(t, srv, 2)

	// After the window, the next unknown kid fetches again.
	clock.Advance(DefaultUnknownKIDRateLimit)
	_, err = lookupKid(s, "c")
	wantLookupError(t, err, ErrKeyNotFound, `JWKS `+srv.jwksURL()+`: key not found: no key has kid "c"`)
	wantHits(t, srv, 3)
}

func TestRemoteNoRefreshForKnownKid(t *testing.T) {
	clock := newTestClock()
	enc := ecJWK("enc")
	enc.Use = "enc"
	enc.Algorithm = ""
	rsa := jose.JSONWebKey{Key: &rsaKey().PublicKey, KeyID: "r", Algorithm: "RS256"}
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a"), ecJWK("b"), enc, rsa))
	s := newTestRemote(t, srv, clock)
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		kid     string
		alg     string
		wantErr string
	}{
		{
			name:    "encryption key",
			kid:     "enc",
			alg:     "ES256",
			wantErr: `key not found: key "enc" is not for signature verification (JWK use or key_ops)`,
		},
		{
			name:    "algorithm differs from the key's",
			kid:     "a",
			alg:     "ES384",
			wantErr: `key not found: key "a" (EC P-256) cannot verify ES384`,
		},
		{
			name:    "JWK alg differs from the token's",
			kid:     "r",
			alg:     "PS256",
			wantErr: `key not found: key "r" is limited to "RS256" and cannot verify PS256`,
		},
		{
			name:    "no kid and two keys fit",
			alg:     "ES256",
			wantErr: `key not found: the token has no kid and 2 keys fit ES256`,
		},
		{
			name:    "unsupported algorithm",
			kid:     "x",
			alg:     "XS256",
			wantErr: `key not found: no key serves algorithm "XS256"`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := s.LookupKey(context.Background(), tt.kid, tt.alg)
			wantLookupError(t, err, ErrKeyNotFound, "JWKS "+srv.jwksURL()+": "+tt.wantErr)
			wantHits(t, srv, 1)
		})
	}
}

func TestRemoteNoKidSingleKey(t *testing.T) {
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, newTestClock())

	key, err := s.LookupKey(context.Background(), "", "ES256")
	if err != nil {
		t.Fatal(err)
	}
	if key.ID() != "a" {
		t.Errorf("key = %q, want a", key.ID())
	}
}

func TestRemoteConcurrentUnknownKID(t *testing.T) {
	const lookups = 1000
	clock := newTestClock()
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, clock)
	if err := s.Refresh(context.Background()); err != nil {
		t.Fatal(err)
	}

	// All lookups of the new kid b wait for one fetch, which the server
	// holds until every lookup is waiting.
	srv.respond(http.StatusOK, jwksBody(t, ecJWK("a"), ecJWK("b")))
	release := srv.hold()
	errs := runLookups(lookups, s, "b", func() {
		waitForWaiters(t, s, lookups)
		release()
	})
	for i, err := range errs {
		if err != nil {
			t.Fatalf("lookup %d: %v", i, err)
		}
	}
	wantHits(t, srv, 2)

	// Inside the window every unknown kid fails at once.
	errs = runLookups(lookups, s, "c", nil)
	for i, err := range errs {
		if !errors.Is(err, ErrKeyNotFound) {
			t.Fatalf("lookup %d: error %v, want ErrKeyNotFound", i, err)
		}
	}
	wantHits(t, srv, 2)

	// After the window, one fetch serves all concurrent lookups again.
	clock.Advance(DefaultUnknownKIDRateLimit)
	errs = runLookups(lookups, s, "c", nil)
	for i, err := range errs {
		if !errors.Is(err, ErrKeyNotFound) {
			t.Fatalf("lookup %d: error %v, want ErrKeyNotFound", i, err)
		}
	}
	wantHits(t, srv, 3)
}

// runLookups looks up kid from n goroutines and returns their errors.
// While they run, it calls during, when not nil.
func runLookups(n int, s KeySource, kid string, during func()) []error {
	errs := make([]error, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			_, errs[i] = lookupKid(s, kid)
		})
	}
	if during != nil {
		during()
	}
	wg.Wait()
	return errs
}

// waitForWaiters waits until n callers wait for the fetch in flight.
func waitForWaiters(t *testing.T, s *RemoteKeySource, n int) {
	t.Helper()
	deadline := time.Now().Add(5 * time.Second)
	for {
		s.mu.Lock()
		waiters := 0
		if s.inflight != nil {
			waiters = s.inflight.waiters
		}
		s.mu.Unlock()
		if waiters == n {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("%d lookups wait for the fetch after 5s, want %d", waiters, n)
		}
		time.Sleep(time.Millisecond)
	}
}

func TestRemoteDownAtStartup(t *testing.T) {
	clock := newTestClock()
	srv := newJWKSServer(t, []byte("unavailable"))
	srv.respond(http.StatusServiceUnavailable, []byte("unavailable"))
	s := newTestRemote(t, srv, clock)

	_, err := lookupKid(s, "a")
	wantLookupError(t, err, ErrKeysUnavailable,
		`keys unavailable: JWKS `+srv.jwksURL()+`: no key set fetched yet; the last fetch at 2026-05-01T12:00:00Z failed: HTTP status "503 Service Unavailable", expected 200`)
	wantHits(t, srv, 1)

	// Inside the rate-limit window lookups fail without a fetch.
	_, err = lookupKid(s, "a")
	if !errors.Is(err, ErrKeysUnavailable) {
		t.Fatalf("second lookup: error %v, want ErrKeysUnavailable", err)
	}
	wantHits(t, srv, 1)

	// The endpoint comes up: the first lookup after the window recovers.
	srv.respond(http.StatusOK, jwksBody(t, ecJWK("a")))
	clock.Advance(DefaultUnknownKIDRateLimit)
	wantKid(t, s, "a")
	wantHits(t, srv, 2)
	if st := s.Status(); st.LastError != nil || st.Keys != 1 {
		t.Errorf("status = %+v, want 1 key and no error", st)
	}
}

func TestRemoteStaleKeysServed(t *testing.T) {
	clock := newTestClock()
	events := make(refreshEvents, 10)
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, clock,
		WithRefreshInterval(time.Minute), WithMaxStaleAge(10*time.Minute), WithKeyObserver(events))
	wantKid(t, s, "a")
	if ev := events.next(t); ev != "ok 1" {
		t.Fatalf("event = %q, want ok 1", ev)
	}

	// The endpoint fails once the keys are due: the lookup still gets the
	// old key, and the fetch it started fails in the background.
	srv.respond(http.StatusInternalServerError, []byte("error"))
	clock.Advance(2 * time.Minute)
	wantKid(t, s, "a")
	if ev, want := events.next(t), `failed: HTTP status "500 Internal Server Error", expected 200`; ev != want {
		t.Fatalf("event = %q, want %q", ev, want)
	}
	wantHits(t, srv, 2)

	// Within the max stale age the keys keep serving, and no lookup
	// fetches before the retry is due.
	clock.Advance(30 * time.Second)
	wantKid(t, s, "a")
	wantHits(t, srv, 2)

	// Past the max stale age, lookups fail and name the last failure.
	clock.Advance(9 * time.Minute)
	_, err := lookupKid(s, "a")
	wantLookupError(t, err, ErrKeysUnavailable,
		`keys unavailable: JWKS `+srv.jwksURL()+`: the key set fetched at 2026-05-01T12:00:00Z expired at 2026-05-01T12:11:00Z (max stale age 10m0s); the last fetch at 2026-05-01T12:11:30Z failed: HTTP status "500 Internal Server Error", expected 200`)
	if ev := events.next(t); !strings.HasPrefix(ev, "failed: ") {
		t.Fatalf("event = %q, want a failure", ev)
	}
	wantHits(t, srv, 3)
}

func TestRemoteFetchFailures(t *testing.T) {
	key := jwksBody(t, ecJWK("a"))
	tests := []struct {
		name     string
		status   int
		body     []byte
		hold     bool
		opts     []RemoteOption
		sentinel error
		wantErr  string
	}{
		{
			name:     "slow endpoint",
			body:     key,
			hold:     true,
			opts:     []RemoteOption{WithFetchTimeout(50 * time.Millisecond)},
			sentinel: context.DeadlineExceeded,
			wantErr:  "request timed out after 50ms: context deadline exceeded",
		},
		{name: "server error", status: 500, body: key, wantErr: `HTTP status "500 Internal Server Error", expected 200`},
		{name: "not found", status: 404, body: key, wantErr: `HTTP status "404 Not Found", expected 200`},
		{
			name:     "garbage body",
			body:     []byte("<html>login</html>"),
			sentinel: ErrKeyInvalid,
			wantErr:  "invalid key set: key invalid: JWK set: invalid character '<' looking for beginning of value",
		},
		{
			name:    "oversized body",
			body:    key,
			opts:    []RemoteOption{WithMaxResponseSize(int64(len(key)) - 1)},
			wantErr: fmt.Sprintf("response body is larger than the limit of %d bytes", len(key)-1),
		},
		{
			name:     "empty key set",
			body:     []byte(`{"keys":[]}`),
			sentinel: ErrKeyInvalid,
			wantErr:  "invalid key set: key invalid: JWK set has no keys",
		},
		{
			name:     "short HMAC secret",
			body:     []byte(`{"keys":[{"kty":"oct","kid":"h","k":"c2hvcnQ"}]}`),
			sentinel: ErrKeyInvalid,
			wantErr:  `invalid key set: JWK set key 0: key invalid: HMAC secret of key "h" is 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)`,
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newJWKSServer(t, tt.body)
			srv.respond(orDefault(tt.status, http.StatusOK), tt.body)
			if tt.hold {
				release := srv.hold()
				defer release()
			}
			s := newTestRemote(t, srv, newTestClock(), tt.opts...)

			err := s.Refresh(context.Background())
			wantLookupError(t, err, tt.sentinel, "JWKS "+srv.jwksURL()+": "+tt.wantErr)

			_, err = lookupKid(s, "a")
			if !errors.Is(err, ErrKeysUnavailable) {
				t.Errorf("lookup error %v, want ErrKeysUnavailable", err)
			}
			if tt.hold && errors.Is(err, context.DeadlineExceeded) {
				t.Errorf("lookup error %q matches context.DeadlineExceeded, which belongs to the earlier fetch", err)
			}
		})
	}
}

// orDefault returns v, or def when v is the zero value.
func orDefault[T comparable](v, def T) T {
	var zero T
	if v == zero {
		return def
	}
	return v
}

func TestRemoteMaxResponseSizeBoundary(t *testing.T) {
	key := jwksBody(t, ecJWK("a"))
	srv := newJWKSServer(t, key)
	s := newTestRemote(t, srv, newTestClock(), WithMaxResponseSize(int64(len(key))))

	if err := s.Refresh(context.Background()); err != nil {
		t.Fatalf("body of exactly the limit: %v", err)
	}
}

func TestRemoteCacheControl(t *testing.T) {
	tests := []struct {
		name         string
		cacheControl []string
		want         time.Duration
	}{
		{name: "absent uses the refresh interval", want: 15 * time.Minute},
		{name: "max-age", cacheControl: []string{"max-age=120"}, want: 2 * time.Minute},
		{name: "with other directives", cacheControl: []string{"public, max-age=600, must-revalidate"}, want: 10 * time.Minute},
		{name: "in a second header", cacheControl: []string{"public", "max-age=300"}, want: 5 * time.Minute},
		{name: "below the minimum", cacheControl: []string{"max-age=5"}, want: time.Minute},
		{name: "above the maximum", cacheControl: []string{"max-age=86400"}, want: time.Hour},
		{name: "huge", cacheControl: []string{"max-age=99999999999999999"}, want: time.Hour},
		{name: "no-store", cacheControl: []string{"no-store, max-age=600"}, want: time.Minute},
		{name: "no-cache", cacheControl: []string{"no-cache"}, want: time.Minute},
		{name: "invalid max-age", cacheControl: []string{"max-age=soon"}, want: 15 * time.Minute},
		{name: "negative max-age", cacheControl: []string{"max-age=-1"}, want: 15 * time.Minute},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
			srv.header["Cache-Control"] = tt.cacheControl
			s := newTestRemote(t, srv, newTestClock(), WithRefreshBounds(time.Minute, time.Hour))
			if err := s.Refresh(context.Background()); err != nil {
				t.Fatal(err)
			}

			st := s.Status()
			if got := st.NextRefresh.Sub(st.FetchedAt); got != tt.want {
				t.Errorf("next refresh after %s, want %s", got, tt.want)
			}
			if got, want := st.StaleUntil.Sub(st.NextRefresh), DefaultMaxStaleAge; got != want {
				t.Errorf("stale until %s after the refresh is due, want %s", got, want)
			}
		})
	}
}

func TestRemoteDueKeysRefreshedByLookup(t *testing.T) {
	clock := newTestClock()
	events := make(refreshEvents, 10)
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	srv.header.Set("Cache-Control", "max-age=120")
	s := newTestRemote(t, srv, clock, WithKeyObserver(events))
	wantKid(t, s, "a")
	events.next(t)

	clock.Advance(119 * time.Second)
	wantKid(t, s, "a")
	wantHits(t, srv, 1)

	// At max-age the lookup is served from the current keys and starts a
	// fetch in the background.
	srv.respond(http.StatusOK, jwksBody(t, ecJWK("b")))
	clock.Advance(time.Second)
	wantKid(t, s, "a")
	if ev := events.next(t); ev != "ok 1" {
		t.Fatalf("event = %q, want ok 1", ev)
	}
	wantHits(t, srv, 2)
	_, err := lookupKid(s, "a")
	if !errors.Is(err, ErrKeyNotFound) {
		t.Fatalf("lookup of rotated-out kid: error %v, want ErrKeyNotFound", err)
	}
}

func TestRemoteBackgroundRefresh(t *testing.T) {
	events := make(refreshEvents, 100)
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s, err := RemoteJWKS(srv.jwksURL(), WithAllowHTTP(true), WithKeyObserver(events),
		WithRefreshBounds(time.Millisecond, time.Hour), WithRefreshInterval(5*time.Millisecond))
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	ctx, cancel := context.WithCancel(context.Background())
	s.Start(ctx)
	s.Start(ctx)
	if ev := events.next(t); ev != "ok 1" {
		t.Fatalf("first event = %q, want ok 1", ev)
	}

	// The refresher picks up the rotation without any lookup.
	srv.respond(http.StatusOK, jwksBody(t, ecJWK("a"), ecJWK("b")))
	for ev := events.next(t); ev != "ok 2"; ev = events.next(t) {
		if ev != "ok 1" {
			t.Fatalf("event = %q, want ok 1 or ok 2", ev)
		}
	}
	s.mu.Lock()
	keys := s.keys
	s.mu.Unlock()
	if _, err := SelectKey(keys, "b", "ES256"); err != nil {
		t.Fatalf("refreshed keys: %v", err)
	}

	// Cancelling the context stops the refresher.
	cancel()
	waitDone(t, &s.wg)
	hits := srv.hits.Load()
	time.Sleep(20 * time.Millisecond)
	wantHits(t, srv, hits)
}

func TestRemoteClose(t *testing.T) {
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	release := srv.hold()
	defer release()
	s, err := RemoteJWKS(srv.jwksURL(), WithAllowHTTP(true))
	if err != nil {
		t.Fatal(err)
	}
	s.Start(context.Background())

	// Close stops the refresher and the fetch it holds in flight.
	if err := s.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	waitDone(t, &s.wg)
	if err := s.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}

	err = s.Refresh(context.Background())
	wantLookupError(t, err, ErrKeysUnavailable, "keys unavailable: JWKS "+srv.jwksURL()+": the key source is closed")
	s.Start(context.Background())
	waitDone(t, &s.wg)
}

func TestRemoteClosedKeepsKeys(t *testing.T) {
	clock := newTestClock()
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	s := newTestRemote(t, srv, clock)
	wantKid(t, s, "a")
	s.Close()

	wantKid(t, s, "a")
	clock.Advance(DefaultRefreshInterval + DefaultMaxStaleAge)
	_, err := lookupKid(s, "a")
	wantLookupError(t, err, ErrKeysUnavailable,
		"keys unavailable: JWKS "+srv.jwksURL()+": the key set fetched at 2026-05-01T12:00:00Z expired at 2026-05-02T12:15:00Z (max stale age 24h0m0s); the key source is closed")
	wantHits(t, srv, 1)
}

func TestRemoteLookupWaitBoundedByContext(t *testing.T) {
	srv := newJWKSServer(t, jwksBody(t, ecJWK("a")))
	release := srv.hold()
	defer release()
	s := newTestRemote(t, srv, newTestClock())

	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Millisecond)
	defer cancel()
	_, err := s.LookupKey(ctx, "a", "ES256")
	wantLookupError(t, err, ErrKeysUnavailable,
		"keys unavailable: JWKS "+srv.jwksURL()+": stopped waiting for a fetch: context deadline exceeded")
	if !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("error %q does not wrap context.DeadlineExceeded", err)
	}
}

func TestRemoteVerifiesToken(t *testing.T) {
	k := generateEC(elliptic.P256())
	srv := newJWKSServer(t, jwksBody(t, jose.JSONWebKey{Key: &k.PublicKey, KeyID: "k1", Use: "sig"}))
	s := newTestRemote(t, srv, newTestClock())
	v := NewVerifier(s, fixedClock(testNow))
	rules := &Rules{Contract: "Test", Version: 1, Algorithms: []string{"ES256"}}

	token := signedToken(t, "ES256", `{"alg":"ES256","kid":"k1"}`, `{"sub":"alice"}`, k)
	if err := v.Verify(context.Background(), token, rules, new(testClaims)); err != nil {
		t.Fatalf("Verify: %v", err)
	}

	token = signedToken(t, "ES256", `{"alg":"ES256","kid":"k2"}`, `{"sub":"alice"}`, k)
	err := v.Verify(context.Background(), token, rules, new(testClaims))
	wantRejected(t, err, ErrKeyNotFound, "kid")
}

func TestRemoteLogsNoKeyMaterial(t *testing.T) {
	tests := []struct {
		name   string
		option func(*slog.Logger) RemoteOption
	}{
		{name: "WithRefreshLogger", option: WithRefreshLogger},
		{
			name: "log observer",
			option: func(l *slog.Logger) RemoteOption {
				return WithKeyObserver(NewLogObserver(l).(KeyObserver))
			},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var logs bytes.Buffer
			logger := slog.New(slog.NewTextHandler(&logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
			checkRefreshLogs(t, tt.option(logger), &logs)
		})
	}
}

// checkRefreshLogs makes a source with option, which logs to logs, runs
// one good and three failed refreshes, and checks the records.
func checkRefreshLogs(t *testing.T, option RemoteOption, logs *bytes.Buffer) {
	t.Helper()
	secret := randomBytes(32)
	encoded := b64(string(secret))
	good := fmt.Sprintf(`{"keys":[{"kty":"oct","kid":"h","k":%q}]}`, encoded)
	short := `{"keys":[{"kty":"oct","kid":"h","k":"c2hvcnQ"}]}`

	srv := newJWKSServer(t, []byte(good))
	s, err := RemoteJWKS(srv.URL+"/jwks?api_key=querysecret", WithAllowHTTP(true), option)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()

	steps := []struct {
		status int
		body   string
	}{
		{status: 200, body: good},
		{status: 200, body: short},
		{status: 200, body: `{"keys":[` + good},
		{status: 500, body: good},
	}
	for _, step := range steps {
		srv.respond(step.status, []byte(step.body))
		s.Refresh(context.Background())
	}

	want := []string{
		`level=DEBUG msg="keys refreshed" source=` + srv.jwksURL() + ` keys=1`,
		`level=WARN msg="key refresh failed" source=` + srv.jwksURL() + ` error="invalid key set: JWK set key 0: key invalid: HMAC secret of key \"h\" is 5 bytes; HS256 needs at least 32 (RFC 7518 §3.2)"`,
		`level=WARN msg="key refresh failed" source=` + srv.jwksURL() + ` error="invalid key set: key invalid: JWK set: unexpected end of JSON input"`,
		`level=WARN msg="key refresh failed" source=` + srv.jwksURL() + ` error="HTTP status \"500 Internal Server Error\", expected 200"`,
	}
	lines := strings.Split(strings.TrimSpace(logs.String()), "\n")
	if len(lines) != len(want) {
		t.Fatalf("logged %d lines, want %d:\n%s", len(lines), len(want), logs.String())
	}
	for i, line := range lines {
		// Drop the time attribute.
		_, rest, _ := strings.Cut(line, " ")
		if rest != want[i] {
			t.Errorf("line %d =\n%s\nwant\n%s", i, rest, want[i])
		}
	}
	for _, leak := range []string{encoded, string(secret), "c2hvcnQ", "querysecret"} {
		if strings.Contains(logs.String(), leak) {
			t.Errorf("logs contain %q", leak)
		}
	}
}
