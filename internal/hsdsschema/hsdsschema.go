// Package hsdsschema validates JSON against the HSDS 3.0 JSON Schemas (and the 3.1
// draft's service_capacity), embedded so that tests run offline on any machine.
package hsdsschema

import (
	"bytes"
	"embed"
	"encoding/json"
	"fmt"
	"io/fs"
	"path"
	"sync"

	"github.com/santhosh-tekuri/jsonschema/v6"
)

//go:embed spec-3.0/*.json spec-3.1/*.json examples/*.json
var files embed.FS

// Examples holds the HSDS 3.0 example documents (examples/service_full.json, …).
var Examples fs.FS = files

var (
	once     sync.Once
	compiler *jsonschema.Compiler
	cache    = map[string]*jsonschema.Schema{}
	mu       sync.Mutex
	initErr  error
)

func setup() {
	compiler = jsonschema.NewCompiler()
	compiler.AssertFormat()
	for _, dir := range []string{"spec-3.0", "spec-3.1"} {
		names, _ := fs.Glob(files, dir+"/*.json")
		for _, n := range names {
			b, _ := files.ReadFile(n)
			doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(b))
			if err != nil {
				initErr = fmt.Errorf("%s: %w", n, err)
				return
			}
			// The schemas have no $id and refer to each other by bare file name, so each
			// version is loaded under one base URI.
			if err := compiler.AddResource("https://hsds.local/"+dir+"/"+path.Base(n), doc); err != nil {
				initErr = fmt.Errorf("%s: %w", n, err)
				return
			}
		}
	}
}

func schema(version, object string) (*jsonschema.Schema, error) {
	once.Do(setup)
	if initErr != nil {
		return nil, initErr
	}
	mu.Lock()
	defer mu.Unlock()
	key := version + "/" + object
	if s, ok := cache[key]; ok {
		return s, nil
	}
	s, err := compiler.Compile("https://hsds.local/" + version + "/" + object + ".json")
	if err != nil {
		return nil, err
	}
	cache[key] = s
	return s, nil
}

// Validate checks one JSON document against the HSDS 3.0 schema of object ("service",
// "organization", "service_at_location", "taxonomy", "taxonomy_term", …). A service's
// 3.1 capacities are checked against the 3.1 draft's service_capacity.
func Validate(object string, doc []byte) error {
	s, err := schema("spec-3.0", object)
	if err != nil {
		return err
	}
	v, err := jsonschema.UnmarshalJSON(bytes.NewReader(doc))
	if err != nil {
		return fmt.Errorf("not JSON: %w", err)
	}
	if err := s.Validate(v); err != nil {
		return err
	}
	if object != "service" {
		return nil
	}
	var svc struct {
		Capacities []json.RawMessage `json:"capacities"`
	}
	if err := json.Unmarshal(doc, &svc); err != nil {
		return err
	}
	cs, err := schema("spec-3.1", "service_capacity")
	if err != nil {
		return err
	}
	for i, c := range svc.Capacities {
		v, _ := jsonschema.UnmarshalJSON(bytes.NewReader(c))
		if err := cs.Validate(v); err != nil {
			return fmt.Errorf("capacities[%d]: %w", i, err)
		}
	}
	return nil
}

// Page is the HSDS 3.0 paging envelope.
type Page struct {
	TotalItems int               `json:"total_items"`
	TotalPages int               `json:"total_pages"`
	PageNumber int               `json:"page_number"`
	Size       int               `json:"size"`
	FirstPage  bool              `json:"first_page"`
	LastPage   bool              `json:"last_page"`
	Empty      bool              `json:"empty"`
	Contents   []json.RawMessage `json:"contents"`
}

// ValidatePage checks a paged list: every paging field present, size equal to the items,
// and each item valid against the object's schema.
func ValidatePage(object string, body []byte) (Page, error) {
	var keys map[string]json.RawMessage
	if err := json.Unmarshal(body, &keys); err != nil {
		return Page{}, fmt.Errorf("not a JSON object: %w", err)
	}
	for _, k := range []string{"total_items", "total_pages", "page_number", "size", "first_page", "last_page", "empty", "contents"} {
		if _, ok := keys[k]; !ok {
			return Page{}, fmt.Errorf("paging field %q missing", k)
		}
	}
	var p Page
	if err := json.Unmarshal(body, &p); err != nil {
		return p, err
	}
	if p.Size != len(p.Contents) {
		return p, fmt.Errorf("size %d but %d items in contents", p.Size, len(p.Contents))
	}
	if p.Empty != (p.Size == 0) {
		return p, fmt.Errorf("empty is %v with %d items", p.Empty, p.Size)
	}
	for i, item := range p.Contents {
		if err := Validate(object, item); err != nil {
			return p, fmt.Errorf("contents[%d]: %w", i, err)
		}
	}
	return p, nil
}
