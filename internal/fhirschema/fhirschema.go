// Package fhirschema validates JSON against the official HL7 FHIR R4 (4.0.1) JSON Schema,
// embedded (gzipped) so that tests run offline on any machine. Where it comes from is in
// testdata/SOURCE.md.
package fhirschema

import (
	"bytes"
	"compress/gzip"
	_ "embed"
	"fmt"
	"io"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed testdata/fhir.schema.json.gz
var schemaGz []byte

// schemaURL is the schema's own id; it is draft-06, which the compiler is told.
const schemaURL = "http://hl7.org/fhir/json-schema/4.0"

var (
	once     sync.Once
	compiler *jsonschema.Compiler
	schema   *jsonschema.Schema
	initErr  error
	mu       sync.Mutex
	byType   = map[string]*jsonschema.Schema{}
)

func setup() {
	zr, err := gzip.NewReader(bytes.NewReader(schemaGz))
	if err != nil {
		initErr = fmt.Errorf("fhir schema: %w", err)
		return
	}
	raw, err := io.ReadAll(zr)
	if err != nil {
		initErr = fmt.Errorf("fhir schema: %w", err)
		return
	}
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(raw))
	if err != nil {
		initErr = fmt.Errorf("fhir schema: %w", err)
		return
	}
	compiler = jsonschema.NewCompiler()
	compiler.DefaultDraft(jsonschema.Draft6)
	if err := compiler.AddResource(schemaURL, doc); err != nil {
		initErr = fmt.Errorf("fhir schema: %w", err)
		return
	}
	schema, initErr = compiler.Compile(schemaURL)
}

// definition is the schema of one resource type, to say precisely what is wrong: the
// whole schema's error lists every resource type the document is not.
func definition(resourceType string) (*jsonschema.Schema, error) {
	mu.Lock()
	defer mu.Unlock()
	if s, ok := byType[resourceType]; ok {
		return s, nil
	}
	s, err := compiler.Compile(schemaURL + "#/definitions/" + resourceType)
	if err != nil {
		return nil, err
	}
	byType[resourceType] = s
	return s, nil
}

// Validate checks one FHIR R4 resource in JSON (a Bundle, a Task, an OperationOutcome…)
// against the schema: its resourceType picks the definition, and every element must be
// one the resource defines, with the right type and code.
func Validate(doc []byte) error {
	once.Do(setup)
	if initErr != nil {
		return initErr
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	err = schema.Validate(v)
	if err == nil {
		return nil
	}
	if m, ok := v.(map[string]any); ok {
		if rt, ok := m["resourceType"].(string); ok {
			if d, derr := definition(rt); derr == nil {
				if exact := d.Validate(v); exact != nil {
					return fmt.Errorf("%s: %w", rt, exact)
				}
			}
		}
	}
	return err
}
