package runtime

import (
	"context"
	"log/slog"
)

// ShadowCheck is a candidate contract that a verifier evaluates in shadow
// mode. The verifier checks each token it accepts against the candidate
// too and reports what the candidate would have rejected, without
// rejecting anything itself. Shadow mode shows the effect of a contract
// change on real traffic before the change ships.
type ShadowCheck interface {
	// ShadowName names the candidate in reports, such as
	// "OrdersAccessNext".
	ShadowName() string
	// CheckShadow returns the error the candidate would return for t, or
	// nil when the candidate would accept it.
	CheckShadow(ctx context.Context, t *Token) error
}

// ShadowObserver is an optional extension of Observer. When an observer
// implements it, the verifier calls ShadowRejected for every token that a
// shadow candidate rejected after the verifier accepted the token as
// version of contract. err is the candidate's error.
type ShadowObserver interface {
	ShadowRejected(ctx context.Context, contract string, version int, candidate string, err error)
}

// WithShadow adds candidate contracts to a verifier. After VerifyToken,
// and so Verify, accepts a token, it calls each check's CheckShadow in the
// order given and with the same context. Every error a check returns goes
// to the logger and, when the observer implements ShadowObserver, to the
// observer. A shadow's error never changes the verifier's result, and a
// panic in a check is not recovered. Nil checks are skipped, and an Issuer
// ignores this option.
func WithShadow(checks ...ShadowCheck) Option {
	return func(c *config) {
		for _, check := range checks {
			if check != nil {
				c.shadows = append(c.shadows, check)
			}
		}
	}
}

// runShadows checks t, which the verifier accepted as a token of rules,
// against every shadow candidate and reports the rejections.
func (c *config) runShadows(ctx context.Context, rules *Rules, t *Token) {
	for _, check := range c.shadows {
		if err := check.CheckShadow(ctx, t); err != nil {
			c.reportShadow(ctx, rules, t, check.ShadowName(), err)
		}
	}
}

// reportShadow passes the rejection of t by the candidate to the shadow
// observer and the logger.
func (c *config) reportShadow(ctx context.Context, rules *Rules, t *Token, candidate string, err error) {
	if c.shadowObserver != nil {
		c.shadowObserver.ShadowRejected(ctx, rules.Contract, rules.Version, candidate, err)
	}
	if c.logger == nil || !c.logger.Enabled(ctx, slog.LevelDebug) {
		return
	}
	kid, alg := clip(t.kid), clip(t.alg)
	for _, ve := range validationErrors(err) {
		c.logger.LogAttrs(ctx, slog.LevelDebug, "shadow candidate rejected token",
			slog.String("contract", rules.Contract), slog.Int("version", rules.Version),
			slog.String("candidate", candidate),
			slog.String("claim", ve.Claim), slog.String("rule", ve.Rule),
			slog.String("kid", kid), slog.String("alg", alg),
			slog.String("detail", ve.Detail))
	}
}
