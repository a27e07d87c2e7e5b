// Command orders is a small HTTP service that shows a jwtgen verifier in use.
// It accepts OrdersAccess tokens of every version still inside its accept
// window (see tokens/orders.jwt.yaml), reads them as the newest version's
// typed claims and serves the orders of the token's tenant.
//
//	go run ./examples/orders -jwks https://auth.example.com/.well-known/jwks.json
//	go run ./examples/orders -key issuer-public.pem
//	curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/orders
//
// Flags:
//
//	-addr ADDR   address to listen on (default 127.0.0.1:8080)
//	-jwks URL    JSON Web Key Set of the token issuer, fetched and refreshed;
//	             https, or http for a loopback host
//	-key FILE    PEM file with the issuer's public key or certificate
//	-kid ID      key ID of the -key key, if the issuer sets one
//
// At least one of -jwks and -key is required; with both, a key from
// either verifies.
//
// The scopes of each route come from the operation's security in
// openapi.yaml, through the code that jwtgen generates from it: GET
// /orders needs orders:read or orders:write, POST /orders needs
// orders:write, POST /orders/{id}/refund needs both orders:write and
// orders:refund, and GET /healthz needs no token.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"net/url"
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
	jwksURL := flags.String("jwks", "", "`URL` of the token issuer's JSON Web Key Set (https, or http for a loopback host)")
	keyFile := flags.String("key", "", "PEM `file` with the token issuer's public key or certificate")
	keyID := flags.String("kid", "", "key ID of the -key key, if the issuer puts one in the token header")
	if err := flags.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil
		}
		return err
	}
	logger := slog.New(slog.NewTextHandler(os.Stderr, nil))

	ctx, stop := context.WithCancel(context.Background())
	defer stop()
	keys, closeKeys, err := keySource(ctx, *jwksURL, *keyFile, *keyID, logger)
	if err != nil {
		return err
	}
	defer closeKeys()

	verifier := tokens.NewOrdersAccessVerifier(keys, runtime.WithLogger(logger))
	srv := &http.Server{
		Addr:              *addr,
		Handler:           newServer(verifier, logger).routes(),
		ReadHeaderTimeout: 5 * time.Second,
	}
	logger.Info("listening", "addr", *addr)
	return srv.ListenAndServe()
}

// keySource builds the verifier's keys from the -jwks and -key flags. A
// remote key set is refreshed in the background until ctx ends or close
// is called.
func keySource(ctx context.Context, jwksURL, keyFile, keyID string, logger *slog.Logger) (keys runtime.KeySource, close func(), err error) {
	if jwksURL == "" && keyFile == "" {
		return nil, nil, errors.New("missing -jwks or -key: name the issuer's JSON Web Key Set URL or public key PEM file")
	}
	var sources []runtime.KeySource
	close = func() {}

	if keyFile != "" {
		pemBytes, err := os.ReadFile(keyFile)
		if err != nil {
			return nil, nil, err
		}
		key, err := runtime.PublicKeyFromPEM(keyID, pemBytes)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", keyFile, err)
		}
		sources = append(sources, runtime.StaticKeys(key))
	}

	if jwksURL != "" {
		remote, err := runtime.RemoteJWKS(jwksURL,
			runtime.WithAllowHTTP(isLoopbackURL(jwksURL)),
			runtime.WithRefreshLogger(logger))
		if err != nil {
			return nil, nil, err
		}
		// A failed fetch is logged and retried; the service starts anyway
		// and responds with 401 until keys arrive.
		remote.Start(ctx)
		close = func() { remote.Close() }
		sources = append(sources, remote)
	}

	if len(sources) == 1 {
		return sources[0], close, nil
	}
	return runtime.MultiKeySource(sources...), close, nil
}

// isLoopbackURL reports whether rawURL names localhost or a loopback IP
// address, where plain http cannot be intercepted on the network.
func isLoopbackURL(rawURL string) bool {
	u, err := url.Parse(rawURL)
	if err != nil {
		return false
	}
	host := u.Hostname()
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
