package openapi

import "github.com/jwtgen/jwtgen/spec"

// Rule IDs of the diagnostics that Load reports.
const (
	// RuleDocumentInvalid marks a file that libopenapi cannot read as an
	// OpenAPI 3.0 or 3.1 document.
	RuleDocumentInvalid = "OPENAPI_DOCUMENT_INVALID"
	// RuleSchemeNotBearer marks an x-jwt-contract on a security scheme that
	// does not carry a JWT bearer token, such as apiKey or http basic.
	RuleSchemeNotBearer = "OPENAPI_SCHEME_NOT_BEARER"
	// RuleSchemeUndefined marks a security requirement that names a scheme
	// missing from components.securitySchemes.
	RuleSchemeUndefined = "OPENAPI_SCHEME_UNDEFINED"
	// RuleSchemeIgnored warns that an operation that needs a contract also
	// accepts a scheme without x-jwt-contract, which the generated
	// requirement leaves out.
	RuleSchemeIgnored = "OPENAPI_SCHEME_IGNORED"
	// RuleContractsCombined marks a requirement object that needs tokens
	// of two contracts at once, which one bearer token cannot be.
	RuleContractsCombined = "OPENAPI_CONTRACTS_COMBINED"
	// RuleContractInvalid marks an x-jwt-contract value that is neither a
	// file path nor a contract mapping, or names a file that cannot be read.
	RuleContractInvalid = "OPENAPI_CONTRACT_INVALID"
	// RuleOperationIDMissing marks an operation that needs a contract's
	// token but has no operationId to look its requirement up by.
	RuleOperationIDMissing = "OPENAPI_OPERATION_ID_MISSING"
	// RuleScopeUndeclared marks a scope that an operation requires and the
	// contract's newest version does not declare, so no token could ever
	// satisfy it.
	RuleScopeUndeclared = "OPENAPI_SCOPE_UNDECLARED"
	// RuleScopeInvalid marks a required scope that is not a scope-token
	// of RFC 6749 §3.3, such as one with a space, which no token can hold.
	RuleScopeInvalid = "OPENAPI_SCOPE_INVALID"
	// RuleOperationIDDuplicate marks an operationId used by two operations,
	// which the generated lookup could not tell apart.
	RuleOperationIDDuplicate = "OPENAPI_OPERATION_ID_DUPLICATE"
	// RuleScopeUnused warns about a scope that the contract's newest
	// version declares and no operation requires.
	RuleScopeUnused = "OPENAPI_SCOPE_UNUSED"
	// RuleSchemaUnsupported marks a JSON Schema construct of x-jwt-claims
	// that has no equivalent in the contract format, such as oneOf.
	RuleSchemaUnsupported = "OPENAPI_SCHEMA_UNSUPPORTED"
)

// Rules lists every rule of Load with its purpose.
var Rules = []spec.Rule{
	{ID: RuleDocumentInvalid, Purpose: "The file must be an OpenAPI 3.0 or 3.1 document that libopenapi can read."},
	{ID: RuleSchemeNotBearer, Purpose: "Only http bearer, oauth2 and openIdConnect schemes carry a JWT that a contract can describe."},
	{ID: RuleSchemeUndefined, Purpose: "A requirement naming an undeclared scheme cannot be enforced."},
	{ID: RuleSchemeIgnored, Purpose: "A scheme without a contract is left out of the generated requirement, so the service must check it itself."},
	{ID: RuleContractsCombined, Purpose: "One request carries one bearer token, so it cannot hold tokens of two contracts."},
	{ID: RuleContractInvalid, Purpose: "x-jwt-contract must name a readable contract file or hold a contract."},
	{ID: RuleOperationIDMissing, Purpose: "Routes look their requirement up by operationId, so an operation without one cannot be enforced."},
	{ID: RuleScopeUndeclared, Purpose: "HasScope never reports a scope the contract does not declare, so the operation would reject every token."},
	{ID: RuleScopeInvalid, Purpose: "A scope with a space, a quote or a backslash cannot be carried by any token."},
	{ID: RuleOperationIDDuplicate, Purpose: "Routes look their requirement up by operationId, so each must name one operation."},
	{ID: RuleScopeUnused, Purpose: "A declared scope that no operation requires is often a typo or a leftover."},
	{ID: RuleSchemaUnsupported, Purpose: "A JSON Schema construct without a contract equivalent would be silently unchecked."},
}
