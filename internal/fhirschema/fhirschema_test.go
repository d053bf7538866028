package fhirschema

import "testing"

func TestValidate(t *testing.T) {
	for _, tc := range []struct {
		name string
		doc  string
		ok   bool
	}{
		{"task", `{"resourceType":"Task","id":"a1","status":"requested","intent":"order"}`, true},
		{"unknown status", `{"resourceType":"Task","status":"sent","intent":"order"}`, false},
		{"unknown element", `{"resourceType":"Task","status":"requested","intent":"order","colour":"red"}`, false},
		// The R4 schema marks no element required but resourceType: cardinality is
		// the IG rules' (care/fhir.Check), not the schema's.
		{"no resource type", `{"status":"requested","intent":"order"}`, false},
		{"unknown resource", `{"resourceType":"Referral"}`, false},
		{"bundle", `{"resourceType":"Bundle","type":"collection","entry":[{"fullUrl":"https://x/fhir/Task/a","resource":{"resourceType":"Task","status":"draft","intent":"order"}}]}`, true},
		{"bad entry", `{"resourceType":"Bundle","type":"collection","entry":[{"resource":{"resourceType":"Task","status":"x","intent":"order"}}]}`, false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := Validate([]byte(tc.doc))
			if (err == nil) != tc.ok {
				t.Fatalf("Validate(%s) = %v, want ok=%v", tc.doc, err, tc.ok)
			}
		})
	}
}
