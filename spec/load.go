package spec

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"os"
	"slices"

	yaml "github.com/pb33f/go-yaml"
)

// maxAliases bounds how many aliases one file may dereference. It stops a
// file whose aliases nest exponentially ("billion laughs") or refer to their
// own ancestors, which the loader would otherwise walk without end.
const maxAliases = 10000

// maxValueDepth bounds the nesting of lists and mappings inside a default or
// const value.
const maxValueDepth = 64

// maxClaimDepth is how deep object claims may nest: a top-level claim is at
// depth 1, a member of a top-level object at depth 2.
const maxClaimDepth = 8

// Load reads and checks the contract file at path. When the file cannot be
// read the error wraps the error of os.ReadFile. When the contents are
// invalid the error is a Diagnostics holding every problem of the file,
// sorted by position.
func Load(path string) (*Contract, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("read contract: %w", err)
	}
	return Parse(path, data)
}

// Parse checks the contents of a contract file, YAML or JSON, and returns its
// model. path is used, exactly as given, in the positions of diagnostics and
// of the model. On failure the error is a Diagnostics holding every problem
// of the file, sorted by position, and the contract is nil.
//
// When the file has a single version and no version_claim, Unversioned is set
// to that version's number, because every token lacks the version claim.
func Parse(path string, data []byte) (*Contract, error) {
	p := &parser{file: path}
	c := p.parseFile(data)
	if len(p.diags) > 0 {
		return nil, p.sorted()
	}
	return c, nil
}

// parser collects the diagnostics of one file.
type parser struct {
	file  string
	diags Diagnostics
	// aliases counts dereferenced aliases, up to maxAliases.
	aliases int
}

// sorted returns the diagnostics ordered by position, without the duplicates
// that a value reached twice through aliases produces.
func (p *parser) sorted() Diagnostics {
	p.diags.Sort()
	return slices.Compact(p.diags)
}

func (p *parser) pos(n *yaml.Node) Pos {
	return Pos{File: p.file, Line: n.Line, Col: n.Column}
}

// report adds an error diagnostic at pos.
func (p *parser) report(pos Pos, rule, hint, format string, args ...any) {
	p.diags = append(p.diags, Diagnostic{
		Pos:      pos,
		Severity: SeverityError,
		Rule:     rule,
		Message:  fmt.Sprintf(format, args...),
		Hint:     hint,
	})
}

// errorf adds an error diagnostic at node n.
func (p *parser) errorf(n *yaml.Node, hint, format string, args ...any) {
	p.report(p.pos(n), "", hint, format, args...)
}

// parseFile decodes data and turns its single document into a contract.
func (p *parser) parseFile(data []byte) *Contract {
	root := p.decode(data)
	if root == nil {
		return nil
	}
	return p.parseContract(root)
}

// decode parses data as YAML, which includes JSON, and returns the root node
// of its only document, or nil after reporting why there is none.
func (p *parser) decode(data []byte) (root *yaml.Node) {
	start := Pos{File: p.file, Line: 1, Col: 1}
	defer func() {
		// NOTE: a panic inside the YAML parser would be a bug of that
		// package. It becomes a diagnostic so that no input crashes the tool.
		if r := recover(); r != nil {
			root = nil
			p.report(start, "", yamlHint, "invalid YAML: the parser failed: %v", r)
		}
	}()

	loader, err := yaml.NewLoader(bytes.NewReader(data))
	if err != nil {
		p.report(start, "", yamlHint, "invalid YAML: %v", err)
		return nil
	}
	var doc yaml.Node
	if err := loader.Load(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			p.report(start, "", "start the file with jwtgen: 1", "contract file is empty")
			return nil
		}
		p.yamlError(err)
		return nil
	}

	var extra yaml.Node
	switch err := loader.Load(&extra); {
	case err == nil:
		p.errorf(&extra, "keep one contract per file, without a second \"---\" document", "contract file has more than one YAML document")
	case !errors.Is(err, io.EOF):
		p.yamlError(err)
	}

	if doc.Kind != yaml.DocumentNode || len(doc.Content) == 0 {
		p.report(start, "", "start the file with jwtgen: 1", "contract file is empty")
		return nil
	}
	return doc.Content[0]
}

// yamlHint is the hint of YAML syntax errors, whose position is where the
// parser gave up, often just after the mistake.
const yamlHint = "check the indentation, quotes and brackets up to this position"

// yamlError reports a syntax error of the YAML parser at its position.
func (p *parser) yamlError(err error) {
	var one *yaml.LoadError
	var many *yaml.LoadErrors
	switch {
	case errors.As(err, &one):
		p.loadError(one)
	case errors.As(err, &many) && len(many.Errors) > 0:
		for _, e := range many.Errors {
			p.loadError(e)
		}
	default:
		p.report(Pos{File: p.file, Line: 1, Col: 1}, "", yamlHint, "invalid YAML: %v", err)
	}
}

func (p *parser) loadError(e *yaml.LoadError) {
	pos := Pos{File: p.file, Line: e.Mark.Line, Col: e.Mark.Column}
	if pos.Line == 0 {
		pos = Pos{File: p.file, Line: 1, Col: 1}
	}
	msg := e.Message
	if e.ContextMsg != "" && e.ContextMark.Line > 0 {
		msg = fmt.Sprintf("%s %s at line %d", msg, e.ContextMsg, e.ContextMark.Line)
	}
	p.report(pos, "", yamlHint, "invalid YAML: %s", msg)
}
