package runtime

import "math/big"

// rocaPrimes are the odd primes among the first 71 primes (up to 353).
// Every prime factor of an RSA key of 992 bits or more made by the
// Infineon library affected by ROCA (CVE-2017-15361) is k*M + (65537^a mod
// M), where M is the product of the first 71 primes or more, so each of
// these primes divides M.
var rocaPrimes = []int64{
	3, 5, 7, 11, 13, 17, 19, 23, 29, 31, 37, 41, 43, 47, 53, 59, 61, 67, 71,
	73, 79, 83, 89, 97, 101, 103, 107, 109, 113, 127, 131, 137, 139, 149,
	151, 157, 163, 167, 173, 179, 181, 191, 193, 197, 199, 211, 223, 227,
	229, 233, 239, 241, 251, 257, 263, 269, 271, 277, 281, 283, 293, 307,
	311, 313, 317, 331, 337, 347, 349, 353,
}

// hasROCAFingerprint reports whether the RSA modulus n has the ROCA
// structure: modulo each prime r of rocaPrimes, n is a power of 65537. A
// modulus of random primes passes all these tests with a probability of
// about 2^-83. Keys under 992 bits, which the library built with fewer
// primes, are rejected by size before this check.
func hasROCAFingerprint(n *big.Int) bool {
	var r, prime big.Int
	for _, p := range rocaPrimes {
		residue := r.Mod(n, prime.SetInt64(p)).Int64()
		if !isPowerOf65537(residue, p) {
			return false
		}
	}
	return true
}

// isPowerOf65537 reports whether residue is a power of 65537 modulo the
// prime p.
func isPowerOf65537(residue, p int64) bool {
	generator := 65537 % p
	power := int64(1)
	for {
		if power == residue {
			return true
		}
		power = power * generator % p
		if power == 1 {
			return false
		}
	}
}
