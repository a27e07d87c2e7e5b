// Package claimschema writes the JSON Schema (draft 2020-12) of the claims
// payload of each version of a jwtgen contract, for teams that produce or
// read the tokens without the generated Go code.
//
// A schema describes one version: every claim of the contract, with its
// type and constraints, the registered claims of RFC 7519 §4.1, and the
// version claim. Its required list follows the verifier. It holds the
// contract's required claims and the registered claims in token.require.
// It adds iss when the version names issuers, aud when it names audiences,
// and exp and iat when it sets max_lifetime. The version claim is required
// unless the contract's unversioned key names this version. Members that
// the contract does not list are allowed, as they are in tokens.
//
// Claim types map to JSON Schema as follows:
//
//	string, url, email, uuid  string; url, email and uuid add format uri,
//	                          email and uuid, and uuid adds the 8-4-4-4-12
//	                          hexadecimal pattern too
//	enum                      string with enum
//	int                       integer, bounded to the int64 range
//	number                    number
//	bool                      boolean
//	time                      number from 0 to 253402300799 (NumericDate,
//	                          up to 9999-12-31T23:59:59Z)
//	scopes                    with encoding space-delimited, a string of
//	                          scope tokens separated by single spaces
//	                          (RFC 6749 §3.3); with encoding array, an array
//	                          of strings
//	object                    object with properties and required
//	map                       object whose members are strings
//	json                      any JSON value except null
//	[]T                       array whose items are T
//
// The constraints values, pattern, min_length, max_length, minimum,
// maximum, min_items, max_items and const become enum, pattern, minLength,
// maxLength, minimum, maximum, minItems, maxItems and const, and
// deprecated becomes "deprecated": true. Two constraints differ. The
// values of a scopes claim are named in its description, not in an enum,
// because a token may carry other scopes. The min_items and max_items of a
// space-delimited scopes claim bound the number of tokens in its pattern.
// The contract's descriptions become description annotations, and the
// schema of a deprecated or retired version has "deprecated": true. No
// claim allows null, because the verifier rejects null claims.
//
// Each schema's "$id" is Options.BaseURI followed by
// CONTRACT/vN.schema.json. Without a BaseURI it starts with
// DefaultBaseURI, a placeholder that never resolves.
//
// Contract patterns are Go regular expressions (RE2 syntax), and they are
// written into the schema unchanged. JSON Schema patterns use ECMA-262
// syntax, so keep contract patterns to the subset that both read the
// same: literals, character classes such as [a-z0-9], the escapes \d and
// \w, anchors ^ and $, groups, alternation and the quantifiers * + ? {n,m}.
// Go-only syntax, such as (?i) flags, \z, \A, \Q...\E, named groups
// written (?P<name>...) and POSIX classes such as [[:alpha:]], changes
// meaning or fails in other validators. \s differs too: ECMA-262 counts
// Unicode spaces, and Go only ASCII ones.
//
// Some rules of the verifier have no JSON Schema form, so a payload that
// passes the schema may still be rejected by the verifier:
//
//   - The clock checks of exp, nbf and iat, and max_lifetime.
//   - Duplicate member names.
//   - An int or version claim written with a fraction or exponent, such as
//     3.0, which JSON Schema counts as an integer.
//   - A url without a host, such as mailto:a@example.com, which format uri
//     accepts.
//   - Malformed url and email values, for validators that treat format as
//     an annotation only, as draft 2020-12 does by default. A uuid claim
//     also has a pattern, so those validators check it too.
//
// One rule goes the other way: the space-delimited scopes pattern follows
// the RFC 6749 §3.3 grammar, while the verifier also accepts runs of spaces
// and an empty string.
package claimschema

import (
	"errors"
	"fmt"
	"net/url"
	"path"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/jwtgen/jwtgen/spec"
)

// DialectURI is the "$schema" of every schema this package writes: JSON
// Schema draft 2020-12.
const DialectURI = "https://json-schema.org/draft/2020-12/schema"

// DefaultBaseURI is the base URI of "$id" when Options.BaseURI is empty. It
// is a placeholder in the .invalid top-level domain, which RFC 2606
// reserves so that it never resolves: set Options.BaseURI to the location
// where the schemas are published.
const DefaultBaseURI = "https://jwtgen.invalid/"

// The errors of this package. Each error returned wraps one of them.
var (
	// ErrInvalidBaseURI means that Options.BaseURI is not an absolute URI
	// without a query or fragment.
	ErrInvalidBaseURI = errors.New("invalid base URI")
	// ErrUnknownVersion means that the version passed to Version is nil or
	// not one of the contract's versions.
	ErrUnknownVersion = errors.New("version not in the contract")
	// ErrUnknownKind means that a claim has a kind that this package has
	// no schema for.
	ErrUnknownKind = errors.New("unknown claim kind")
	// ErrInvalidSource means that Options.Source, which Generate needs to
	// name its files, is empty or has no contract file extension.
	ErrInvalidSource = errors.New("invalid contract file name")
)

// Options configure the schemas.
type Options struct {
	// BaseURI is an absolute URI, such as
	// "https://schemas.example.com/tokens/", that starts each schema's
	// "$id": the "$id" of version 2 of contract OrdersAccess is BaseURI +
	// "OrdersAccess/v2.schema.json". A hierarchical URI without a final
	// slash gets one. Empty means DefaultBaseURI.
	BaseURI string

	// Source is the path of the contract file, which the "$comment" member
	// of each schema names. Generate also derives the file names from it.
	// Empty leaves out "$comment".
	Source string
}

// File is one schema document and the name to write it under.
type File struct {
	// Name is BASE.vN.schema.json, where BASE is the contract file name
	// without its extension and N the version number.
	Name    string
	Content []byte
}

// CheckBaseURI returns nil when uri may be used as Options.BaseURI, or an
// error that wraps ErrInvalidBaseURI and suggests a valid URI.
func CheckBaseURI(uri string) error {
	_, err := baseURI(uri)
	return err
}

// baseURI checks uri and returns it with a final slash, or DefaultBaseURI
// for an empty uri.
func baseURI(uri string) (string, error) {
	if uri == "" {
		return DefaultBaseURI, nil
	}
	u, err := url.Parse(uri)
	reason := ""
	switch {
	case err != nil:
		reason = "it does not parse"
	case u.Scheme == "":
		reason = "it has no scheme"
	case u.RawQuery != "" || u.ForceQuery:
		reason = "it has a query"
	case u.Fragment != "" || strings.Contains(uri, "#"):
		reason = "it has a fragment"
	}
	if reason != "" {
		return "", fmt.Errorf("%w %q: %s; write an absolute URI such as https://schemas.example.com/tokens/", ErrInvalidBaseURI, uri, reason)
	}
	if u.Opaque == "" && !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri, nil
}

// Generate returns the schema of every version of c, in file order, each
// named after opts.Source: orders.jwt.yaml gives orders.v1.schema.json,
// orders.v2.schema.json and so on.
func Generate(c *spec.Contract, opts Options) ([]File, error) {
	base, err := fileBase(opts.Source)
	if err != nil {
		return nil, err
	}
	files := make([]File, 0, len(c.Versions))
	for _, v := range c.Versions {
		content, err := Version(c, v, opts)
		if err != nil {
			return nil, err
		}
		name := base + ".v" + strconv.Itoa(v.Number) + ".schema.json"
		files = append(files, File{Name: name, Content: content})
	}
	return files, nil
}

// fileBase returns the contract file name of source without its
// extension: ".jwt.yaml", ".jwt.yml" or ".jwt.json" when it has one of
// those, else ".yaml", ".yml" or ".json". The generated Go files take
// their names from the same base.
func fileBase(source string) (string, error) {
	name := path.Base(filepath.ToSlash(source))
	for _, ext := range []string{".jwt.yaml", ".jwt.yml", ".jwt.json", ".yaml", ".yml", ".json"} {
		if trimmed, ok := strings.CutSuffix(name, ext); ok {
			if trimmed == "" {
				break
			}
			return trimmed, nil
		}
	}
	return "", fmt.Errorf("claimschema: %w %q: name the contract file BASE.jwt.yaml", ErrInvalidSource, source)
}

// Version returns the JSON Schema of the claims payload of version v of
// contract c, indented by two spaces and ending in a newline. Members
// appear in a fixed order: registered claims, the version claim, then the
// contract's claims in file order.
func Version(c *spec.Contract, v *spec.Version, opts Options) ([]byte, error) {
	if v == nil || c.Version(v.Number) != v {
		return nil, fmt.Errorf("claimschema: %w", ErrUnknownVersion)
	}
	base, err := baseURI(opts.BaseURI)
	if err != nil {
		return nil, fmt.Errorf("claimschema: %w", err)
	}

	root := &object{}
	root.set("$schema", DialectURI)
	root.set("$id", base+c.Name+"/v"+strconv.Itoa(v.Number)+".schema.json")
	if opts.Source != "" {
		root.set("$comment", "Generated by jwtgen from "+filepath.ToSlash(opts.Source)+". DO NOT EDIT.")
	}
	root.set("title", fmt.Sprintf("%s v%d claims", c.Name, v.Number))
	if d := joinParagraphs(c.Description, v.Description); d != "" {
		root.set("description", d)
	}
	if v.Status == spec.StatusDeprecated || v.Status == spec.StatusRetired {
		root.set("deprecated", true)
	}
	root.set("type", "object")

	properties := &object{}
	var required []string
	for _, name := range spec.RegisteredClaims {
		properties.set(name, registeredSchema(name, &v.Token))
		if registeredRequired(name, &v.Token) {
			required = append(required, name)
		}
	}
	if c.VersionClaim != "" {
		properties.set(c.VersionClaim, versionSchema(c, v))
		if c.Unversioned != v.Number {
			required = append(required, c.VersionClaim)
		}
	}
	claimsRequired, err := setClaims(properties, v.Claims)
	if err != nil {
		return nil, fmt.Errorf("claimschema: version %d: %w", v.Number, err)
	}
	required = append(required, claimsRequired...)

	root.set("properties", properties)
	if len(required) > 0 {
		root.set("required", required)
	}
	root.set("additionalProperties", true)

	out, err := encode(root)
	if err != nil {
		return nil, fmt.Errorf("claimschema: version %d: %w", v.Number, err)
	}
	return out, nil
}

// joinParagraphs joins the non-empty texts with blank lines.
func joinParagraphs(texts ...string) string {
	var kept []string
	for _, t := range texts {
		if t = strings.TrimSpace(t); t != "" {
			kept = append(kept, t)
		}
	}
	return strings.Join(kept, "\n\n")
}
