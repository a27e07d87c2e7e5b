// Package spec holds the model of a jwtgen contract file, its loader and its
// lints. A contract describes, version by version, the header rules and the
// claims of one kind of JWT. The model knows nothing of Go: package gen turns
// it into code.
package spec

import (
	"fmt"
	"regexp"
	"time"
)

// FormatVersion is the only value of the top-level "jwtgen" key this loader
// reads.
const FormatVersion = 1

// Pos is a position in a contract file. Line and Col count from 1; a zero
// Line means the position is unknown.
type Pos struct {
	File string
	Line int
	Col  int
}

// String returns "file:line:col", or as much of it as is known.
func (p Pos) String() string {
	switch {
	case p.Line == 0:
		return p.File
	case p.File == "":
		return fmt.Sprintf("%d:%d", p.Line, p.Col)
	default:
		return fmt.Sprintf("%s:%d:%d", p.File, p.Line, p.Col)
	}
}

// Before reports whether p comes before q in the same file.
func (p Pos) Before(q Pos) bool {
	if p.File != q.File {
		return p.File < q.File
	}
	if p.Line != q.Line {
		return p.Line < q.Line
	}
	return p.Col < q.Col
}

// Positions maps a key of a mapping ("pattern", "issuer") to the position of
// its value, so diagnostics can point at the exact value they are about.
type Positions map[string]Pos

// Contract is one contract file: a named token type and its versions.
type Contract struct {
	Pos    Pos // the top-level mapping
	At     Positions
	Format int

	// Name is a Go identifier, used as the prefix of every generated name.
	Name        string
	Description string

	// VersionClaim names the payload claim that carries the version number,
	// or is empty when tokens carry none (then only one version may exist).
	VersionClaim string

	// Unversioned is the version of tokens that lack VersionClaim, or 0
	// when such tokens are rejected. When a file has one version and no
	// VersionClaim, the loader sets it to that version's number.
	Unversioned int

	// Versions are in file order, which is ascending by Number.
	Versions []*Version
}

// Newest returns the version with the highest number.
func (c *Contract) Newest() *Version {
	if len(c.Versions) == 0 {
		return nil
	}
	return c.Versions[len(c.Versions)-1]
}

// Version returns the version numbered n, or nil.
func (c *Contract) Version(n int) *Version {
	for _, v := range c.Versions {
		if v.Number == n {
			return v
		}
	}
	return nil
}

// Previous returns the version before v in the file, or nil for the first.
func (c *Contract) Previous(v *Version) *Version {
	for i, w := range c.Versions {
		if w == v && i > 0 {
			return c.Versions[i-1]
		}
	}
	return nil
}

// Status is the lifecycle state of a version.
type Status string

// The statuses a version can have.
const (
	StatusActive     Status = "active"
	StatusDeprecated Status = "deprecated"
	StatusRetired    Status = "retired"
)

// Version is a full snapshot of the contract at one version number.
type Version struct {
	Pos         Pos // the list item
	At          Positions
	Number      int
	Status      Status
	Description string

	// IssueUntil is when issuers stop minting this version; nil means never.
	IssueUntil *time.Time
	// AcceptUntil is when verifiers stop accepting this version; nil means
	// never.
	AcceptUntil *time.Time

	Token  Token
	Claims []*Claim // file order

	// Upgrade fills registered claims (sub, iss, aud, jti) of this version
	// from the previous version's claims. File order.
	Upgrade []*RegisteredUpgrade
}

// Claim returns the top-level claim with the JSON name, or nil.
func (v *Version) Claim(name string) *Claim {
	for _, c := range v.Claims {
		if c.Name == name {
			return c
		}
	}
	return nil
}

// Token holds the rules a verifier checks on the token itself rather than on
// the claims value: header, signature and registered claims.
type Token struct {
	Pos Pos
	At  Positions

	// Type is the required "typ" header, or empty when it is not checked.
	Type string

	// Algorithms is the allowlist of JWS "alg" values, in file order.
	Algorithms []string

	// Issuers are the accepted "iss" values; empty means not checked.
	Issuers []string

	// Audience lists accepted "aud" values: a token must name at least one.
	// Empty means not checked.
	Audience []string

	// MaxLifetime bounds exp - iat; zero means unbounded.
	MaxLifetime time.Duration

	// Leeway is the clock skew allowed on exp, nbf and iat.
	Leeway time.Duration

	// Require lists registered claims (exp, iat, nbf, iss, sub, aud, jti)
	// that must be present, in file order.
	Require []string
}

// Requires reports whether the registered claim name is in Require.
func (t *Token) Requires(name string) bool {
	for _, r := range t.Require {
		if r == name {
			return true
		}
	}
	return false
}

// Kind is the type of a claim, or of an array claim's items.
type Kind string

// The claim kinds of the contract format.
const (
	KindString Kind = "string"
	KindInt    Kind = "int"
	KindNumber Kind = "number"
	KindBool   Kind = "bool"
	KindTime   Kind = "time" // NumericDate: seconds since the Unix epoch
	KindEnum   Kind = "enum"
	KindURL    Kind = "url"
	KindEmail  Kind = "email"
	KindUUID   Kind = "uuid"
	KindScopes Kind = "scopes"
	KindObject Kind = "object"
	KindMap    Kind = "map" // string to string
	KindJSON   Kind = "json"
	KindArray  Kind = "array" // written "[]T" in the file; Elem holds T
)

// Kinds lists every kind that may be written as a claim type, in the order
// the documentation presents them. KindArray is written as "[]" plus one of
// the others.
var Kinds = []Kind{
	KindString, KindInt, KindNumber, KindBool, KindTime, KindEnum, KindURL,
	KindEmail, KindUUID, KindScopes, KindObject, KindMap, KindJSON,
}

// ScopeEncoding is how a scopes claim is written in the payload.
type ScopeEncoding string

// The encodings of a scopes claim.
const (
	// ScopesSpaceDelimited is one string of space-separated scopes, as the
	// "scope" claim of RFC 8693 and RFC 9068.
	ScopesSpaceDelimited ScopeEncoding = "space-delimited"
	// ScopesArray is a JSON array of strings.
	ScopesArray ScopeEncoding = "array"
)

// Claim is one claim of a version, or one member of an object claim.
type Claim struct {
	Pos Pos // the claim's key
	At  Positions

	// Name is the JSON member name.
	Name string
	// Path is the dotted path from the payload root ("address.city").
	Path string

	Kind Kind
	// Elem is the item kind when Kind is KindArray.
	Elem Kind

	Required bool

	// Values are the allowed values of an enum (closed) or the scopes the
	// contract knows (open), in file order.
	Values   []string
	Encoding ScopeEncoding

	Pattern   string
	PatternRE *regexp.Regexp

	// MinLength and MaxLength count Unicode code points, as JSON Schema
	// does.
	MinLength *int
	MaxLength *int
	Minimum   *float64
	Maximum   *float64
	MinItems  *int
	MaxItems  *int

	// Const, when HasConst, is the only value allowed: string, int64,
	// float64 or bool.
	Const    any
	HasConst bool

	Description string
	Deprecated  bool

	// GoName overrides the generated field name; empty means derived.
	GoName string

	// Claims are the members of an object claim, or of the items of a
	// []object claim, in file order.
	Claims []*Claim

	// From names the previous version's claim (same level) that this one
	// was renamed or converted from. For a member, the level is the
	// members of the object its parent continues: the one the parent's From
	// names, or else the one with the parent's name.
	From string

	// Default, when HasDefault, fills the claim when upgrading a token
	// that has no value for it. It is a JSON value: string, int64,
	// float64, bool, []any or map[string]any. A time default is its
	// NumericDate as int64, and a scopes default a []any of strings
	// whatever the Encoding.
	Default    any
	HasDefault bool

	// UpgradeHook asks the generated adapter to call a user-written
	// function to derive this claim ("upgrade: hook").
	UpgradeHook bool
}

// ItemKind returns Elem for arrays and Kind otherwise: the kind that value
// constraints such as pattern and values apply to.
func (c *Claim) ItemKind() Kind {
	if c.Kind == KindArray {
		return c.Elem
	}
	return c.Kind
}

// Member returns the member claim of an object claim with the JSON name, or
// nil.
func (c *Claim) Member(name string) *Claim {
	for _, m := range c.Claims {
		if m.Name == name {
			return m
		}
	}
	return nil
}

// RegisteredUpgrade fills a registered claim of a version from the previous
// version's claims: "upgrade: {sub: {from: uid}}".
type RegisteredUpgrade struct {
	Pos Pos
	At  Positions

	// Claim is the registered claim to fill: iss, sub, aud or jti.
	Claim string
	// From names a top-level claim of the previous version.
	From string
	// Default, when HasDefault, is the value used when From is absent: a
	// string, or for aud a string or a []any of strings.
	Default    any
	HasDefault bool
	// Hook asks for a user-written function instead.
	Hook bool
}

// RegisteredClaims are the RFC 7519 §4.1 claims that the generated structs
// take from jwt.RegisteredClaims. A contract may not redeclare them under
// claims; the token section governs them.
var RegisteredClaims = []string{"iss", "sub", "aud", "exp", "nbf", "iat", "jti"}

// IsRegistered reports whether name is one of RegisteredClaims.
func IsRegistered(name string) bool {
	for _, r := range RegisteredClaims {
		if r == name {
			return true
		}
	}
	return false
}
