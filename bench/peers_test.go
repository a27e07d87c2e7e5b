package bench

import (
	"context"
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/hmac"
	"crypto/rsa"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"math/big"
	"regexp"
	"slices"
	"strings"
	"time"
	"unsafe"

	"github.com/golang-jwt/jwt/v5"
	"github.com/jwtgen/jwtgen/bench/contract"
	"github.com/jwtgen/jwtgen/runtime"
	"github.com/lestrrat-go/jwx/v3/jwa"
	"github.com/lestrrat-go/jwx/v3/jws"
	jwxjwt "github.com/lestrrat-go/jwx/v3/jwt"
)

// verifyFunc verifies one token and returns nil when it is accepted.
type verifyFunc func(token string) error

// implementation is one way to verify the benchmark tokens.
type implementation struct {
	name string
	// full is false for the floor, which checks the signature only.
	full bool
	new  func(k keyPair) verifyFunc
}

// implementations lists the verifiers that the tests and the benchmarks
// compare, the floor first.
var implementations = []implementation{
	{name: "floor", new: newFloor},
	{name: "jwtgen", full: true, new: newJWTGen},
	{name: "golang-jwt-map", full: true, new: newGolangJWTMap},
	{name: "golang-jwt-struct", full: true, new: newGolangJWTStruct},
	{name: "jwx", full: true, new: newJWX},
}

// The rules of version 3 of the contracts in package contract, which the
// peers check by hand.
const (
	wantType        = "at+jwt"
	wantIssuer      = "https://auth.example.com"
	wantAudience    = "orders-api"
	wantVersion     = 3
	leeway          = 30 * time.Second
	maxLifetime     = 10 * time.Minute
	tenantIDPattern = `^[a-z0-9-]{3,32}$`
)

var (
	tenantIDRegexp = regexp.MustCompile(tenantIDPattern)
	roleValues     = []string{"admin", "viewer"}
	regionValues   = []string{"eu", "us"}
)

var errRejected = errors.New("token rejected")

func rejectf(format string, args ...any) error {
	return fmt.Errorf("%w: "+format, append([]any{errRejected}, args...)...)
}

// newJWTGen verifies with the generated verifier's Verify, which accepts
// every version and upgrades the claims to version 3.
func newJWTGen(k keyPair) verifyFunc {
	ctx := context.Background()
	if k.alg == "HS256" {
		v := contract.NewSharedAccessVerifier(runtime.StaticKeys(runtime.HMACKey(k.kid, k.public.([]byte))), runtime.WithClock(clock))
		return func(token string) error {
			_, err := v.Verify(ctx, token)
			return err
		}
	}
	key, err := runtime.PublicKey(k.kid, k.public)
	if err != nil {
		panic(err)
	}
	v := contract.NewAccessVerifier(runtime.StaticKeys(key), runtime.WithClock(clock))
	return func(token string) error {
		_, err := v.Verify(ctx, token)
		return err
	}
}

// typeMatches compares typ header values ignoring case and an
// "application/" prefix (RFC 7515 §4.1.9).
func typeMatches(typ string) bool {
	typ = strings.ToLower(typ)
	return strings.TrimPrefix(typ, "application/") == wantType
}

// newGolangJWTParser returns a golang-jwt parser that checks the
// algorithm, exp, nbf and iat with leeway, iss and aud, and a key function
// that checks the typ header.
func newGolangJWTParser(k keyPair) (*jwt.Parser, jwt.Keyfunc) {
	p := jwt.NewParser(
		jwt.WithValidMethods([]string{k.alg}),
		jwt.WithLeeway(leeway),
		jwt.WithIssuer(wantIssuer),
		jwt.WithAudience(wantAudience),
		jwt.WithExpirationRequired(),
		jwt.WithIssuedAt(),
		jwt.WithTimeFunc(clock),
	)
	keyfunc := func(t *jwt.Token) (any, error) {
		typ, _ := t.Header["typ"].(string)
		if !typeMatches(typ) {
			return nil, rejectf("typ header is %q", typ)
		}
		return k.public, nil
	}
	return p, keyfunc
}

// newGolangJWTMap verifies with golang-jwt and MapClaims, then checks the
// contract rules that golang-jwt does not by hand.
func newGolangJWTMap(k keyPair) verifyFunc {
	p, keyfunc := newGolangJWTParser(k)
	return func(token string) error {
		claims := jwt.MapClaims{}
		if _, err := p.ParseWithClaims(token, claims, keyfunc); err != nil {
			return err
		}
		return checkMapClaims(claims)
	}
}

func checkMapClaims(c jwt.MapClaims) error {
	if v, ok := c["ver"].(float64); !ok || v != wantVersion {
		return rejectf("ver is %v", c["ver"])
	}
	for _, name := range []string{"sub", "jti"} {
		if _, ok := c[name].(string); !ok {
			return rejectf("%s is missing or not a string", name)
		}
	}
	exp, err := c.GetExpirationTime()
	if err != nil {
		return err
	}
	iat, err := c.GetIssuedAt()
	if err != nil {
		return err
	}
	if iat == nil {
		return rejectf("iat is missing")
	}
	if exp.Sub(iat.Time) > maxLifetime {
		return rejectf("lifetime exceeds %s", maxLifetime)
	}

	tenant, ok := c["tenant_id"].(string)
	if !ok || !tenantIDRegexp.MatchString(tenant) {
		return rejectf("tenant_id is missing or invalid")
	}
	if scp, found := c["scp"]; found {
		items, ok := scp.([]any)
		if !ok {
			return rejectf("scp is not an array")
		}
		for _, item := range items {
			if _, ok := item.(string); !ok {
				return rejectf("scp item is not a string")
			}
		}
	}
	if roles, found := c["roles"]; found {
		items, ok := roles.([]any)
		if !ok {
			return rejectf("roles is not an array")
		}
		for _, item := range items {
			if s, ok := item.(string); !ok || !slices.Contains(roleValues, s) {
				return rejectf("roles item is invalid")
			}
		}
	}
	region, ok := c["region"].(string)
	if !ok || !slices.Contains(regionValues, region) {
		return rejectf("region is missing or invalid")
	}
	return nil
}

// structClaims is a hand-written claims struct for golang-jwt whose
// Validate method checks the contract rules that golang-jwt does not.
type structClaims struct {
	jwt.RegisteredClaims
	Ver      *int     `json:"ver"`
	TenantID string   `json:"tenant_id"`
	Scp      []string `json:"scp,omitempty"`
	Roles    []string `json:"roles,omitempty"`
	Region   string   `json:"region"`
}

// Validate implements jwt.ClaimsValidator. golang-jwt calls it after its
// own checks.
func (c *structClaims) Validate() error {
	switch {
	case c.Ver == nil || *c.Ver != wantVersion:
		return rejectf("ver is missing or not %d", wantVersion)
	case c.Subject == "":
		return rejectf("sub is missing")
	case c.ID == "":
		return rejectf("jti is missing")
	case c.ExpiresAt == nil:
		return rejectf("exp is missing")
	case c.IssuedAt == nil:
		return rejectf("iat is missing")
	case c.ExpiresAt.Sub(c.IssuedAt.Time) > maxLifetime:
		return rejectf("lifetime exceeds %s", maxLifetime)
	case !tenantIDRegexp.MatchString(c.TenantID):
		return rejectf("tenant_id is missing or invalid")
	case !slices.Contains(regionValues, c.Region):
		return rejectf("region is missing or invalid")
	}
	for _, r := range c.Roles {
		if !slices.Contains(roleValues, r) {
			return rejectf("roles item is invalid")
		}
	}
	return nil
}

// newGolangJWTStruct verifies with golang-jwt and structClaims.
func newGolangJWTStruct(k keyPair) verifyFunc {
	p, keyfunc := newGolangJWTParser(k)
	return func(token string) error {
		_, err := p.ParseWithClaims(token, new(structClaims), keyfunc)
		return err
	}
}

// newJWX verifies with lestrrat-go/jwx v3: a key provider checks the alg
// and typ headers, the parser checks exp, nbf and iat with the skew, iss,
// aud and the required claims, and a validator checks the rest.
func newJWX(k keyPair) verifyFunc {
	alg, ok := jwa.LookupSignatureAlgorithm(k.alg)
	if !ok {
		panic("jwx does not know " + k.alg)
	}
	provider := jws.KeyProviderFunc(func(_ context.Context, sink jws.KeySink, sig *jws.Signature, _ *jws.Message) error {
		h := sig.ProtectedHeaders()
		if got, _ := h.Algorithm(); got != alg {
			return rejectf("alg is %q", got)
		}
		if typ, _ := h.Type(); !typeMatches(typ) {
			return rejectf("typ header is %q", typ)
		}
		sink.Key(alg, k.public)
		return nil
	})
	opts := []jwxjwt.ParseOption{
		jwxjwt.WithKeyProvider(provider),
		jwxjwt.WithValidate(true),
		jwxjwt.WithClock(jwxjwt.ClockFunc(clock)),
		jwxjwt.WithAcceptableSkew(leeway),
		jwxjwt.WithIssuer(wantIssuer),
		jwxjwt.WithAudience(wantAudience),
		jwxjwt.WithRequiredClaim(jwxjwt.ExpirationKey),
		jwxjwt.WithRequiredClaim(jwxjwt.IssuedAtKey),
		jwxjwt.WithRequiredClaim(jwxjwt.SubjectKey),
		jwxjwt.WithRequiredClaim(jwxjwt.JwtIDKey),
		jwxjwt.WithValidator(jwxjwt.ValidatorFunc(checkJWXToken)),
	}
	return func(token string) error {
		_, err := jwxjwt.ParseString(token, opts...)
		return err
	}
}

func checkJWXToken(_ context.Context, t jwxjwt.Token) error {
	var ver float64
	if err := t.Get("ver", &ver); err != nil || ver != wantVersion {
		return rejectf("ver is missing or not %d", wantVersion)
	}
	exp, _ := t.Expiration()
	iat, _ := t.IssuedAt()
	if exp.Sub(iat) > maxLifetime {
		return rejectf("lifetime exceeds %s", maxLifetime)
	}

	var tenant string
	if err := t.Get("tenant_id", &tenant); err != nil || !tenantIDRegexp.MatchString(tenant) {
		return rejectf("tenant_id is missing or invalid")
	}
	if t.Has("scp") {
		var items []any
		if err := t.Get("scp", &items); err != nil {
			return rejectf("scp is not an array")
		}
		for _, item := range items {
			if _, ok := item.(string); !ok {
				return rejectf("scp item is not a string")
			}
		}
	}
	if t.Has("roles") {
		var items []any
		if err := t.Get("roles", &items); err != nil {
			return rejectf("roles is not an array")
		}
		for _, item := range items {
			if s, ok := item.(string); !ok || !slices.Contains(roleValues, s) {
				return rejectf("roles item is invalid")
			}
		}
	}
	var region string
	if err := t.Get("region", &region); err != nil || !slices.Contains(regionValues, region) {
		return rejectf("region is missing or invalid")
	}
	return nil
}

// newFloor verifies the signature alone with the standard library: it
// splits the token at its last dot, decodes the signature segment with
// strict base64url into a stack buffer, and checks the signature over the
// signing input. It reads neither the header nor the payload.
func newFloor(k keyPair) verifyFunc {
	check := floorCheck(k)
	return func(token string) error {
		dot := strings.LastIndexByte(token, '.')
		if dot < 0 {
			return rejectf("no dot")
		}
		var buf [256]byte
		seg := token[dot+1:]
		if strictBase64.DecodedLen(len(seg)) > len(buf) {
			return rejectf("signature too long")
		}
		n, err := strictBase64.Decode(buf[:], stringBytes(seg))
		if err != nil {
			return err
		}
		return check(stringBytes(token[:dot]), buf[:n])
	}
}

var strictBase64 = base64.RawURLEncoding.Strict()

// stringBytes returns the bytes of s without a copy. The callers only
// read them.
func stringBytes(s string) []byte {
	return unsafe.Slice(unsafe.StringData(s), len(s))
}

// floorCheck returns the signature check of k's algorithm.
func floorCheck(k keyPair) func(input, sig []byte) error {
	switch k.alg {
	case "HS256":
		secret := k.public.([]byte)
		return func(input, sig []byte) error {
			mac := hmac.New(sha256.New, secret)
			mac.Write(input)
			var sum [sha256.Size]byte
			if !hmac.Equal(mac.Sum(sum[:0]), sig) {
				return rejectf("invalid HMAC")
			}
			return nil
		}
	case "RS256":
		pub := k.public.(*rsa.PublicKey)
		return func(input, sig []byte) error {
			digest := sha256.Sum256(input)
			return rsa.VerifyPKCS1v15(pub, crypto.SHA256, digest[:], sig)
		}
	case "ES256":
		pub := k.public.(*ecdsa.PublicKey)
		return func(input, sig []byte) error {
			if len(sig) != 64 {
				return rejectf("signature is not r||s")
			}
			digest := sha256.Sum256(input)
			r := new(big.Int).SetBytes(sig[:32])
			s := new(big.Int).SetBytes(sig[32:])
			if !ecdsa.Verify(pub, digest[:], r, s) {
				return rejectf("invalid ECDSA signature")
			}
			return nil
		}
	case "EdDSA":
		pub := k.public.(ed25519.PublicKey)
		return func(input, sig []byte) error {
			if !ed25519.Verify(pub, input, sig) {
				return rejectf("invalid Ed25519 signature")
			}
			return nil
		}
	}
	panic("no floor for " + k.alg)
}
