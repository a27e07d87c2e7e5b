package runtime

import (
	"context"
	"errors"
	"fmt"
	"strings"
)

// multiKeySource is a KeySource that tries several sources in order.
type multiKeySource []KeySource

// MultiKeySource returns a KeySource that tries each of sources in order
// and returns the first key found. It serves tokens of two issuers, or of
// an old and a new key endpoint during a key migration. Nil sources are
// skipped.
//
// When every source fails with ErrKeyNotFound, the error wraps
// ErrKeyNotFound and names how many sources were asked. Otherwise the
// errors of all sources are joined, so errors.Is finds each sentinel,
// such as ErrKeysUnavailable from a remote source that is down.
func MultiKeySource(sources ...KeySource) KeySource {
	m := make(multiKeySource, 0, len(sources))
	for _, s := range sources {
		if s != nil {
			m = append(m, s)
		}
	}
	return m
}

// LookupKey implements KeySource.
func (m multiKeySource) LookupKey(ctx context.Context, kid, alg string) (Key, error) {
	if len(m) == 0 {
		return Key{}, fmt.Errorf("%w: no key sources to ask", ErrKeyNotFound)
	}

	errs := make([]error, 0, len(m))
	notFound := 0
	for i, s := range m {
		key, err := s.LookupKey(ctx, kid, alg)
		if err == nil {
			return key, nil
		}
		if errors.Is(err, ErrKeyNotFound) {
			notFound++
		}
		errs = append(errs, fmt.Errorf("key source %d: %w", i+1, err))
	}

	if notFound == len(m) {
		return Key{}, fmt.Errorf("%w: none of %d key sources has a key for kid %q and alg %q: %w",
			ErrKeyNotFound, len(m), clip(kid), clip(alg), sourceErrors(errs))
	}
	return Key{}, sourceErrors(errs)
}

// sourceErrors is the joined errors of several key sources. Unlike
// errors.Join it separates them with "; ", so that the message stays on
// one log line.
type sourceErrors []error

func (e sourceErrors) Error() string {
	msgs := make([]string, len(e))
	for i, err := range e {
		msgs[i] = err.Error()
	}
	return strings.Join(msgs, "; ")
}

// Unwrap returns the errors, so that errors.Is and errors.As search each.
func (e sourceErrors) Unwrap() []error { return e }
