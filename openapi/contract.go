package openapi

import (
	"errors"
	"fmt"
	"path/filepath"

	yaml "github.com/pb33f/go-yaml"

	"github.com/jwtgen/jwtgen/spec"
)

// ClaimsExtension is the key of an inline contract's version that takes
// the version's claims from a JSON Schema.
const ClaimsExtension = "x-jwt-claims"

// loadContracts loads the contract of each scheme with x-jwt-contract. Two
// schemes that name the same file share one Contract.
func (r *reader) loadContracts(d *Document) {
	byFile := map[string]*Contract{}
	for _, s := range d.Schemes {
		n := s.contractNode
		if n == nil {
			continue
		}
		if !s.carriesJWT() {
			r.report(spec.SeverityError, s.typePos, RuleSchemeNotBearer,
				"remove x-jwt-contract, or declare the scheme as type: http, scheme: bearer, bearerFormat: JWT",
				"security scheme %q has %s, but its type %s does not carry a JWT bearer token", s.Name, ContractExtension, schemeKind(s))
			continue
		}

		switch n.Kind {
		case yaml.ScalarNode:
			file := filepath.Join(filepath.Dir(r.file), filepath.FromSlash(n.Value))
			if c, ok := byFile[file]; ok {
				c.Schemes = append(c.Schemes, s.Name)
				s.Contract = c
				continue
			}
			c := r.contractFile(n, file)
			if c == nil {
				continue
			}
			c.Schemes = []string{s.Name}
			byFile[file] = c
			s.Contract = c
			d.Contracts = append(d.Contracts, c)
		case yaml.MappingNode:
			c := r.inlineContract(n)
			if c == nil {
				continue
			}
			c.Schemes = []string{s.Name}
			s.Contract = c
			d.Contracts = append(d.Contracts, c)
		default:
			r.report(spec.SeverityError, r.pos(n), RuleContractInvalid,
				"write the path of a contract file, relative to this document, or the contract itself as a mapping",
				"%s of security scheme %q must be a file path or a contract mapping", ContractExtension, s.Name)
		}
	}
}

// schemeKind describes a scheme's type in messages: "apiKey", or
// "http basic".
func schemeKind(s *Scheme) string {
	switch {
	case s.Type == "http" && s.BearerFormat != "":
		return fmt.Sprintf("http %s with bearerFormat %s", s.HTTPScheme, s.BearerFormat)
	case s.Type == "http":
		return "http " + s.HTTPScheme
	}
	return s.Type
}

// contractFile loads the contract file that the scalar n names.
func (r *reader) contractFile(n *yaml.Node, file string) *Contract {
	c, err := spec.Load(file)
	var diags spec.Diagnostics
	switch {
	case errors.As(err, &diags):
		r.diags = append(r.diags, diags...)
		return nil
	case err != nil:
		r.report(spec.SeverityError, r.pos(n), RuleContractInvalid,
			"write the contract file's path relative to this document", "cannot load contract file %s: %v", file, err)
		return nil
	}
	return &Contract{Contract: c, File: file, At: r.pos(n)}
}

// inlineContract checks the contract written as the mapping n. Versions
// with x-jwt-claims get their claims from the JSON Schema it holds.
func (r *reader) inlineContract(n *yaml.Node) *Contract {
	n = copyNode(n)
	if !r.expandClaims(n) {
		return nil
	}
	c, err := spec.ParseNode(r.file, n)
	var diags spec.Diagnostics
	if errors.As(err, &diags) {
		r.diags = append(r.diags, diags...)
		return nil
	}
	if err != nil {
		r.report(spec.SeverityError, r.pos(n), RuleContractInvalid, "", "invalid inline contract: %v", err)
		return nil
	}
	return &Contract{Contract: c, At: r.pos(n)}
}

// expandClaims replaces, in each version of the contract mapping n, the
// key x-jwt-claims and its schema with claims and the claims mapping
// translated from the schema. It reports false when a schema has
// constructs without an equivalent.
func (r *reader) expandClaims(n *yaml.Node) bool {
	_, versions := mapGet(n, "versions")
	if versions == nil || versions.Kind != yaml.SequenceNode {
		return true // the contract loader reports it
	}
	ok := true
	for _, v := range versions.Content {
		if v.Kind != yaml.MappingNode {
			continue
		}
		key, schema := mapGet(v, ClaimsExtension)
		if key == nil {
			continue
		}
		if claimsKey, _ := mapGet(v, "claims"); claimsKey != nil {
			r.report(spec.SeverityError, r.pos(key), RuleSchemaUnsupported, "keep claims or x-jwt-claims, not both",
				"version has both claims (line %d) and %s", claimsKey.Line, ClaimsExtension)
			ok = false
			continue
		}
		t := &translator{reader: r, visiting: map[*yaml.Node]bool{}}
		claims := t.objectClaims(schema, "x-jwt-claims")
		if claims == nil {
			ok = false
			continue
		}
		*key = *scalar("claims", key)
		setValue(v, key, claims)
	}
	return ok
}

// copyNode returns a deep copy of n, so that rewriting it leaves the
// document's own nodes as libopenapi built them. Aliases keep pointing at
// the original anchors.
func copyNode(n *yaml.Node) *yaml.Node {
	if n == nil {
		return nil
	}
	c := *n
	c.Content = make([]*yaml.Node, len(n.Content))
	for i, child := range n.Content {
		c.Content[i] = copyNode(child)
	}
	return &c
}

// mapGet returns the key and value nodes of key in the mapping n, or nils.
func mapGet(n *yaml.Node, key string) (k, v *yaml.Node) {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil, nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i], n.Content[i+1]
		}
	}
	return nil, nil
}

// setValue replaces the value after key in the mapping n.
func setValue(n, key, value *yaml.Node) {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i] == key {
			n.Content[i+1] = value
			return
		}
	}
}

// scalar returns a string node holding value, at the position of at.
func scalar(value string, at *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: value, Line: at.Line, Column: at.Column}
}

// boolNode returns a boolean node at the position of at.
func boolNode(value bool, at *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!bool", Value: fmt.Sprint(value), Line: at.Line, Column: at.Column}
}

// mappingAt returns an empty mapping node at the position of at.
func mappingAt(at *yaml.Node) *yaml.Node {
	return &yaml.Node{Kind: yaml.MappingNode, Tag: "!!map", Line: at.Line, Column: at.Column}
}
