package runtime

import (
	"context"
	"log/slog"
)

// Observer receives a call for every token a verifier accepts or rejects,
// for metrics. A rejection's err holds one or more *ValidationError values
// whose Rule fields group rejections by reason.
type Observer interface {
	TokenAccepted(ctx context.Context, contract string, version int)
	TokenRejected(ctx context.Context, contract string, version int, err error)
}

// KeyObserver receives a call for every refresh of a key source that
// fetches keys, such as the source that RemoteJWKS returns. source names
// the key source (for RemoteJWKS, its URL without user information or
// query). An Observer may implement KeyObserver too; pass it to
// WithKeyObserver.
type KeyObserver interface {
	// KeysRefreshed reports a successful refresh that loaded count keys.
	KeysRefreshed(ctx context.Context, source string, count int)
	// KeyRefreshFailed reports a failed refresh. err never contains key
	// material or a response body.
	KeyRefreshFailed(ctx context.Context, source string, err error)
}

// NewLogObserver returns an Observer that logs acceptances at Debug level
// and rejections at Info level, with the contract, the version and, for
// each failed rule, the claim, the rule and its detail. It implements
// ShadowObserver too and logs shadow rejections at Info level, adding the
// candidate's name. Records carry no token; an error that is not a
// *ValidationError is logged with its Error text as the detail. It also
// implements KeyObserver and logs key refreshes at Debug level and
// failed refreshes at Warn level, with the source, the key count or the
// error, and never a key.
func NewLogObserver(l *slog.Logger) Observer {
	return logObserver{logger: l}
}

type logObserver struct {
	logger *slog.Logger
}

func (o logObserver) TokenAccepted(ctx context.Context, contract string, version int) {
	o.logger.LogAttrs(ctx, slog.LevelDebug, "token accepted",
		slog.String("contract", contract), slog.Int("version", version))
}

func (o logObserver) TokenRejected(ctx context.Context, contract string, version int, err error) {
	for _, ve := range validationErrors(err) {
		o.logger.LogAttrs(ctx, slog.LevelInfo, "token rejected",
			slog.String("contract", contract), slog.Int("version", version),
			slog.String("claim", ve.Claim), slog.String("rule", ve.Rule),
			slog.String("detail", ve.Detail))
	}
}

func (o logObserver) ShadowRejected(ctx context.Context, contract string, version int, candidate string, err error) {
	for _, ve := range validationErrors(err) {
		o.logger.LogAttrs(ctx, slog.LevelInfo, "shadow candidate rejected token",
			slog.String("contract", contract), slog.Int("version", version),
			slog.String("candidate", candidate),
			slog.String("claim", ve.Claim), slog.String("rule", ve.Rule),
			slog.String("detail", ve.Detail))
	}
}

func (o logObserver) KeysRefreshed(ctx context.Context, source string, count int) {
	o.logger.LogAttrs(ctx, slog.LevelDebug, "keys refreshed",
		slog.String("source", source), slog.Int("keys", count))
}

func (o logObserver) KeyRefreshFailed(ctx context.Context, source string, err error) {
	o.logger.LogAttrs(ctx, slog.LevelWarn, "key refresh failed",
		slog.String("source", source), slog.String("error", err.Error()))
}

// validationErrors returns the *ValidationError values in err, which is
// one of them or a join of them. Any other error becomes a
// *ValidationError with an empty rule.
func validationErrors(err error) []*ValidationError {
	if err == nil {
		return nil
	}
	if ve, ok := err.(*ValidationError); ok {
		return []*ValidationError{ve}
	}
	if joined, ok := err.(interface{ Unwrap() []error }); ok {
		var out []*ValidationError
		for _, e := range joined.Unwrap() {
			out = append(out, validationErrors(e)...)
		}
		return out
	}
	return []*ValidationError{{Detail: err.Error(), Err: err}}
}

// report passes the outcome of checking tok against rules to the observer
// and the logger. tok is nil when the token did not parse.
func (c *config) report(ctx context.Context, rules *Rules, tok *Token, err error) {
	if c.observer == nil && c.logger == nil {
		return
	}
	contract, version := "", 0
	if rules != nil {
		contract, version = rules.Contract, rules.Version
	}
	c.reportOutcome(ctx, contract, version, tok, err)
}

// reportOutcome passes the outcome of checking tok as a token of version
// of contract to the observer and the logger.
func (c *config) reportOutcome(ctx context.Context, contract string, version int, tok *Token, err error) {
	if c.observer == nil && c.logger == nil {
		return
	}
	var kid, alg string
	if tok != nil {
		kid, alg = clip(tok.kid), clip(tok.alg)
	}

	if err == nil {
		if c.observer != nil {
			c.observer.TokenAccepted(ctx, contract, version)
		}
		if c.logger != nil {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "token accepted",
				slog.String("contract", contract), slog.Int("version", version),
				slog.String("kid", kid), slog.String("alg", alg))
		}
		return
	}

	if c.observer != nil {
		c.observer.TokenRejected(ctx, contract, version, err)
	}
	if c.logger != nil && c.logger.Enabled(ctx, slog.LevelDebug) {
		for _, ve := range validationErrors(err) {
			c.logger.LogAttrs(ctx, slog.LevelDebug, "token rejected",
				slog.String("contract", contract), slog.Int("version", version),
				slog.String("claim", ve.Claim), slog.String("rule", ve.Rule),
				slog.String("kid", kid), slog.String("alg", alg),
				slog.String("detail", ve.Detail))
		}
	}
}
