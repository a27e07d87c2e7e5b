package spec

import (
	yaml "github.com/pb33f/go-yaml"
)

// ParseNode checks a contract that is already decoded into YAML nodes, such
// as one written inline in another document, and returns its model. path
// names the file that holds the nodes; positions come from the nodes' own
// lines and columns. Errors are a Diagnostics, as Parse returns them.
func ParseNode(path string, root *yaml.Node) (*Contract, error) {
	p := &parser{file: path}
	if root == nil {
		p.report(Pos{File: path, Line: 1, Col: 1}, "", "write the contract as a mapping with jwtgen: 1", "contract is empty")
		return nil, p.sorted()
	}
	if root.Kind == yaml.DocumentNode && len(root.Content) > 0 {
		root = root.Content[0]
	}
	c := p.parseContract(root)
	if len(p.diags) > 0 {
		return nil, p.sorted()
	}
	return c, nil
}
