// Package bench measures the verifier that jwtgen generates against
// golang-jwt v5, lestrrat-go/jwx v3 and bare signature verification with
// the standard library. It is a module of its own, so that the peer
// libraries never become dependencies of jwtgen.
//
// Run the benchmarks from this directory:
//
//	go test -run '^$' -bench . -benchmem -count 10 ./...
//
// The tests check that every implementation accepts the same valid tokens
// and rejects the same invalid ones, so that the benchmarks compare equal
// work. docs/benchmarks.md in the repository root records the results.
package bench
