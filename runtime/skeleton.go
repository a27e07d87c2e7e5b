package runtime

// This file fixes the API that generated code and the generator rely on.
// TODO: implement; the runtime helper replaces this file with real code
// split across keys.go, signer.go, options.go, verify.go, issue.go,
// shape.go, scopes.go and violations.go.

import (
	"context"
	"crypto"
	"errors"
	"log/slog"
	"time"

	"github.com/golang-jwt/jwt/v5"
)

var errTODO = errors.New("runtime: not implemented")

// Key is one verification key: a public key or an HMAC secret, with its key
// ID and the algorithm family it serves.
type Key struct {
	id     string
	public crypto.PublicKey
	secret []byte
	err    error
}

// ID returns the key ID ("kid"), which may be empty.
func (k Key) ID() string { return k.id }

// KeySource finds the key that verifies a token.
type KeySource interface {
	// LookupKey returns the key for a token whose header names kid (empty
	// when absent) and alg. It returns an error wrapping ErrKeyNotFound
	// when no key fits.
	LookupKey(ctx context.Context, kid, alg string) (Key, error)
}

func PublicKeyFromPEM(kid string, pemBytes []byte) (Key, error) { return Key{}, errTODO }
func PublicKey(kid string, pub crypto.PublicKey) (Key, error)   { return Key{}, errTODO }
func HMACKey(kid string, secret []byte) Key                     { return Key{id: kid, err: errTODO} }
func KeyFromJWK(jwk []byte) (Key, error)                        { return Key{}, errTODO }
func KeysFromJWKS(jwks []byte) (KeySource, error)               { return nil, errTODO }
func StaticKeys(keys ...Key) KeySource                          { return nil }

// Signer signs tokens with one private key or secret.
type Signer interface {
	Algorithm() string
	KeyID() string
	Sign(signingInput []byte) ([]byte, error)
}

func NewSigner(alg, kid string, key any) (Signer, error)             { return nil, errTODO }
func SignerFromPEM(alg, kid string, pemBytes []byte) (Signer, error) { return nil, errTODO }

// Option configures a Verifier or an Issuer.
type Option func(*config)

type config struct{}

func WithClock(now func() time.Time) Option { return func(*config) {} }
func WithLeeway(d time.Duration) Option     { return func(*config) {} }
func WithLogger(l *slog.Logger) Option      { return func(*config) {} }
func WithObserver(o Observer) Option        { return func(*config) {} }
func WithMaxTokenSize(n int) Option         { return func(*config) {} }

// Observer is told of every token a verifier accepts or rejects.
type Observer interface {
	TokenAccepted(ctx context.Context, contract string, version int)
	TokenRejected(ctx context.Context, contract string, version int, err error)
}

// Claims is what generated claim structs implement.
type Claims interface {
	jwt.Claims
	Validate() error
}

// Verifier checks tokens against the Rules of a contract version.
type Verifier struct{}

func NewVerifier(keys KeySource, opts ...Option) *Verifier { return &Verifier{} }

// Token is a token decoded once, before any version is chosen.
type Token struct{}

func (v *Verifier) Parse(token string) (*Token, error) { return nil, errTODO }
func (v *Verifier) VerifyToken(ctx context.Context, t *Token, rules *Rules, claims Claims) error {
	return errTODO
}
func (v *Verifier) Verify(ctx context.Context, token string, rules *Rules, claims Claims) error {
	return errTODO
}

// Issuer validates and signs tokens.
type Issuer struct{}

func NewIssuer(signer Signer, opts ...Option) *Issuer { return &Issuer{} }
func (i *Issuer) Issue(ctx context.Context, rules *Rules, claims Claims, registered *jwt.RegisteredClaims) (string, error) {
	return "", errTODO
}

// SpaceDelimited is a list of scopes written in JSON as one string of
// space-separated values.
type SpaceDelimited []string

// Violations collects the failed rules of a Validate call.
type Violations struct {
	Contract string
	Version  int
	errs     []error
}

func (v *Violations) Missing(claim string)               {}
func (v *Violations) Invalid(claim, rule, detail string) {}
func (v *Violations) Err() error                         { return errors.Join(v.errs...) }
func IsURL(s string) bool                                { return false }
func IsEmail(s string) bool                              { return false }
func IsUUID(s string) bool                               { return false }
