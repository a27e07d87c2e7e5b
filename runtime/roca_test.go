package runtime

import (
	"crypto/rand"
	"crypto/rsa"
	"errors"
	"math/big"
	"testing"
)

// rocaStylePrime returns a prime of bits bits, the top two set, with the
// structure of the ROCA-affected key generator: k*M + (65537^a mod M),
// with M the product of the first 71 primes. The product of two such
// primes has 2*bits bits.
func rocaStylePrime(t *testing.T, bits int) *big.Int {
	t.Helper()
	m := big.NewInt(2)
	for _, p := range rocaPrimes {
		m.Mul(m, big.NewInt(p))
	}
	kMax := new(big.Int).Rsh(new(big.Int).Lsh(big.NewInt(1), uint(bits)), uint(m.BitLen()-1))
	for range 100000 {
		a, err := rand.Int(rand.Reader, m)
		if err != nil {
			t.Fatal(err)
		}
		k, err := rand.Int(rand.Reader, kMax)
		if err != nil {
			t.Fatal(err)
		}
		p := new(big.Int).Exp(big.NewInt(65537), a, m)
		p.Add(p, k.Mul(k, m))
		if p.BitLen() == bits && p.Bit(bits-2) == 1 && p.ProbablyPrime(20) {
			return p
		}
	}
	t.Fatal("no ROCA-style prime found")
	return nil
}

func TestROCAKeyRejected(t *testing.T) {
	n := new(big.Int).Mul(rocaStylePrime(t, 1024), rocaStylePrime(t, 1024))
	if n.BitLen() < MinRSABits {
		t.Fatalf("modulus is %d bits, want at least %d", n.BitLen(), MinRSABits)
	}
	_, err := PublicKey("roca", &rsa.PublicKey{N: n, E: 65537})
	if !errors.Is(err, ErrKeyInvalid) {
		t.Fatalf("PublicKey of a ROCA-style modulus = %v, want ErrKeyInvalid", err)
	}
	want := "key invalid: RSA modulus has the ROCA fingerprint (CVE-2017-15361), so its private key can be computed from it"
	if err.Error() != want {
		t.Errorf("message = %q, want %q", err, want)
	}
}

func TestROCAFingerprintOfRandomKeys(t *testing.T) {
	for _, key := range []*rsa.PrivateKey{rsaKey(), attackerRSAKey()} {
		if hasROCAFingerprint(key.N) {
			t.Errorf("a key from crypto/rsa has the ROCA fingerprint")
		}
	}
}
