// Package tokenaudit inspects one token, or audits a log of many, against
// a contract loaded at run time with package specverify. It reports which
// version each token is, which rules it breaks, and what retiring a version
// or enforcing a candidate contract would reject. Reports come as text for
// people, JSON for scripts and Markdown for reviews. No report contains a
// whole token or a signature, and audit reports redact claim values.
package tokenaudit

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"strings"
	"time"

	"github.com/jwtgen/jwtgen/runtime"
)

// MaxJWKSSize is the largest JWK set, in bytes, that FetchJWKS reads.
const MaxJWKSSize = 1 << 20

// ErrKeyFile marks a key or JWK set that could not be read or loaded.
var ErrKeyFile = errors.New("cannot load keys")

// LoadKey reads a verification key from a file: a PEM public key or
// certificate, or one JSON Web Key. The key verifies every token whose
// algorithm it serves, whatever the token's kid, because a single key
// given on the command line is meant for every token.
func LoadKey(path string) (runtime.KeySource, error) {
	return LoadKeys(path)
}

// LoadKeys reads verification keys from files, as LoadKey does for one.
// A token is verified with the one key that serves its algorithm; when
// several do, the one whose JWK kid equals the token's kid.
func LoadKeys(paths ...string) (runtime.KeySource, error) {
	if len(paths) == 0 {
		return nil, fmt.Errorf("%w: no key file given", ErrKeyFile)
	}
	s := keyFiles{paths: paths}
	for _, path := range paths {
		key, err := readKeyFile(path)
		if err != nil {
			return nil, err
		}
		s.keys = append(s.keys, key)
	}
	return s, nil
}

// readKeyFile reads one PEM or JWK key file.
func readKeyFile(path string) (runtime.Key, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return runtime.Key{}, fmt.Errorf("%w: %w", ErrKeyFile, err)
	}
	var key runtime.Key
	if trimmed := bytes.TrimSpace(data); len(trimmed) > 0 && trimmed[0] == '{' {
		key, err = runtime.KeyFromJWK(trimmed)
	} else {
		key, err = runtime.PublicKeyFromPEM("", data)
	}
	if err != nil {
		return runtime.Key{}, fmt.Errorf("%w: %s: %w", ErrKeyFile, path, err)
	}
	return key, nil
}

// keyFiles is a key source of the keys given on the command line. It
// ignores the token's kid unless several keys serve the token's
// algorithm, because key files rarely carry one.
type keyFiles struct {
	paths []string
	keys  []runtime.Key
}

// LookupKey implements runtime.KeySource.
func (s keyFiles) LookupKey(_ context.Context, kid, alg string) (runtime.Key, error) {
	var fitting []runtime.Key
	for _, key := range s.keys {
		if _, err := runtime.SelectKey([]runtime.Key{key}, "", alg); err == nil {
			fitting = append(fitting, key)
		}
	}
	switch {
	case len(fitting) == 1:
		return fitting[0], nil
	case len(fitting) == 0:
		return runtime.Key{}, fmt.Errorf("%w: no key given with --key (%s) serves %s",
			runtime.ErrKeyNotFound, strings.Join(s.paths, ", "), alg)
	}
	for _, key := range fitting {
		if kid != "" && key.ID() == kid {
			return key, nil
		}
	}
	return runtime.Key{}, fmt.Errorf("%w: %d keys given with --key serve %s and none has the token's kid; give only the issuer's key",
		runtime.ErrKeyNotFound, len(fitting), alg)
}

// LoadJWKS loads a JWK set from a file or, when location is an http or
// https URL, fetches it once with client. A nil client uses one with a
// 10-second timeout.
func LoadJWKS(ctx context.Context, location string, client *http.Client) (runtime.KeySource, error) {
	var data []byte
	var err error
	if u, perr := url.Parse(location); perr == nil && (u.Scheme == "https" || u.Scheme == "http") {
		data, err = FetchJWKS(ctx, u, client)
	} else {
		data, err = os.ReadFile(location)
	}
	if err != nil {
		return nil, fmt.Errorf("%w: %w", ErrKeyFile, err)
	}
	keys, err := runtime.KeysFromJWKS(data)
	if err != nil {
		return nil, fmt.Errorf("%w: %s: %w", ErrKeyFile, location, err)
	}
	return keys, nil
}

// FetchJWKS fetches the body of a JWK set URL once. It requires https,
// except for a loopback host (localhost, 127.0.0.0/8, ::1), and reads at
// most MaxJWKSSize bytes.
func FetchJWKS(ctx context.Context, u *url.URL, client *http.Client) ([]byte, error) {
	if u.Scheme != "https" && !isLoopback(u.Hostname()) {
		return nil, fmt.Errorf("JWK set URL %s: use https; plain http is allowed only for a loopback host", u.Redacted())
	}
	if client == nil {
		client = &http.Client{
			Timeout: 10 * time.Second,
			CheckRedirect: func(req *http.Request, via []*http.Request) error {
				if req.URL.Scheme != "https" && !isLoopback(req.URL.Hostname()) {
					return fmt.Errorf("redirect to %s: use https", req.URL.Redacted())
				}
				if len(via) >= 5 {
					return errors.New("more than 5 redirects")
				}
				return nil
			},
		}
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, u.String(), nil)
	if err != nil {
		return nil, err
	}
	req.Header.Set("Accept", "application/json, application/jwk-set+json")
	resp, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("fetch JWK set: %w", err)
	}
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return nil, fmt.Errorf("fetch JWK set %s: status %s", u.Redacted(), resp.Status)
	}
	data, err := io.ReadAll(io.LimitReader(resp.Body, MaxJWKSSize+1))
	if err != nil {
		return nil, fmt.Errorf("fetch JWK set %s: %w", u.Redacted(), err)
	}
	if len(data) > MaxJWKSSize {
		return nil, fmt.Errorf("fetch JWK set %s: the body is larger than %d bytes", u.Redacted(), MaxJWKSSize)
	}
	return data, nil
}

// isLoopback reports whether host is "localhost" or a loopback IP address.
func isLoopback(host string) bool {
	if host == "localhost" {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}
