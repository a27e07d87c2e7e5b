package gen

import (
	"go/token"
	"strings"
	"unicode"
	"unicode/utf8"
)

// initialisms are the words that Go names write in upper case, as the Go
// code review comments and golint ask ("ID", not "Id").
var initialisms = map[string]bool{
	"ACL": true, "API": true, "ASCII": true, "CPU": true, "CSS": true,
	"DNS": true, "EOF": true, "GUID": true, "HTML": true, "HTTP": true,
	"HTTPS": true, "ID": true, "IP": true, "JSON": true, "JWT": true,
	"OIDC": true, "QPS": true, "RAM": true, "RPC": true, "SLA": true,
	"SMTP": true, "SQL": true, "SSH": true, "TCP": true, "TLS": true,
	"TTL": true, "UDP": true, "UI": true, "UID": true, "URI": true,
	"URL": true, "UTF8": true, "UUID": true, "VM": true, "XML": true,
	"XMPP": true, "XSRF": true, "XSS": true,
}

// goName turns a claim name or an enum value into its part of a Go
// identifier. It splits s on every character that is neither a letter nor
// a digit and capitalises each part. Initialisms are in upper case, plural
// ones with a lower-case "s": "tenant_id" becomes "TenantID", "ids"
// becomes "IDs" and "orders:read" becomes "OrdersRead". The result is
// empty when s has no letter or digit.
func goName(s string) string {
	parts := strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
	var b strings.Builder
	for _, part := range parts {
		upper := strings.ToUpper(part)
		if initialisms[upper] {
			b.WriteString(upper)
			continue
		}
		// A plural initialism keeps its "s" in lower case: "ids" becomes
		// "IDs".
		if singular, ok := strings.CutSuffix(upper, "S"); ok && initialisms[singular] {
			b.WriteString(singular + "s")
			continue
		}
		first, size := utf8.DecodeRuneInString(part)
		b.WriteRune(unicode.ToUpper(first))
		b.WriteString(part[size:])
	}
	return b.String()
}

// lowerCamel lower-cases the leading upper-case run of an exported name so
// that it can start an unexported one: "OrdersAccess" becomes
// "ordersAccess", "URLToken" becomes "urlToken" and "ID" becomes "id".
func lowerCamel(name string) string {
	runes := []rune(name)
	n := 0
	for n < len(runes) && unicode.IsUpper(runes[n]) {
		n++
	}
	// In "URLToken" the last upper-case letter of the run starts the next
	// word, so it stays.
	if n > 1 && n < len(runes) && unicode.IsLower(runes[n]) {
		n--
	}
	for i := 0; i < n; i++ {
		runes[i] = unicode.ToLower(runes[i])
	}
	return string(runes)
}

// isExportedIdent reports whether name is an exported Go identifier.
func isExportedIdent(name string) bool {
	return token.IsIdentifier(name) && token.IsExported(name)
}

// isJSONTagName reports whether encoding/json accepts name as the name in a
// struct tag. It accepts the same characters as encoding/json, and rejects
// "-", which encoding/json reads as "skip this field".
func isJSONTagName(name string) bool {
	if name == "" || name == "-" {
		return false
	}
	for _, r := range name {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", r):
		case unicode.IsLetter(r), unicode.IsDigit(r):
		default:
			return false
		}
	}
	return true
}
