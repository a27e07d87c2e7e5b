// Package allkinds tests the generator end to end. It holds a contract that
// uses every claim type and every constraint over three versions, the code
// jwtgen generates from it, and tests that mint real tokens with the
// generated issuer and check them with the generated verifier.
//
// The contract is a copy of spec/testdata/valid/allkinds.jwt.yaml. The
// generated files are committed; TestAllkindsUpToDate in package gen fails
// when they differ from what the generator produces now.
package allkinds

//go:generate go run github.com/jwtgen/jwtgen/cmd/jwtgen generate allkinds.jwt.yaml
