package contracttest

import (
	"crypto"
	"crypto/ecdsa"
	"crypto/ed25519"
	"crypto/elliptic"
	"crypto/hmac"
	"crypto/rand"
	"crypto/rsa"
	"crypto/sha256"
	"crypto/sha512"
	"crypto/x509"
	"encoding/pem"
	"fmt"
	"hash"
	"strings"
	"sync"

	"github.com/jwtgen/jwtgen/runtime"
)

// testKeys makes one private key per key family on first use and keeps it
// for the rest of the test binary, because RSA key generation is slow.
type testKeys struct {
	mu     sync.Mutex
	rsa    *rsa.PrivateKey
	ec     map[string]*ecdsa.PrivateKey // by curve name
	ed     ed25519.PrivateKey
	secret []byte
}

var keys = &testKeys{ec: map[string]*ecdsa.PrivateKey{}}

// privateKey returns the private key or HMAC secret of alg.
func (k *testKeys) privateKey(alg string) (any, error) {
	k.mu.Lock()
	defer k.mu.Unlock()

	var err error
	switch {
	case strings.HasPrefix(alg, "HS"):
		if k.secret == nil {
			// 64 bytes is long enough for HS512, the longest hash.
			k.secret = make([]byte, 64)
			_, err = rand.Read(k.secret)
		}
		return k.secret, err
	case strings.HasPrefix(alg, "RS"), strings.HasPrefix(alg, "PS"):
		if k.rsa == nil {
			k.rsa, err = rsa.GenerateKey(rand.Reader, 2048)
		}
		return k.rsa, err
	case strings.HasPrefix(alg, "ES"):
		curve, ok := map[string]elliptic.Curve{"ES256": elliptic.P256(), "ES384": elliptic.P384(), "ES512": elliptic.P521()}[alg]
		if !ok {
			return nil, fmt.Errorf("no test key for algorithm %q", alg)
		}
		name := curve.Params().Name
		if k.ec[name] == nil {
			k.ec[name], err = ecdsa.GenerateKey(curve, rand.Reader)
		}
		return k.ec[name], err
	case alg == "EdDSA":
		if k.ed == nil {
			_, k.ed, err = ed25519.GenerateKey(rand.Reader)
		}
		return k.ed, err
	}
	return nil, fmt.Errorf("no test key for algorithm %q", alg)
}

// verificationKey returns the key under which a verifier finds the test
// key of alg.
func (k *testKeys) verificationKey(alg string) (runtime.Key, error) {
	private, err := k.privateKey(alg)
	if err != nil {
		return runtime.Key{}, err
	}
	if secret, ok := private.([]byte); ok {
		return runtime.HMACKey(KeyID(alg), secret), nil
	}
	return runtime.PublicKey(KeyID(alg), private)
}

// keySource returns a KeySource holding the test keys of algs.
func (k *testKeys) keySource(algs []string) (runtime.KeySource, error) {
	list := make([]runtime.Key, 0, len(algs))
	for _, alg := range algs {
		key, err := k.verificationKey(alg)
		if err != nil {
			return nil, err
		}
		list = append(list, key)
	}
	return runtime.StaticKeys(list...), nil
}

// sign returns the signature of signingInput for the case's signing mode.
func (k *testKeys) sign(c *Case, alg string, signingInput []byte) ([]byte, error) {
	switch c.Signing {
	case SignFixed:
		return []byte(FixedSignature), nil
	case SignHMACPublicKey:
		return k.signHMACPublicKey(c, alg, signingInput)
	case SignKey, SignTampered:
	default:
		return nil, fmt.Errorf("unknown signing mode %q", c.Signing)
	}

	private, err := k.privateKey(alg)
	if err != nil {
		return nil, err
	}
	signer, err := runtime.NewSigner(alg, "", private)
	if err != nil {
		return nil, err
	}
	sig, err := signer.Sign(signingInput)
	if err != nil {
		return nil, err
	}
	if c.Signing == SignTampered {
		sig[0] ^= 0x01
	}
	return sig, nil
}

// signHMACPublicKey computes the HMAC of alg over signingInput with the PEM
// of the public test key of c.Keys[0] as the secret.
func (k *testKeys) signHMACPublicKey(c *Case, alg string, signingInput []byte) ([]byte, error) {
	if len(c.Keys) == 0 {
		return nil, fmt.Errorf("signing mode %q needs an algorithm in keys", c.Signing)
	}
	private, err := k.privateKey(c.Keys[0])
	if err != nil {
		return nil, err
	}
	signer, ok := private.(crypto.Signer)
	if !ok {
		return nil, fmt.Errorf("signing mode %q needs an asymmetric algorithm in keys, not %q", c.Signing, c.Keys[0])
	}
	der, err := x509.MarshalPKIXPublicKey(signer.Public())
	if err != nil {
		return nil, err
	}
	secret := pem.EncodeToMemory(&pem.Block{Type: "PUBLIC KEY", Bytes: der})

	newHash := map[string]func() hash.Hash{"HS256": sha256.New, "HS384": sha512.New384, "HS512": sha512.New}[alg]
	if newHash == nil {
		return nil, fmt.Errorf("signing mode %q needs an HMAC alg, not %q", c.Signing, alg)
	}
	mac := hmac.New(newHash, secret)
	mac.Write(signingInput)
	return mac.Sum(nil), nil
}
