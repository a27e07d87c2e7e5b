package spec

import (
	"fmt"
	"slices"
	"strings"

	yaml "github.com/pb33f/go-yaml"
)

// The keys each mapping of the contract format accepts, in the order the
// format documents them.
var (
	contractKeys = []string{"jwtgen", "contract", "description", "version_claim", "unversioned", "versions"}
	versionKeys  = []string{"version", "status", "description", "issue_until", "accept_until", "token", "claims", "upgrade"}
	statuses     = []string{string(StatusActive), string(StatusDeprecated), string(StatusRetired)}
)

// parseContract reads the top-level mapping.
func (p *parser) parseContract(root *yaml.Node) *Contract {
	if key := openAPIKey(root); key != nil {
		p.errorf(key, "pass the contract file that a security scheme's x-jwt-contract names, or give this document to jwtgen generate --openapi",
			"this is an OpenAPI document (it has the key %q), not a contract file", key.Value)
		return nil
	}
	m := p.mappingOf(root, "contract file", contractKeys)
	if m == nil {
		return nil
	}
	c := &Contract{Pos: p.pos(m.node), At: p.positions(m)}

	if n := p.requireKey(m, "jwtgen", "contract file", "start the file with jwtgen: 1"); n != nil {
		c.Format = p.formatVersion(n)
	}
	if n := p.requireKey(m, "contract", "contract file", "name the token with a Go identifier, e.g. contract: OrdersAccess"); n != nil {
		c.Name = p.contractName(n)
	}
	if n := m.get("description"); n != nil {
		c.Description, _ = p.str(n, "description")
	}
	if n := m.get("version_claim"); n != nil {
		c.VersionClaim = p.versionClaim(n)
	}
	if n := m.get("unversioned"); n != nil {
		c.Unversioned, _ = p.positiveInt(n, "unversioned")
	}
	if n := p.requireKey(m, "versions", "contract file", "add a versions: list, starting with version: 1"); n != nil {
		c.Versions = p.parseVersions(n, c.VersionClaim)
	}

	p.checkVersioning(c, m)
	return c
}

func (p *parser) formatVersion(n *yaml.Node) int {
	i, ok := parseInt(n)
	if !ok {
		p.errorf(n, "write jwtgen: 1", "jwtgen must be the format version 1, got %s", describe(n))
		return 0
	}
	if i != FormatVersion {
		p.errorf(n, "write jwtgen: 1, the only format version this jwtgen reads", "unsupported format version %d", i)
		return 0
	}
	return int(i)
}

func (p *parser) contractName(n *yaml.Node) string {
	s, ok := p.str(n, "contract")
	if !ok {
		return ""
	}
	if !isExportedIdent(s) {
		p.errorf(n, identHint(s), "contract name %q is not an exported Go identifier", s)
		return ""
	}
	return s
}

func (p *parser) versionClaim(n *yaml.Node) string {
	s, ok := p.nonEmptyStr(n, "version_claim")
	if !ok {
		return ""
	}
	if IsRegistered(s) {
		p.errorf(n, "choose a claim name of your own, e.g. version_claim: ver", "version_claim %q is a registered claim", s)
		return ""
	}
	return s
}

// checkVersioning checks what depends on the whole list of versions: that
// tokens of several versions can be distinguished and that unversioned
// names one of them.
func (p *parser) checkVersioning(c *Contract, m *mapping) {
	if len(c.Versions) > 1 && m.get("version_claim") == nil {
		p.errorf(m.get("versions"), "add version_claim: ver", "%d versions but no version_claim to tell their tokens apart", len(c.Versions))
	}

	if n := m.get("unversioned"); n != nil && c.Unversioned != 0 && c.Version(c.Unversioned) == nil {
		var numbers []string
		for _, v := range c.Versions {
			if v.Number != 0 {
				numbers = append(numbers, fmt.Sprint(v.Number))
			}
		}
		if len(numbers) > 0 {
			p.errorf(n, "use one of the versions: "+strings.Join(numbers, ", "), "unversioned names version %d, which the file does not have", c.Unversioned)
		}
	}

	if c.VersionClaim == "" && len(c.Versions) == 1 && c.Unversioned == 0 {
		c.Unversioned = c.Versions[0].Number
	}
}

func (p *parser) parseVersions(n *yaml.Node, versionClaim string) []*Version {
	items, ok := p.list(n, "versions")
	if !ok {
		return nil
	}
	if len(items) == 0 {
		p.errorf(n, "add a version: - version: 1 with its token and claims", "versions must list at least one version")
		return nil
	}

	versions := make([]*Version, 0, len(items))
	last := 0
	for i, item := range items {
		var prev *Version
		if i > 0 {
			prev = versions[i-1]
		}
		v := p.parseVersion(item, i, prev, versionClaim)
		if v.Number != 0 {
			if last != 0 && v.Number <= last {
				p.report(v.At["version"], "", "number versions in increasing order and add new ones at the end", "version %d must be greater than version %d before it", v.Number, last)
			}
			last = max(last, v.Number)
		}
		versions = append(versions, v)
	}
	for i := 1; i < len(versions); i++ {
		p.checkAdapters(versions[i-1], versions[i])
	}
	return versions
}

// checkAdapters reports the claims of newer that copy or rename a claim of
// older whose type does not convert to their own.
func (p *parser) checkAdapters(older, newer *Version) {
	for _, s := range PlanUpgrade(older, newer).Problems() {
		if s.Kind != StepCopy && s.Kind != StepRename {
			continue
		}
		from, to := typeName(s.Source), typeName(s.Claim)
		hint := fmt.Sprintf("add upgrade: hook to convert it in a function you write, or a from naming a claim of type %s", to)
		if s.Kind == StepCopy {
			p.report(s.Claim.Pos, RuleClaimTypeIncompatible, hint,
				"claim %q has type %s in %s but %s in %s, and %s does not convert to %s",
				s.Path, to, newer.label(), from, older.label(), from, to)
			continue
		}
		p.report(s.Claim.Pos, RuleClaimTypeIncompatible, hint,
			"claim %q has type %s in %s, but its from %q has type %s in %s, and %s does not convert to %s",
			s.Path, to, newer.label(), s.Source.Name, from, older.label(), from, to)
	}
}

// peekVersionNumber returns the version number of a versions item without
// reporting anything, or 0.
func (p *parser) peekVersionNumber(item *yaml.Node) int {
	if item.Kind != yaml.MappingNode {
		return 0
	}
	for i := 0; i+1 < len(item.Content); i += 2 {
		if item.Content[i].Value == "version" {
			if n, ok := parseInt(item.Content[i+1]); ok && n > 0 && n <= 1<<31-1 {
				return int(n)
			}
		}
	}
	return 0
}

// parseVersion reads one item of versions. prev is the item before it, or
// nil for the first. It returns a version even when the item is invalid, so
// that the next version's adapters are checked against what could be read.
func (p *parser) parseVersion(item *yaml.Node, index int, prev *Version, versionClaim string) *Version {
	v := &Version{Pos: p.pos(item), At: Positions{}, Status: StatusActive}
	label := fmt.Sprintf("versions item %d", index+1)
	if number := p.peekVersionNumber(item); number != 0 {
		label = fmt.Sprintf("version %d", number)
	}
	m := p.mappingOf(item, label, versionKeys)
	if m == nil {
		return v
	}
	v.At = p.positions(m)

	if n := p.requireKey(m, "version", label, fmt.Sprintf("number it: version: %d", index+1)); n != nil {
		v.Number, _ = p.positiveInt(n, "version")
	}
	if n := m.get("status"); n != nil {
		v.Status = p.status(n, label)
	}
	if n := m.get("description"); n != nil {
		v.Description, _ = p.str(n, "description of "+label)
	}
	p.windows(v, m, label)
	if n := p.requireKey(m, "token", label, "add a token: section with at least algorithms"); n != nil {
		v.Token = p.parseToken(n, label)
	}

	scope := claimScope{version: label, depth: 1, versionClaim: versionClaim}
	if prev != nil {
		scope.prevVersion = prev.label()
		scope.prev = prev.Claims
		scope.hasPrev = true
		scope.prevOwner = scope.prevVersion
	}
	if n := m.get("claims"); n != nil && !isScalar(n, tagNull) {
		v.Claims = p.parseClaims(n, scope)
	}
	if n := m.get("upgrade"); n != nil {
		v.Upgrade = p.parseRegisteredUpgrades(n, label, prev)
	}
	return v
}

// label names v in messages.
func (v *Version) label() string {
	if v.Number == 0 {
		return "an unnumbered version"
	}
	return fmt.Sprintf("version %d", v.Number)
}

func (p *parser) status(n *yaml.Node, label string) Status {
	s, ok := p.str(n, "status of "+label)
	if !ok {
		return StatusActive
	}
	if !slices.Contains(statuses, s) {
		p.errorf(n, suggest(s, statuses, "use active, deprecated or retired"), "unknown status %q of %s", s, label)
		return StatusActive
	}
	return Status(s)
}

// windows reads issue_until and accept_until.
func (p *parser) windows(v *Version, m *mapping, label string) {
	if n := m.get("issue_until"); n != nil {
		if t, ok := p.timestamp(n, "issue_until of "+label); ok {
			v.IssueUntil = &t
		}
	}
	if n := m.get("accept_until"); n != nil {
		if t, ok := p.timestamp(n, "accept_until of "+label); ok {
			v.AcceptUntil = &t
		}
	}
	if v.IssueUntil != nil && v.AcceptUntil != nil && v.IssueUntil.After(*v.AcceptUntil) {
		p.errorf(m.get("issue_until"), "issuers must stop minting a version no later than verifiers stop accepting it",
			"issue_until %s of %s is after its accept_until %s", m.get("issue_until").Value, label, m.get("accept_until").Value)
	}
}

// openAPIKey returns the top-level "openapi" or "swagger" key of root, which
// marks an OpenAPI document, or nil.
func openAPIKey(root *yaml.Node) *yaml.Node {
	if root == nil || root.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(root.Content); i += 2 {
		if key := root.Content[i]; key.Value == "openapi" || key.Value == "swagger" {
			return key
		}
	}
	return nil
}
