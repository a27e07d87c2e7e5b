package runtime

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Defaults of RemoteJWKS. The option that changes each one documents it.
const (
	DefaultFetchTimeout        = 10 * time.Second
	DefaultRefreshInterval     = 15 * time.Minute
	DefaultMinRefreshInterval  = time.Minute
	DefaultMaxRefreshInterval  = 24 * time.Hour
	DefaultUnknownKIDRateLimit = 30 * time.Second
	DefaultMaxStaleAge         = 24 * time.Hour
	DefaultMaxJWKSSize         = 1 << 20
)

// RemoteOption configures RemoteJWKS.
type RemoteOption func(*remoteConfig)

type remoteConfig struct {
	client             *http.Client
	fetchTimeout       time.Duration
	refreshInterval    time.Duration
	minInterval        time.Duration
	maxInterval        time.Duration
	unknownKIDInterval time.Duration
	maxStale           time.Duration
	maxSize            int64
	allowHTTP          bool
	observers          []KeyObserver
	now                func() time.Time
}

// WithHTTPClient sets the HTTP client that fetches the key set. The
// default is a client over http.DefaultTransport. The fetch timeout
// applies on top of the client's own Timeout. A nil client keeps the
// default.
func WithHTTPClient(c *http.Client) RemoteOption {
	return func(cfg *remoteConfig) {
		if c != nil {
			cfg.client = c
		}
	}
}

// WithFetchTimeout sets how long one fetch, from sending the request to
// reading the whole body, may take. The default is DefaultFetchTimeout
// (10 s); d <= 0 keeps it.
func WithFetchTimeout(d time.Duration) RemoteOption {
	return func(cfg *remoteConfig) {
		if d > 0 {
			cfg.fetchTimeout = d
		}
	}
}

// WithRefreshInterval sets the time between a successful fetch and the
// next one when the response has no Cache-Control max-age. The default
// is DefaultRefreshInterval (15 min); d <= 0 keeps it. The interval is
// clamped to the bounds of WithRefreshBounds.
func WithRefreshInterval(d time.Duration) RemoteOption {
	return func(cfg *remoteConfig) {
		if d > 0 {
			cfg.refreshInterval = d
		}
	}
}

// WithRefreshBounds sets the range that the time until the next refresh
// is clamped to, whether it comes from a Cache-Control max-age or from
// WithRefreshInterval. After a failed fetch the next scheduled attempt
// comes minInterval later. The defaults are DefaultMinRefreshInterval
// (1 min) and DefaultMaxRefreshInterval (24 h); a bound <= 0 keeps its
// default, and RemoteJWKS fails when maxInterval is below minInterval.
func WithRefreshBounds(minInterval, maxInterval time.Duration) RemoteOption {
	return func(cfg *remoteConfig) {
		if minInterval > 0 {
			cfg.minInterval = minInterval
		}
		if maxInterval > 0 {
			cfg.maxInterval = maxInterval
		}
	}
}

// WithUnknownKIDRateLimit sets the minimum time between two fetches that
// lookups start. A lookup starts a fetch when the token's kid is not in
// the key set, or when the source holds no usable keys. Within the window
// such lookups fail at once. The default is DefaultUnknownKIDRateLimit
// (30 s), and d <= 0 keeps it.
func WithUnknownKIDRateLimit(d time.Duration) RemoteOption {
	return func(cfg *remoteConfig) {
		if d > 0 {
			cfg.unknownKIDInterval = d
		}
	}
}

// WithMaxStaleAge sets how long the last good keys keep serving after
// their refresh became due, while refreshes fail. Past that, lookups fail
// with ErrKeysUnavailable. The default is DefaultMaxStaleAge (24 h); zero
// stops serving keys as soon as they are due, and d < 0 keeps the
// default.
func WithMaxStaleAge(d time.Duration) RemoteOption {
	return func(cfg *remoteConfig) {
		if d >= 0 {
			cfg.maxStale = d
		}
	}
}

// WithMaxResponseSize sets the size in bytes above which a response body
// is rejected as a failed fetch. The default is DefaultMaxJWKSSize
// (1 MiB); n <= 0 keeps it.
func WithMaxResponseSize(n int64) RemoteOption {
	return func(cfg *remoteConfig) {
		if n > 0 {
			cfg.maxSize = n
		}
	}
}

// WithAllowHTTP allows, when allow is true, a key set URL with the http
// scheme. The default allows https only, because keys fetched over plain
// HTTP can be replaced by anyone on the path. Plain HTTP is meant for test
// servers on loopback.
func WithAllowHTTP(allow bool) RemoteOption {
	return func(cfg *remoteConfig) { cfg.allowHTTP = allow }
}

// WithKeyObserver adds an observer that the source calls after every
// fetch, successful or not. Observers are called in the order given, from
// the goroutine that fetched. A nil observer is skipped.
func WithKeyObserver(o KeyObserver) RemoteOption {
	return func(cfg *remoteConfig) {
		if o != nil {
			cfg.observers = append(cfg.observers, o)
		}
	}
}

// WithRefreshLogger logs every fetch as NewLogObserver does: successes at
// Debug level and failures at Warn level, with the source URL and never a
// key. A nil logger is skipped.
func WithRefreshLogger(l *slog.Logger) RemoteOption {
	return func(cfg *remoteConfig) {
		if l != nil {
			cfg.observers = append(cfg.observers, logObserver{logger: l})
		}
	}
}

// WithRemoteClock sets the function that returns the current time, which
// decides when keys are due, stale, or may be refreshed again. The
// default is time.Now; a nil function keeps it. The background refresher
// still sleeps in real time, for the durations the clock gives.
func WithRemoteClock(now func() time.Time) RemoteOption {
	return func(cfg *remoteConfig) {
		if now != nil {
			cfg.now = now
		}
	}
}

// RemoteKeySource is a KeySource over a JSON Web Key Set (RFC 7517 §5)
// that is fetched from a URL and refreshed. RemoteJWKS makes one.
//
// The source fetches nothing when it is made. The first fetch happens on
// the first LookupKey, Refresh or Start, whichever comes first, so a
// service starts even while the endpoint is down. Until a fetch succeeds,
// lookups fail with an error wrapping ErrKeysUnavailable.
//
// A key set stays fresh for the response's Cache-Control max-age, or the
// refresh interval when there is none, clamped to the refresh bounds.
// When it is due, the background refresher (see Start) or the next lookup
// fetches it again, and lookups keep using the current keys meanwhile.
// While fetches fail, the last good keys keep serving until the maximum
// stale age has passed since they became due. A lookup whose kid is not
// in the set waits for a fetch, at most one per rate-limit window.
//
// Keys are chosen with SelectKey. A RemoteKeySource is safe for
// concurrent use. Close stops its goroutines.
type RemoteKeySource struct {
	url string
	// source is the URL without user information, query or fragment, for
	// errors and observers.
	source string
	cfg    remoteConfig

	// ctx is cancelled by Close. Fetches and the refresher run under it,
	// and wg counts them.
	ctx    context.Context
	cancel context.CancelFunc
	wg     sync.WaitGroup

	mu sync.Mutex
	// keys is the last good key set, nil before the first success. A new
	// fetch replaces the slice and never changes it in place.
	keys        []Key
	fetchedAt   time.Time
	nextRefresh time.Time
	// staleUntil is the time after which keys no longer serve.
	staleUntil time.Time
	lastErr    error
	lastErrAt  time.Time
	// lookupFetchAt is the time a lookup last started a fetch.
	lookupFetchAt time.Time
	inflight      *refreshCall
	started       bool
	closed        bool
}

// refreshCall is one fetch in flight. done is closed when it ends, after
// err is set.
type refreshCall struct {
	done chan struct{}
	err  error
	// waiters counts the lookups and Refresh calls that wait for it.
	waiters int
}

// RemoteJWKS returns a key source that fetches a JSON Web Key Set from
// rawURL with GET. The URL must use https, or http with WithAllowHTTP. It
// fails only on an invalid URL or invalid options, and it does not fetch;
// see RemoteKeySource for when fetches happen. Call Start to refresh in
// the background and Close to stop.
//
// A fetch fails on a network error, a timeout, a status other than 200,
// a body over the size limit, or a body that KeysFromJWKS rejects (not
// JSON, no keys, an invalid key). A failure never reports the body or a
// key.
func RemoteJWKS(rawURL string, opts ...RemoteOption) (*RemoteKeySource, error) {
	cfg := remoteConfig{
		client:             &http.Client{},
		fetchTimeout:       DefaultFetchTimeout,
		refreshInterval:    DefaultRefreshInterval,
		minInterval:        DefaultMinRefreshInterval,
		maxInterval:        DefaultMaxRefreshInterval,
		unknownKIDInterval: DefaultUnknownKIDRateLimit,
		maxStale:           DefaultMaxStaleAge,
		maxSize:            DefaultMaxJWKSSize,
		now:                time.Now,
	}
	for _, opt := range opts {
		if opt != nil {
			opt(&cfg)
		}
	}
	if cfg.maxInterval < cfg.minInterval {
		return nil, fmt.Errorf("remote JWKS: maximum refresh interval %s is below the minimum %s", cfg.maxInterval, cfg.minInterval)
	}

	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, fmt.Errorf("remote JWKS: invalid URL: %w", err)
	}
	source := (&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String()
	switch {
	case u.Scheme == "http" && !cfg.allowHTTP:
		return nil, fmt.Errorf("remote JWKS: URL %q uses http; use https, or WithAllowHTTP(true) for a test server on loopback", source)
	case u.Scheme != "https" && u.Scheme != "http":
		return nil, fmt.Errorf("remote JWKS: URL %q must use https", source)
	case u.Host == "":
		return nil, fmt.Errorf("remote JWKS: URL %q has no host", source)
	}

	cfg.client = withRedirectPolicy(cfg.client, cfg.allowHTTP)

	ctx, cancel := context.WithCancel(context.Background())
	return &RemoteKeySource{url: rawURL, source: source, cfg: cfg, ctx: ctx, cancel: cancel}, nil
}

// maxRedirects is the number of redirects a fetch follows, as many as
// net/http follows by default.
const maxRedirects = 10

// withRedirectPolicy returns a copy of client that follows a redirect only
// to https, or to http when allowHTTP is set, so that an https key set URL
// cannot be downgraded to plain http by a redirect. The client's own
// CheckRedirect, if any, runs after that check.
func withRedirectPolicy(client *http.Client, allowHTTP bool) *http.Client {
	copied := *client
	next := client.CheckRedirect
	copied.CheckRedirect = func(req *http.Request, via []*http.Request) error {
		if req.URL.Scheme != "https" && !(allowHTTP && req.URL.Scheme == "http") {
			return fmt.Errorf("redirect to scheme %q rejected: key sets are fetched over https only", req.URL.Scheme)
		}
		if next != nil {
			return next(req, via)
		}
		if len(via) >= maxRedirects {
			return fmt.Errorf("stopped after %d redirects", maxRedirects)
		}
		return nil
	}
	return &copied
}

// LookupKey implements KeySource. It selects from the current keys with
// SelectKey. When the token's kid is not in the set, or the token has no
// kid and no key fits alg, it waits for a fetch, bounded by ctx. It joins
// the fetch in flight, or starts one when no lookup has started one in
// the rate-limit window. Inside that window it fails at once with an
// error wrapping ErrKeyNotFound. When no usable keys are held it fetches the same way
// and fails with an error wrapping ErrKeysUnavailable that names the URL
// and the last failure.
func (s *RemoteKeySource) LookupKey(ctx context.Context, kid, alg string) (Key, error) {
	keys, usable := s.currentKeys()
	if usable {
		key, err := SelectKey(keys, kid, alg)
		if err == nil {
			return key, nil
		}
		if !refreshMayFind(keys, kid, alg) {
			return Key{}, fmt.Errorf("JWKS %s: %w", s.source, err)
		}
	}

	call := s.startLookupFetch()
	if call == nil {
		// Another lookup used the window. The keys may have changed since
		// they were read above, so select once more.
		keys, usable = s.currentKeys()
		if !usable {
			return Key{}, s.unavailableError()
		}
		key, err := SelectKey(keys, kid, alg)
		if err != nil {
			return Key{}, fmt.Errorf("JWKS %s: %w (lookups refresh the key set at most once per %s)", s.source, err, s.cfg.unknownKIDInterval)
		}
		return key, nil
	}

	select {
	case <-call.done:
	case <-ctx.Done():
		if usable {
			return Key{}, fmt.Errorf("%w: JWKS %s: kid %q: stopped waiting for a refresh: %w", ErrKeyNotFound, s.source, clip(kid), ctx.Err())
		}
		return Key{}, fmt.Errorf("%w: JWKS %s: stopped waiting for a fetch: %w", ErrKeysUnavailable, s.source, ctx.Err())
	}

	keys, usable = s.currentKeys()
	if !usable {
		return Key{}, s.unavailableError()
	}
	key, err := SelectKey(keys, kid, alg)
	if err != nil {
		return Key{}, fmt.Errorf("JWKS %s: %w", s.source, err)
	}
	return key, nil
}

// currentKeys returns the key set and whether it may serve now. When the
// keys may serve but are due, it starts a fetch in the background.
func (s *RemoteKeySource) currentKeys() ([]Key, bool) {
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	usable := s.keys != nil && now.Before(s.staleUntil)
	if usable && !now.Before(s.nextRefresh) {
		s.startFetchLocked()
	}
	return s.keys, usable
}

// refreshMayFind reports whether a lookup that failed on keys could
// succeed on a newer key set: the kid is not in keys, or the token has no
// kid and no key fits alg. A key that has the kid but cannot serve alg,
// or an unsupported alg, is not fixed by a refresh.
func refreshMayFind(keys []Key, kid, alg string) bool {
	a := lookupAlgorithm(alg)
	if a == nil {
		return false
	}
	if kid != "" {
		return !slices.ContainsFunc(keys, func(k Key) bool { return k.id == kid })
	}
	return !slices.ContainsFunc(keys, func(k Key) bool { return keyServes(k, a) == nil })
}

// startLookupFetch returns the fetch in flight, or starts one when no
// lookup started a fetch in the rate-limit window. It returns nil when
// the window is used or the source is closed. The caller counts as a
// waiter of the returned call.
func (s *RemoteKeySource) startLookupFetch() *refreshCall {
	now := s.cfg.now()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.inflight != nil {
		s.inflight.waiters++
		return s.inflight
	}
	if !s.lookupFetchAt.IsZero() && now.Sub(s.lookupFetchAt) < s.cfg.unknownKIDInterval {
		return nil
	}
	call := s.startFetchLocked()
	if call == nil {
		return nil
	}
	s.lookupFetchAt = now
	call.waiters++
	return call
}

// startFetchLocked returns the fetch in flight, or starts one. It returns
// nil when the source is closed. s.mu must be held.
func (s *RemoteKeySource) startFetchLocked() *refreshCall {
	if s.inflight != nil {
		return s.inflight
	}
	if s.closed {
		return nil
	}
	call := &refreshCall{done: make(chan struct{})}
	s.inflight = call
	s.wg.Add(1)
	go s.refresh(call)
	return call
}

// refresh runs call. It fetches the key set, stores the outcome, notifies
// the observers and ends the call.
func (s *RemoteKeySource) refresh(call *refreshCall) {
	defer s.wg.Done()
	keys, ttl, err := s.fetch()
	now := s.cfg.now()

	s.mu.Lock()
	if err == nil {
		s.keys = keys
		s.fetchedAt = now
		s.nextRefresh = now.Add(ttl)
		s.staleUntil = s.nextRefresh.Add(s.cfg.maxStale)
		s.lastErr = nil
		s.lastErrAt = time.Time{}
	} else {
		s.lastErr = err
		s.lastErrAt = now
		s.nextRefresh = now.Add(s.cfg.minInterval)
	}
	s.inflight = nil
	s.mu.Unlock()

	// Observers run before the call ends, so Refresh returns after they
	// have seen the outcome.
	for _, o := range s.cfg.observers {
		if err == nil {
			o.KeysRefreshed(context.Background(), s.source, len(keys))
		} else {
			o.KeyRefreshFailed(context.Background(), s.source, err)
		}
	}
	call.err = err
	close(call.done)
}

// fetch downloads and loads the key set. It returns the keys and the time
// until they are due. Its errors never contain the body.
func (s *RemoteKeySource) fetch() ([]Key, time.Duration, error) {
	ctx, cancel := context.WithTimeout(s.ctx, s.cfg.fetchTimeout)
	defer cancel()

	req, err := http.NewRequestWithContext(ctx, http.MethodGet, s.url, nil)
	if err != nil {
		return nil, 0, fmt.Errorf("creating request: %w", err)
	}
	req.Header.Set("Accept", "application/jwk-set+json, application/json")
	resp, err := s.cfg.client.Do(req)
	if err != nil {
		return nil, 0, s.requestError("request", err)
	}
	defer resp.Body.Close()

	if resp.StatusCode != http.StatusOK {
		return nil, 0, fmt.Errorf("HTTP status %q, expected 200", resp.Status)
	}
	body, err := io.ReadAll(io.LimitReader(resp.Body, s.cfg.maxSize+1))
	if err != nil {
		return nil, 0, s.requestError("reading response body", err)
	}
	if int64(len(body)) > s.cfg.maxSize {
		return nil, 0, fmt.Errorf("response body is larger than the limit of %d bytes", s.cfg.maxSize)
	}

	src, err := KeysFromJWKS(body)
	if err != nil {
		return nil, 0, fmt.Errorf("invalid key set: %w", err)
	}
	// KeysFromJWKS always returns staticKeys.
	keys := []Key(src.(staticKeys))
	return keys, s.cfg.refreshAfter(resp.Header), nil
}

// requestError describes a failed step of a fetch. It drops the
// *url.Error wrapper, whose text repeats the URL with its query.
func (s *RemoteKeySource) requestError(step string, err error) error {
	var ue *url.Error
	if errors.As(err, &ue) {
		err = ue.Err
	}
	if errors.Is(err, context.DeadlineExceeded) && s.ctx.Err() == nil {
		return fmt.Errorf("%s timed out after %s: %w", step, s.cfg.fetchTimeout, err)
	}
	return fmt.Errorf("%s failed: %w", step, err)
}

// refreshAfter returns the time until a key set fetched with header h is
// due: its Cache-Control max-age, or the refresh interval without one,
// clamped to the refresh bounds.
func (c *remoteConfig) refreshAfter(h http.Header) time.Duration {
	d := c.refreshInterval
	if age, ok := maxAge(h.Values("Cache-Control")); ok {
		d = age
	}
	return min(max(d, c.minInterval), c.maxInterval)
}

// maxAge returns the max-age of the Cache-Control header values (RFC 9111
// §5.2.2.1) and whether one was found. no-store and no-cache count as a
// max-age of zero. An invalid max-age is ignored.
func maxAge(values []string) (time.Duration, bool) {
	// maxSeconds caps max-age so that the duration cannot overflow; the
	// refresh bounds clamp it much further.
	const maxSeconds = 1 << 31
	age, found := time.Duration(0), false
	for _, v := range values {
		for directive := range strings.SplitSeq(v, ",") {
			name, arg, _ := strings.Cut(strings.TrimSpace(directive), "=")
			switch strings.ToLower(strings.TrimSpace(name)) {
			case "no-store", "no-cache":
				return 0, true
			case "max-age":
				secs, err := strconv.ParseInt(strings.Trim(strings.TrimSpace(arg), `"`), 10, 64)
				if err != nil || secs < 0 {
					continue
				}
				age, found = time.Duration(min(secs, maxSeconds))*time.Second, true
			}
		}
	}
	return age, found
}

// unavailableError returns the error of a lookup when no usable keys are
// held. It names the last failure by its text only. The failure belongs
// to an earlier fetch, so errors.Is on the lookup's error must not match
// it (a fetch timeout is not the caller's context deadline).
func (s *RemoteKeySource) unavailableError() error {
	s.mu.Lock()
	defer s.mu.Unlock()
	var b strings.Builder
	if s.keys == nil {
		b.WriteString("no key set fetched yet")
	} else {
		fmt.Fprintf(&b, "the key set fetched at %s expired at %s (max stale age %s)",
			s.fetchedAt.Format(time.RFC3339), s.staleUntil.Format(time.RFC3339), s.cfg.maxStale)
	}
	if s.lastErr != nil {
		fmt.Fprintf(&b, "; the last fetch at %s failed: %v", s.lastErrAt.Format(time.RFC3339), s.lastErr)
	}
	if s.closed {
		b.WriteString("; the key source is closed")
	}
	return fmt.Errorf("%w: JWKS %s: %s", ErrKeysUnavailable, s.source, b.String())
}

// Refresh fetches the key set now, or waits for the fetch in flight, and
// returns its error. The wait is bounded by ctx and the fetch by the
// fetch timeout. Refresh ignores the unknown-kid rate limit. A service
// can call it at startup to report an unreachable endpoint early.
func (s *RemoteKeySource) Refresh(ctx context.Context) error {
	s.mu.Lock()
	call := s.startFetchLocked()
	if call != nil {
		call.waiters++
	}
	s.mu.Unlock()
	if call == nil {
		return fmt.Errorf("%w: JWKS %s: the key source is closed", ErrKeysUnavailable, s.source)
	}

	select {
	case <-call.done:
		if call.err != nil {
			return fmt.Errorf("JWKS %s: %w", s.source, call.err)
		}
		return nil
	case <-ctx.Done():
		return fmt.Errorf("JWKS %s: stopped waiting for a fetch: %w", s.source, ctx.Err())
	}
}

// Start starts a goroutine that fetches the key set each time it is due,
// and at once when nothing has been fetched yet. After a failed fetch it
// tries again after the minimum refresh interval. The goroutine stops
// when ctx is done or Close is called. Calls after the first, and calls
// after Close, do nothing.
func (s *RemoteKeySource) Start(ctx context.Context) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.started || s.closed {
		return
	}
	s.started = true
	s.wg.Add(1)
	go s.run(ctx)
}

// run is the background refresher that Start starts.
func (s *RemoteKeySource) run(ctx context.Context) {
	defer s.wg.Done()
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-s.ctx.Done():
			return
		case <-timer.C:
		}

		var call *refreshCall
		now := s.cfg.now()
		s.mu.Lock()
		if !now.Before(s.nextRefresh) {
			call = s.startFetchLocked()
		}
		s.mu.Unlock()
		if call != nil {
			select {
			case <-call.done:
			case <-ctx.Done():
				return
			case <-s.ctx.Done():
				return
			}
		}

		s.mu.Lock()
		wait := s.nextRefresh.Sub(s.cfg.now())
		s.mu.Unlock()
		timer.Reset(max(wait, 0))
	}
}

// Close stops the background refresher and any fetch in flight, and
// waits for their goroutines to end. Afterwards lookups still use the
// keys held, until they are stale, but nothing is fetched. Close always
// returns nil.
func (s *RemoteKeySource) Close() error {
	s.mu.Lock()
	s.closed = true
	s.mu.Unlock()
	s.cancel()
	s.wg.Wait()
	return nil
}

// RemoteStatus describes the state of a RemoteKeySource, for health
// checks.
type RemoteStatus struct {
	// Source is the URL without user information, query or fragment.
	Source string
	// Keys is the number of keys in the last good key set.
	Keys int
	// FetchedAt is the time of the last successful fetch, or zero.
	FetchedAt time.Time
	// NextRefresh is the time the next fetch is due.
	NextRefresh time.Time
	// StaleUntil is the time after which the keys no longer serve, or
	// zero when none are held.
	StaleUntil time.Time
	// LastError is the error of the last fetch when it failed, or nil.
	LastError error
	// LastErrorAt is the time of that failed fetch.
	LastErrorAt time.Time
}

// Status returns the state of the source.
func (s *RemoteKeySource) Status() RemoteStatus {
	s.mu.Lock()
	defer s.mu.Unlock()
	return RemoteStatus{
		Source:      s.source,
		Keys:        len(s.keys),
		FetchedAt:   s.fetchedAt,
		NextRefresh: s.nextRefresh,
		StaleUntil:  s.staleUntil,
		LastError:   s.lastErr,
		LastErrorAt: s.lastErrAt,
	}
}
