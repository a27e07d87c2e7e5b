// Command orders is a small HTTP service that shows a jwtgen verifier in use.
// It accepts OrdersAccess tokens of every version still inside its accept
// window (see tokens/orders.jwt.yaml), reads them as the newest version's
// typed claims and serves the orders of the token's tenant.
//
//	go run ./examples/orders -key issuer-public.pem
//	curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/orders
//
// GET /orders needs the orders:read scope and POST /orders needs
// orders:write.
package main

import (
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/jwtgen/jwtgen/examples/orders/tokens"
	"github.com/jwtgen/jwtgen/runtime"
)

func main() {
	if err := run(os.Args[1:]); err != nil {
		fmt.Fprintln(os.Stderr, "orders:", err)
		os.Exit(1)
	}
}

func run(args []string) error {
	flags := flag.NewFlagSet("orders", flag.ContinueOnError)
	addr := flags.String("addr", "127.0.0.1:8080", "address to listen on")
	keyFile := flags.String("key", "", "PEM `file` with the token issuer's public key or certificate")
	keyID := flags.String("kid", "", "key ID the issuer puts in the token header, if any")
	if err := flags.Parse(args); err != nil {
		return err
	}
	if *keyFile == "" {
		return errors.New("missing -key: name the PEM file of the issuer's public key")
	}

	pemBytes, err := os.ReadFile(*keyFile)
	if err != nil {
		return err
	}
	key, err := runtime.PublicKeyFromPEM(*keyID, pemBytes)
	if err != nil {
		return fmt.Errorf("%s: %w", *keyFile, err)
	}

	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))
	verifier := tokens.NewOrdersAccessVerifier(runtime.StaticKeys(key), runtime.WithLogger(logger))
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newServer(verifier, logger).routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	logger.Info("listening", "addr", *addr)
	return srv.ListenAndServe()
}
