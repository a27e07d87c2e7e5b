package contractdiff

import (
	"fmt"
	"io"
	"text/tabwriter"
)

// Impact is what a change does to the services on one side of a token: the
// verifiers that accept it or the issuers that mint it.
type Impact string

// The impacts of a change.
const (
	// Compatible means tokens of either version keep passing the rules of
	// the other version, so the change needs no coordination.
	Compatible Impact = "compatible"
	// Overlap means tokens of one version fail the rules of the other, so
	// the change is safe only while both versions are accepted side by
	// side: the older version stays accepted until every issuer mints the
	// newer one, and the newer one is minted only once every verifier
	// accepts it.
	Overlap Impact = "overlap"
	// Breaking means no overlap window makes the change safe, because
	// values of the token are lost or a version disappears while it is
	// still in use.
	Breaking Impact = "breaking"
)

// Coverage is whether the upgrade adapter of the newer version carries a
// token of the older version across a change.
type Coverage string

// The coverages of a rule and of a change.
const (
	// Covered means the upgrade adapter turns every valid token of the
	// older version into claims that pass the newer version's Validate.
	Covered Coverage = "covered"
	// CoveredWhenDerivable means the adapter covers the change when the
	// contract gives it a source, a default or a hook, which the loader
	// demands for required claims.
	CoveredWhenDerivable Coverage = "covered when derivable"
	// NotCovered means the adapter copies or drops the value as it is, so
	// some valid tokens of the older version fail the newer Validate after
	// upgrading, or lose a value.
	NotCovered Coverage = "not covered"
	// NotApplicable means no adapter is involved: the change is about the
	// token rules, which each version applies to its own tokens, or about
	// the lifecycle of a version.
	NotApplicable Coverage = "not applicable"
)

// Rule is one kind of change that Diff reports.
type Rule struct {
	// ID is a stable UPPER_SNAKE_CASE identifier, subject first.
	ID string
	// Purpose is one sentence saying what the rule reports and why it
	// matters.
	Purpose string
	// Verifiers is the impact on verifiers that still run the older
	// version's rules when tokens of the newer version reach them.
	Verifiers Impact
	// Issuers is the impact on issuers that still mint the older version
	// when verifiers run the newer version's rules.
	Issuers Impact
	// Adapters is whether the newer version's upgrade adapter carries old
	// tokens across the change.
	Adapters Coverage
}

// Rule IDs, grouped by subject: the contract, a version's lifecycle, the
// token rules of a version and its claims.
const (
	ContractVersionClaimAdded   = "CONTRACT_VERSION_CLAIM_ADDED"
	ContractVersionClaimChanged = "CONTRACT_VERSION_CLAIM_CHANGED"
	ContractUnversionedChanged  = "CONTRACT_UNVERSIONED_CHANGED"

	VersionAdded                 = "VERSION_ADDED"
	VersionRemoved               = "VERSION_REMOVED"
	PublishedVersionEdited       = "PUBLISHED_VERSION_EDITED"
	VersionUpgradeNotDerivable   = "VERSION_UPGRADE_NOT_DERIVABLE"
	VersionDowngradeNotDerivable = "VERSION_DOWNGRADE_NOT_DERIVABLE"
	VersionDeprecated            = "VERSION_DEPRECATED"
	VersionRetired               = "VERSION_RETIRED"
	VersionRetiredWithoutOverlap = "VERSION_RETIRED_WITHOUT_OVERLAP"
	VersionReactivated           = "VERSION_REACTIVATED"
	VersionIssueUntilEarlier     = "VERSION_ISSUE_UNTIL_EARLIER"
	VersionIssueUntilLater       = "VERSION_ISSUE_UNTIL_LATER"
	VersionAcceptUntilEarlier    = "VERSION_ACCEPT_UNTIL_EARLIER"
	VersionAcceptUntilLater      = "VERSION_ACCEPT_UNTIL_LATER"

	TokenAlgorithmAdded       = "TOKEN_ALGORITHM_ADDED"
	TokenAlgorithmRemoved     = "TOKEN_ALGORITHM_REMOVED"
	TokenIssuerAdded          = "TOKEN_ISSUER_ADDED"
	TokenIssuerRemoved        = "TOKEN_ISSUER_REMOVED"
	TokenIssuerCheckChanged   = "TOKEN_ISSUER_CHECK_CHANGED"
	TokenAudienceAdded        = "TOKEN_AUDIENCE_ADDED"
	TokenAudienceRemoved      = "TOKEN_AUDIENCE_REMOVED"
	TokenAudienceCheckChanged = "TOKEN_AUDIENCE_CHECK_CHANGED"
	TokenTypChanged           = "TOKEN_TYP_CHANGED"
	TokenMaxLifetimeShorter   = "TOKEN_MAX_LIFETIME_SHORTENED"
	TokenMaxLifetimeLonger    = "TOKEN_MAX_LIFETIME_LENGTHENED"
	TokenLeewayReduced        = "TOKEN_LEEWAY_REDUCED"
	TokenLeewayIncreased      = "TOKEN_LEEWAY_INCREASED"
	TokenRequireAdded         = "TOKEN_REQUIRE_ADDED"
	TokenRequireRemoved       = "TOKEN_REQUIRE_REMOVED"

	ClaimRequiredAdded      = "CLAIM_REQUIRED_ADDED"
	ClaimOptionalAdded      = "CLAIM_OPTIONAL_ADDED"
	ClaimRemoved            = "CLAIM_REMOVED"
	ClaimRenamed            = "CLAIM_RENAMED"
	ClaimRenamedWithoutFrom = "CLAIM_RENAMED_WITHOUT_FROM"
	ClaimTypeChanged        = "CLAIM_TYPE_CHANGED"
	ClaimEncodingChanged    = "CLAIM_ENCODING_CHANGED"
	ClaimMadeRequired       = "CLAIM_MADE_REQUIRED"
	ClaimMadeOptional       = "CLAIM_MADE_OPTIONAL"
	ClaimPatternAdded       = "CLAIM_PATTERN_ADDED"
	ClaimPatternRemoved     = "CLAIM_PATTERN_REMOVED"
	ClaimPatternChanged     = "CLAIM_PATTERN_CHANGED"
	ClaimMinLengthTightened = "CLAIM_MIN_LENGTH_TIGHTENED"
	ClaimMinLengthLoosened  = "CLAIM_MIN_LENGTH_LOOSENED"
	ClaimMaxLengthTightened = "CLAIM_MAX_LENGTH_TIGHTENED"
	ClaimMaxLengthLoosened  = "CLAIM_MAX_LENGTH_LOOSENED"
	ClaimMinimumTightened   = "CLAIM_MINIMUM_TIGHTENED"
	ClaimMinimumLoosened    = "CLAIM_MINIMUM_LOOSENED"
	ClaimMaximumTightened   = "CLAIM_MAXIMUM_TIGHTENED"
	ClaimMaximumLoosened    = "CLAIM_MAXIMUM_LOOSENED"
	ClaimMinItemsTightened  = "CLAIM_MIN_ITEMS_TIGHTENED"
	ClaimMinItemsLoosened   = "CLAIM_MIN_ITEMS_LOOSENED"
	ClaimMaxItemsTightened  = "CLAIM_MAX_ITEMS_TIGHTENED"
	ClaimMaxItemsLoosened   = "CLAIM_MAX_ITEMS_LOOSENED"
	ClaimConstAdded         = "CLAIM_CONST_ADDED"
	ClaimConstRemoved       = "CLAIM_CONST_REMOVED"
	ClaimConstChanged       = "CLAIM_CONST_CHANGED"
	ClaimEnumValueAdded     = "CLAIM_ENUM_VALUE_ADDED"
	ClaimEnumValueRemoved   = "CLAIM_ENUM_VALUE_REMOVED"
	ClaimScopeValueAdded    = "CLAIM_SCOPE_VALUE_ADDED"
	ClaimScopeValueRemoved  = "CLAIM_SCOPE_VALUE_REMOVED"
)

// Rules lists every rule, in the order of the rule ID constants.
var Rules = []Rule{
	{ContractVersionClaimAdded, "A version_claim was added to a contract that had none; tokens without it are read as the unversioned version, so it is unsafe unless unversioned is set.", Compatible, Overlap, NotApplicable},
	{ContractVersionClaimChanged, "The version_claim was renamed or removed, so verifiers read every token already issued as the wrong version.", Breaking, Breaking, NotApplicable},
	{ContractUnversionedChanged, "Tokens without the version claim are read as another version than before, under rules they were not minted for.", Compatible, Breaking, NotApplicable},

	{VersionAdded, "A version was added after the previous one; the report gives the verdict of its upgrade and downgrade adapters.", Compatible, Compatible, CoveredWhenDerivable},
	{VersionRemoved, "A version was deleted from the file, so verifiers reject its tokens at once; it is safe only for a version that was already retired.", Compatible, Breaking, NotApplicable},
	{PublishedVersionEdited, "The claims or token rules of a published version were edited in place, so tokens already minted under it meet rules they were not minted for.", Breaking, Breaking, NotApplicable},
	{VersionUpgradeNotDerivable, "The upgrade adapter from the previous version cannot be generated, so verifiers cannot hand old tokens to code that reads the newer claims.", Breaking, Breaking, NotCovered},
	{VersionDowngradeNotDerivable, "No downgrade adapter can be generated, so issuers that must still mint the previous version for lagging verifiers cannot derive it from the newer claims.", Compatible, Overlap, NotCovered},
	{VersionDeprecated, "A version was marked deprecated, which warns its issuers and verifiers without changing what is accepted.", Compatible, Compatible, NotApplicable},
	{VersionRetired, "A deprecated version was retired, so verifiers reject its tokens from now on.", Compatible, Overlap, NotApplicable},
	{VersionRetiredWithoutOverlap, "A version was retired without a deprecation window, or without a newer version to move to, so its issuers had no time to switch.", Compatible, Breaking, NotApplicable},
	{VersionReactivated, "A deprecated or retired version was brought back, which accepts its tokens again.", Compatible, Compatible, NotApplicable},
	{VersionIssueUntilEarlier, "Issuers must stop minting a version earlier than before, or from a date where there was none.", Compatible, Overlap, NotApplicable},
	{VersionIssueUntilLater, "Issuers may mint a version for longer than before.", Compatible, Compatible, NotApplicable},
	{VersionAcceptUntilEarlier, "Verifiers stop accepting a version earlier than before, or from a date where there was none.", Compatible, Overlap, NotApplicable},
	{VersionAcceptUntilLater, "Verifiers accept a version for longer than before.", Compatible, Compatible, NotApplicable},

	{TokenAlgorithmAdded, "A signing algorithm was allowed, so verifiers of the older version reject tokens signed with it.", Overlap, Compatible, NotApplicable},
	{TokenAlgorithmRemoved, "A signing algorithm was disallowed, so tokens that issuers of the older version sign with it are rejected.", Compatible, Overlap, NotApplicable},
	{TokenIssuerAdded, "An issuer value was accepted, so verifiers of the older version reject tokens that carry it.", Overlap, Compatible, NotApplicable},
	{TokenIssuerRemoved, "An issuer value was no longer accepted, so tokens of the older version that carry it are rejected.", Compatible, Overlap, NotApplicable},
	{TokenIssuerCheckChanged, "The issuer check was turned on or off, so one side accepts any iss while the other accepts a fixed list.", Overlap, Overlap, NotApplicable},
	{TokenAudienceAdded, "An audience was accepted, so verifiers of the older version reject tokens that name only it.", Overlap, Compatible, NotApplicable},
	{TokenAudienceRemoved, "An audience was no longer accepted, so tokens of the older version that name only it are rejected.", Compatible, Overlap, NotApplicable},
	{TokenAudienceCheckChanged, "The audience check was turned on or off, so one side accepts any aud while the other accepts a fixed list.", Overlap, Overlap, NotApplicable},
	{TokenTypChanged, "The required typ header changed, so each version rejects the other's tokens.", Overlap, Overlap, NotApplicable},
	{TokenMaxLifetimeShorter, "max_lifetime was shortened or set, so longer-lived tokens of the older version are rejected.", Compatible, Overlap, NotApplicable},
	{TokenMaxLifetimeLonger, "max_lifetime was lengthened or removed, so verifiers of the older version reject the longer-lived new tokens.", Overlap, Compatible, NotApplicable},
	{TokenLeewayReduced, "The leeway on exp, nbf and iat was reduced, so tokens from issuers whose clocks drift are rejected sooner.", Compatible, Overlap, NotApplicable},
	{TokenLeewayIncreased, "The leeway on exp, nbf and iat was increased, which accepts tokens a little longer.", Compatible, Compatible, NotApplicable},
	{TokenRequireAdded, "A registered claim became required, so tokens of the older version that lack it are rejected.", Compatible, Overlap, NotApplicable},
	{TokenRequireRemoved, "A registered claim stopped being required, so verifiers of the older version reject new tokens that lack it.", Overlap, Compatible, NotApplicable},

	{ClaimRequiredAdded, "A required claim was added, which tokens of the older version lack.", Compatible, Overlap, CoveredWhenDerivable},
	{ClaimOptionalAdded, "An optional claim was added, which older tokens may lack and older verifiers ignore.", Compatible, Compatible, Covered},
	{ClaimRemoved, "A claim was removed, so verifiers of the older version that require it reject new tokens, and the upgrade drops its value.", Overlap, Compatible, NotCovered},
	{ClaimRenamed, "A claim was renamed with from, so each version looks for the value under its own name while the upgrade carries it across.", Overlap, Overlap, Covered},
	{ClaimRenamedWithoutFrom, "A claim was removed and one of the same type added without from naming it, so the upgrade drops the value instead of carrying it.", Breaking, Breaking, NotCovered},
	{ClaimTypeChanged, "The type of a claim changed, so each version rejects the other's values unless the upgrade converts them.", Overlap, Overlap, CoveredWhenDerivable},
	{ClaimEncodingChanged, "A scopes claim switched between a space-delimited string and an array, so each version rejects the other's encoding.", Overlap, Overlap, Covered},
	{ClaimMadeRequired, "An optional claim became required, so tokens of the older version that lack it are rejected.", Compatible, Overlap, CoveredWhenDerivable},
	{ClaimMadeOptional, "A required claim became optional, so verifiers of the older version reject new tokens that lack it.", Overlap, Compatible, Covered},
	{ClaimPatternAdded, "A pattern was added to a claim, so older values that do not match it are rejected.", Compatible, Overlap, NotCovered},
	{ClaimPatternRemoved, "A claim's pattern was removed, so verifiers of the older version reject new values that do not match it.", Overlap, Compatible, Covered},
	{ClaimPatternChanged, "A claim's pattern changed, so values that match only one of the patterns are rejected by the other version.", Overlap, Overlap, NotCovered},
	{ClaimMinLengthTightened, "min_length was added or raised, so shorter older values are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMinLengthLoosened, "min_length was removed or lowered, so verifiers of the older version reject shorter new values.", Overlap, Compatible, Covered},
	{ClaimMaxLengthTightened, "max_length was added or lowered, so longer older values are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMaxLengthLoosened, "max_length was removed or raised, so verifiers of the older version reject longer new values.", Overlap, Compatible, Covered},
	{ClaimMinimumTightened, "minimum was added or raised, so smaller older values are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMinimumLoosened, "minimum was removed or lowered, so verifiers of the older version reject smaller new values.", Overlap, Compatible, Covered},
	{ClaimMaximumTightened, "maximum was added or lowered, so larger older values are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMaximumLoosened, "maximum was removed or raised, so verifiers of the older version reject larger new values.", Overlap, Compatible, Covered},
	{ClaimMinItemsTightened, "min_items was added or raised, so older lists with fewer items are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMinItemsLoosened, "min_items was removed or lowered, so verifiers of the older version reject new lists with fewer items.", Overlap, Compatible, Covered},
	{ClaimMaxItemsTightened, "max_items was added or lowered, so older lists with more items are rejected.", Compatible, Overlap, NotCovered},
	{ClaimMaxItemsLoosened, "max_items was removed or raised, so verifiers of the older version reject new lists with more items.", Overlap, Compatible, Covered},
	{ClaimConstAdded, "A claim was pinned to a const value, so older tokens with any other value are rejected.", Compatible, Overlap, NotCovered},
	{ClaimConstRemoved, "A claim's const was removed, so verifiers of the older version reject new tokens with any other value.", Overlap, Compatible, Covered},
	{ClaimConstChanged, "A claim's const value changed, so each version rejects the other's tokens.", Overlap, Overlap, NotCovered},
	{ClaimEnumValueAdded, "An enum value was added, so verifiers of the older version, whose enums are closed, reject tokens that carry it.", Overlap, Compatible, Covered},
	{ClaimEnumValueRemoved, "An enum value was removed, so older tokens that carry it are rejected.", Compatible, Overlap, NotCovered},
	{ClaimScopeValueAdded, "A scope was added to the scopes the contract knows; tokens may carry unknown scopes, so nothing is rejected.", Compatible, Compatible, Covered},
	{ClaimScopeValueRemoved, "A scope was removed from the scopes the contract knows; tokens that carry it pass, but it no longer satisfies a required scope.", Compatible, Compatible, Covered},
}

// LookupRule returns the rule with the ID, and false when there is none.
func LookupRule(id string) (Rule, bool) {
	for _, r := range Rules {
		if r.ID == id {
			return r, true
		}
	}
	return Rule{}, false
}

// mustRule returns the rule with the ID and panics when there is none,
// which only a typo in this package can cause.
func mustRule(id string) Rule {
	r, ok := LookupRule(id)
	if !ok {
		panic(fmt.Sprintf("contractdiff: unknown rule %s", id))
	}
	return r
}

// WriteRules writes the rule table as aligned text: ID, impacts on
// verifiers and issuers, adapter coverage, and purpose.
func WriteRules(w io.Writer) error {
	tw := tabwriter.NewWriter(w, 0, 8, 2, ' ', 0)
	fmt.Fprintln(tw, "RULE\tVERIFIERS\tISSUERS\tADAPTERS\tPURPOSE")
	for _, r := range Rules {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.ID, r.Verifiers, r.Issuers, r.Adapters, r.Purpose)
	}
	return tw.Flush()
}
