// Package openapi reads the bearer token contracts and the scope
// requirements of each operation from an OpenAPI 3.0 or 3.1 document.
//
// A security scheme names its contract with the x-jwt-contract extension:
// either the path of a contract file, relative to the OpenAPI document, or
// the contract itself written inline in the contract file format. Only
// schemes that carry a JWT bearer token may have one: type http with scheme
// bearer (and bearerFormat JWT or none), oauth2 and openIdConnect. Inside an
// inline contract, a version may take its claims from a JSON Schema with
// x-jwt-claims, usually a $ref to components.schemas, instead of claims.
//
// An operation's security, or the root security when it has none, lists
// alternative requirement objects: the operation accepts a request that
// satisfies any one of them, and each object names schemes that must all
// be satisfied, with the scopes each needs. An empty object means
// anonymous access. For one contract, Document.Requirements turns this
// into OR-of-AND scope sets per operationId, and Generate writes them as
// Go code that feeds runtime.WithScopes.
//
// Load reports, as spec.Diagnostics with positions in the OpenAPI document
// and a rule ID, what would leave an operation unenforced or wrongly
// enforced: see the Rule constants. Diff compares the requirements of two
// revisions of a document.
package openapi
