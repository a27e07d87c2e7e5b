// Package tokens holds the OrdersAccess token contract and the code jwtgen
// generates from it: typed claims, validators, a verifier and an issuer.
package tokens

//go:generate go run github.com/jwtgen/jwtgen/cmd/jwtgen generate --openapi ../openapi.yaml orders.jwt.yaml
