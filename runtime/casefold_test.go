package runtime

import (
	"errors"
	"testing"
)

func TestCaseVariantMembersRejected(t *testing.T) {
	rules := hsRules()
	rules.Claims = &Object{Fields: []Field{
		{Name: "uid", Kind: ShapeString},
		{Name: "profile", Kind: ShapeObject, Object: &Object{Fields: []Field{{Name: "name", Kind: ShapeString}}}},
		{Name: "devices", Kind: ShapeArray, Items: &Field{Kind: ShapeObject, Object: &Object{Fields: []Field{{Name: "id", Kind: ShapeString}}}}},
	}}
	header := `{"alg":"HS256"}`

	tests := []struct {
		name    string
		payload string
		claim   string
		detail  string
	}{
		{name: "top-level claim", payload: `{"uid":"a","UID":"b"}`, claim: "uid",
			detail: `member "UID" differs from claim "uid" only in letter case`},
		{name: "registered claim", payload: `{"Sub":"b"}`, claim: "sub",
			detail: `member "Sub" differs from claim "sub" only in letter case`},
		{name: "nested member", payload: `{"profile":{"name":"a","Name":"b"}}`, claim: "profile.name",
			detail: `member "Name" differs from claim "name" only in letter case`},
		{name: "member of an array item", payload: `{"devices":[{"id":"a"},{"ID":"b"}]}`, claim: "devices[1].id",
			detail: `member "ID" differs from claim "id" only in letter case`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := verifyHS(t, hsToken(t, header, tt.payload), rules)
			wantRejected(t, err, ErrClaimInvalid, "duplicate")
			var ve *ValidationError
			if !errors.As(err, &ve) {
				t.Fatalf("error %v holds no ValidationError", err)
			}
			if ve.Claim != tt.claim {
				t.Errorf("Claim = %q, want %q", ve.Claim, tt.claim)
			}
			if ve.Detail != tt.detail {
				t.Errorf("Detail = %q, want %q", ve.Detail, tt.detail)
			}
		})
	}

	// Exact names, and names that match no claim even ignoring case, stay
	// accepted.
	wantAccepted(t, verifyHS(t, hsToken(t, header, `{"uid":"a","Uids":"b","profile":{"name":"a"}}`), rules))
}
