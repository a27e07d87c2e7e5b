package openapi

import (
	"errors"
	"fmt"
	"log/slog"
	"os"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"
	"github.com/pb33f/libopenapi"
	"github.com/pb33f/libopenapi/datamodel"
	"github.com/pb33f/libopenapi/datamodel/low"
	lowbase "github.com/pb33f/libopenapi/datamodel/low/base"
	lowv3 "github.com/pb33f/libopenapi/datamodel/low/v3"
	"github.com/pb33f/libopenapi/index"
	"github.com/pb33f/libopenapi/orderedmap"

	"github.com/jwtgen/jwtgen/spec"
)

// ContractExtension is the security scheme extension that names a
// scheme's contract.
const ContractExtension = "x-jwt-contract"

// Document is the part of an OpenAPI document that jwtgen reads: its
// security schemes, the contracts they name and the operations.
type Document struct {
	// Path is the document's path as given to Load.
	Path string
	// Version is the value of the "openapi" key, such as "3.1.0".
	Version string
	// Schemes are the security schemes in document order.
	Schemes []*Scheme
	// Contracts are the contracts that schemes name, in the order of the
	// first scheme naming each. Empty when the document was read with
	// ParseSecurity.
	Contracts []*Contract
	// Operations are in document order.
	Operations []*Operation
	// Warnings are the diagnostics of severity warning, sorted by position.
	Warnings spec.Diagnostics
}

// Scheme is one entry of components.securitySchemes.
type Scheme struct {
	Name string
	Pos  spec.Pos // the name
	// Type is the scheme type: http, oauth2, openIdConnect, apiKey or
	// mutualTLS.
	Type         string
	HTTPScheme   string
	BearerFormat string
	// Contract is the contract that x-jwt-contract names, or nil.
	Contract *Contract

	typePos      spec.Pos
	contractNode *yaml.Node // the x-jwt-contract value, or nil
}

// carriesJWT reports whether the scheme sends a bearer token that may be
// a JWT: http bearer with bearerFormat JWT or none, oauth2 or
// openIdConnect.
func (s *Scheme) carriesJWT() bool {
	switch s.Type {
	case "oauth2", "openIdConnect":
		return true
	case "http":
		return strings.EqualFold(s.HTTPScheme, "bearer") && (s.BearerFormat == "" || strings.EqualFold(s.BearerFormat, "JWT"))
	}
	return false
}

// Contract is a contract that one or more security schemes name.
type Contract struct {
	*spec.Contract
	// File is the contract file's path, joined to the document's
	// directory, or "" for a contract written inline.
	File string
	// At is the x-jwt-contract value of the first scheme naming it.
	At spec.Pos
	// Schemes are the names of the schemes naming it, in document order.
	Schemes []string
}

// Operation is one operation of the paths object.
type Operation struct {
	// ID is the operationId, or "" when there is none.
	ID     string
	Method string // upper case: GET, POST...
	Path   string
	Pos    spec.Pos // the method key
	// Security lists the alternative requirement objects that apply: the
	// operation's own, else the root security. Empty means no security,
	// so anonymous access.
	Security []Requirement
	// Inherited is true when Security comes from the root security.
	Inherited bool
}

// Anonymous reports whether the operation accepts requests without
// credentials: it has no security, or an empty requirement object.
func (o *Operation) Anonymous() bool {
	if len(o.Security) == 0 {
		return true
	}
	return slices.ContainsFunc(o.Security, func(r Requirement) bool { return len(r.Schemes) == 0 })
}

// label names the operation in messages: its operationId, or its method
// and path.
func (o *Operation) label() string {
	if o.ID != "" {
		return fmt.Sprintf("operation %q", o.ID)
	}
	return fmt.Sprintf("operation %s %s", o.Method, o.Path)
}

// Requirement is one security requirement object: schemes that must all
// be satisfied.
type Requirement struct {
	Pos     spec.Pos
	Schemes []SchemeScopes
}

// SchemeScopes is one scheme of a requirement object and the scopes it
// needs.
type SchemeScopes struct {
	Name   string
	Pos    spec.Pos // the scheme name
	Scopes []Scope
}

// Scope is a scope name and its position.
type Scope struct {
	Name string
	Pos  spec.Pos
}

// Load reads the OpenAPI document at path, loads the contracts its schemes
// name and checks them against the operations. On failure the error is a
// spec.Diagnostics of every error, sorted by position, or wraps the error
// of os.ReadFile. Warnings go to Document.Warnings.
func Load(path string) (*Document, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read OpenAPI document: %w", err)
	}
	return Parse(path, data)
}

// Parse is Load on the contents of the document at path. Contract files
// are read relative to the directory of path.
func Parse(path string, data []byte) (*Document, error) {
	r := &reader{file: path}
	d := r.read(data)
	if d != nil {
		r.loadContracts(d)
		if !r.diags.HasErrors() {
			r.check(d)
		}
	}
	return r.finish(d)
}

// ParseSecurity reads only the schemes and operations of the document,
// without loading contracts or checking scopes, as diff needs for an older
// revision whose contract files may be gone.
func ParseSecurity(path string, data []byte) (*Document, error) {
	r := &reader{file: path}
	return r.finish(r.read(data))
}

// reader collects the diagnostics of one document.
type reader struct {
	file  string
	root  *yaml.Node // the document's top-level mapping
	diags spec.Diagnostics
}

func (r *reader) pos(n *yaml.Node) spec.Pos {
	if n == nil {
		return spec.Pos{File: r.file}
	}
	return spec.Pos{File: r.file, Line: n.Line, Col: n.Column}
}

func (r *reader) report(sev spec.Severity, pos spec.Pos, rule, hint, format string, args ...any) {
	r.diags = append(r.diags, spec.Diagnostic{Pos: pos, Severity: sev, Rule: rule, Message: fmt.Sprintf(format, args...), Hint: hint})
}

// finish splits errors from warnings.
func (r *reader) finish(d *Document) (*Document, error) {
	r.diags.Sort()
	r.diags = slices.Compact(r.diags)
	if r.diags.HasErrors() {
		return nil, r.diags
	}
	d.Warnings = r.diags
	return d, nil
}

// read builds the model of the document with libopenapi and collects its
// schemes and operations.
func (r *reader) read(data []byte) *Document {
	start := spec.Pos{File: r.file, Line: 1, Col: 1}
	config := datamodel.NewDocumentConfiguration()
	// libopenapi logs resolution problems to stdout by default, and
	// jwtgen's stdout carries only what was asked for. Problems that
	// matter to jwtgen become diagnostics below.
	config.Logger = slog.New(slog.DiscardHandler)
	doc, err := libopenapi.NewDocumentWithConfiguration(data, config)
	if err != nil {
		r.report(spec.SeverityError, start, RuleDocumentInvalid, "write an OpenAPI 3.0 or 3.1 document, starting with openapi: 3.1.0", "invalid OpenAPI document: %v", err)
		return nil
	}
	info := doc.GetSpecInfo()
	if info.SpecType != "openapi" || !strings.HasPrefix(info.Version, "3.0") && !strings.HasPrefix(info.Version, "3.1") {
		r.report(spec.SeverityError, start, RuleDocumentInvalid, "convert the document to OpenAPI 3.0 or 3.1", "unsupported document version %s %q: jwtgen reads OpenAPI 3.0 and 3.1", info.SpecType, info.Version)
		return nil
	}
	// NOTE: BuildV3Model returns a model together with an error when a
	// $ref does not resolve. The model is still read: the parts jwtgen
	// uses are checked below, with positions, which the error lacks.
	model, err := doc.BuildV3Model()
	if model == nil {
		r.modelErrors(err)
		return nil
	}
	if root := info.RootNode; root != nil && root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		r.root = root.Content[0]
	}

	low := model.Model.GoLow()
	d := &Document{Path: r.file, Version: info.Version}
	if !low.Components.IsEmpty() && low.Components.Value != nil {
		r.readSchemes(d, low.Components.Value)
	}
	r.readOperations(d, low)
	return d
}

// modelErrors reports why libopenapi built no model: each reference it
// could not resolve at the reference's position, anything else at the
// start of the file.
func (r *reader) modelErrors(err error) {
	const hint = "fix the document so that it validates as OpenAPI"
	var walk func(error) bool
	walk = func(err error) bool {
		var resolving *index.ResolvingError
		switch joined, ok := err.(interface{ Unwrap() []error }); {
		case ok:
			found := false
			for _, e := range joined.Unwrap() {
				found = walk(e) || found
			}
			return found
		case errors.As(err, &resolving) && resolving.Node != nil:
			r.report(spec.SeverityError, r.pos(resolving.Node), RuleDocumentInvalid, hint, "invalid OpenAPI document: %v", resolving.ErrorRef)
			return true
		}
		return false
	}
	if err == nil || !walk(err) {
		r.report(spec.SeverityError, spec.Pos{File: r.file, Line: 1, Col: 1}, RuleDocumentInvalid, hint, "invalid OpenAPI document: %v", err)
	}
}

// readSchemes collects components.securitySchemes.
func (r *reader) readSchemes(d *Document, components *lowv3.Components) {
	if components.SecuritySchemes.Value == nil {
		return
	}
	for key, value := range components.SecuritySchemes.Value.FromOldest() {
		ss := value.Value
		if ss == nil {
			continue
		}
		scheme := &Scheme{
			Name:         key.Value,
			Pos:          r.pos(key.KeyNode),
			Type:         ss.Type.Value,
			HTTPScheme:   ss.Scheme.Value,
			BearerFormat: ss.BearerFormat.Value,
			typePos:      r.pos(ss.Type.ValueNode),
		}
		if ext := ss.FindExtension(ContractExtension); ext != nil {
			scheme.contractNode = ext.Value
		}
		d.Schemes = append(d.Schemes, scheme)
	}
}

// scheme returns the scheme named name, or nil.
func (d *Document) scheme(name string) *Scheme {
	for _, s := range d.Schemes {
		if s.Name == name {
			return s
		}
	}
	return nil
}

// Operation returns the operation with the operationId, or nil.
func (d *Document) Operation(id string) *Operation {
	for _, o := range d.Operations {
		if o.ID == id {
			return o
		}
	}
	return nil
}

// readOperations collects the operations of every path in document order.
func (r *reader) readOperations(d *Document, doc *lowv3.Document) {
	rootSecurity := r.requirements(doc.Security.Value)
	if doc.Paths.Value == nil || doc.Paths.Value.PathItems == nil {
		return
	}
	for key, value := range doc.Paths.Value.PathItems.FromOldest() {
		item := value.Value
		if item == nil {
			continue
		}
		methods := []struct {
			name string
			op   low.NodeReference[*lowv3.Operation]
		}{
			{"GET", item.Get}, {"PUT", item.Put}, {"POST", item.Post}, {"DELETE", item.Delete},
			{"OPTIONS", item.Options}, {"HEAD", item.Head}, {"PATCH", item.Patch}, {"TRACE", item.Trace},
		}
		var ops []*Operation
		for _, m := range methods {
			if m.op.Value == nil {
				continue
			}
			op := &Operation{ID: m.op.Value.OperationId.Value, Method: m.name, Path: key.Value, Pos: r.pos(m.op.KeyNode)}
			if m.op.Value.Security.KeyNode != nil {
				op.Security = r.requirements(m.op.Value.Security.Value)
			} else {
				op.Security, op.Inherited = rootSecurity, true
			}
			ops = append(ops, op)
		}
		slices.SortFunc(ops, func(a, b *Operation) int {
			if a.Pos.Before(b.Pos) {
				return -1
			}
			return 1
		})
		d.Operations = append(d.Operations, ops...)
	}
}

// requirements converts a security list.
func (r *reader) requirements(list []low.ValueReference[*lowbase.SecurityRequirement]) []Requirement {
	var out []Requirement
	for _, item := range list {
		req := Requirement{Pos: r.pos(item.ValueNode)}
		if item.Value != nil {
			req.Schemes = r.schemeScopes(item.Value.Requirements.Value)
		}
		out = append(out, req)
	}
	return out
}

func (r *reader) schemeScopes(m *orderedmap.Map[low.KeyReference[string], low.ValueReference[[]low.ValueReference[string]]]) []SchemeScopes {
	if m == nil {
		return nil
	}
	var out []SchemeScopes
	for key, value := range m.FromOldest() {
		s := SchemeScopes{Name: key.Value, Pos: r.pos(key.KeyNode)}
		for _, scope := range value.Value {
			s.Scopes = append(s.Scopes, Scope{Name: scope.Value, Pos: r.pos(scope.ValueNode)})
		}
		out = append(out, s)
	}
	return out
}
