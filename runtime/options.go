package runtime

import (
	"log/slog"
	"time"
)

// Option configures a Verifier or an Issuer. Both take the same options.
type Option func(*config)

type config struct {
	now          func() time.Time
	leeway       time.Duration
	leewaySet    bool
	logger       *slog.Logger
	observer     Observer
	maxTokenSize int

	// shadows are the candidates of WithShadow, and shadowObserver is
	// observer when it implements ShadowObserver.
	shadows        []ShadowCheck
	shadowObserver ShadowObserver
}

func newConfig(opts []Option) config {
	c := config{now: time.Now, maxTokenSize: DefaultMaxTokenSize}
	for _, opt := range opts {
		if opt != nil {
			opt(&c)
		}
	}
	c.shadowObserver, _ = c.observer.(ShadowObserver)
	return c
}

// leewayFor returns the clock skew allowed for tokens of rules.
func (c *config) leewayFor(rules *Rules) time.Duration {
	if c.leewaySet {
		return c.leeway
	}
	return rules.Leeway
}

// WithClock sets the function that returns the current time. The default
// is time.Now; a nil function keeps it.
func WithClock(now func() time.Time) Option {
	return func(c *config) {
		if now != nil {
			c.now = now
		}
	}
}

// WithLeeway sets the clock skew allowed on exp, nbf and iat, replacing the
// leeway of every contract version. A negative duration counts as zero.
func WithLeeway(d time.Duration) Option {
	return func(c *config) {
		c.leeway = max(d, 0)
		c.leewaySet = true
	}
}

// WithLogger logs every accepted and rejected token, and every rejection
// by a shadow candidate (see WithShadow), at Debug level with the
// contract, version, claim, rule, kid and alg. Records never contain a
// token, a signature, a key or a claim value. A nil logger turns logging
// off.
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// WithObserver sets the Observer that a verifier calls for every accepted
// and rejected token. When o also implements ShadowObserver, the verifier
// also calls its ShadowRejected method for every rejection by a shadow
// candidate.
func WithObserver(o Observer) Option {
	return func(c *config) { c.observer = o }
}

// WithMaxTokenSize sets the size in bytes above which a token is rejected
// before any decoding. The default is DefaultMaxTokenSize; n <= 0 keeps it.
func WithMaxTokenSize(n int) Option {
	return func(c *config) {
		if n > 0 {
			c.maxTokenSize = n
		}
	}
}
