// Package contract holds the token contracts that the benchmarks verify and
// the code that jwtgen generates from them: Access, signed with RS256,
// ES256 or EdDSA, and SharedAccess, signed with HS256. Each has three
// versions with the same claims, so that a version 1 token exercises the
// whole upgrade chain.
package contract

//go:generate go run github.com/jwtgen/jwtgen/cmd/jwtgen generate access.jwt.yaml shared.jwt.yaml
