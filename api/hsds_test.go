package api

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"testing"

	"handoff/internal/hsdsschema"
	"handoff/seed"
	"handoff/store"
	"handoff/store/storetest"
)

// serveForTest runs the real server on a loopback port over st and returns its base URL.
func serveForTest(t *testing.T, st *store.Store, opts Options) string {
	t.Helper()
	srv := New(st, slog.New(slog.NewTextHandler(io.Discard, nil)), opts)
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	go srv.App().Listener(ln)
	t.Cleanup(func() { srv.App().Shutdown() })
	return "http://" + ln.Addr().String()
}

func seeded(t *testing.T, st *store.Store) {
	t.Helper()
	if n, err := seed.Load(context.Background(), st); err != nil || n == 0 {
		t.Fatalf("seed: %d %v", n, err)
	}
}

func get(t *testing.T, url string) (int, http.Header, []byte) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func mustPage(t *testing.T, object, url string) hsdsschema.Page {
	t.Helper()
	status, _, body := get(t, url)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	p, err := hsdsschema.ValidatePage(object, body)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return p
}

func mustObject(t *testing.T, object, url string) []byte {
	t.Helper()
	status, _, body := get(t, url)
	if status != 200 {
		t.Fatalf("GET %s: %d %s", url, status, body)
	}
	if err := hsdsschema.Validate(object, body); err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	return body
}

func ids(t *testing.T, p hsdsschema.Page) []string {
	var out []string
	for _, c := range p.Contents {
		var v struct{ ID, Name string }
		json.Unmarshal(c, &v)
		out = append(out, v.ID)
	}
	return out
}

func TestHSDSProfile(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seeded(t, st)
		base := serveForTest(t, st, Options{})

		_, _, root := get(t, base+"/hsds/")
		var meta map[string]string
		json.Unmarshal(root, &meta)
		if meta["version"] != "3.0" || !strings.HasSuffix(meta["openapi_url"], "/hsds/openapi.json") {
			t.Errorf("GET /hsds/: %s", root)
		}
		if status, _, _ := get(t, meta["openapi_url"]); status != 200 {
			t.Errorf("openapi_url answers %d", status)
		}

		p := mustPage(t, "service", base+"/hsds/services?per_page=5")
		if p.Size != 5 || p.PageNumber != 1 || !p.FirstPage || p.LastPage {
			t.Errorf("first page of 5: %+v", p)
		}

		found := false
		for _, c := range mustPage(t, "service", base+"/hsds/services?search=crisis&per_page=100&full=true").Contents {
			if bytes.Contains(c, []byte(seed.BHNCrisisLine)) && bytes.Contains(c, []byte("733-6661")) {
				found = true
			}
		}
		if !found {
			t.Error("the BHN Crisis Line is not among the results of search=crisis")
		}

		for _, id := range ids(t, mustPage(t, "service", base+"/hsds/services?per_page=20&full=true")) {
			mustObject(t, "service", base+"/hsds/services/"+id)
		}
		min := mustPage(t, "service", base+"/hsds/services?minimal=true&per_page=3")
		if len(min.Contents) != 3 || bytes.Contains(min.Contents[0], []byte("description")) {
			t.Errorf("minimal: %s", min.Contents)
		}

		orgs := mustPage(t, "organization", base+"/hsds/organizations?per_page=10")
		for _, id := range ids(t, orgs) {
			mustObject(t, "organization", base+"/hsds/organizations/"+id)
		}
		mustPage(t, "organization", base+"/hsds/organizations?per_page=2&full_service=true")

		sal := mustPage(t, "service_at_location", base+"/hsds/service_at_locations?postcode=01040&proximity=3000&per_page=100")
		if sal.TotalItems == 0 {
			t.Error("no services within 3 km of ZIP 01040 (Holyoke)")
		}
		for _, c := range sal.Contents {
			if !bytes.Contains(c, []byte(`"service":`)) {
				t.Fatalf("service_at_location without its service: %s", c)
			}
		}
		for _, id := range ids(t, sal)[:1] {
			mustObject(t, "service_at_location", base+"/hsds/service_at_locations/"+id)
		}
		byZip := mustPage(t, "service_at_location", base+"/hsds/service_at_locations?postcode=01104")
		if byZip.TotalItems == 0 {
			t.Error("no service at ZIP 01104 (417 Liberty Street)")
		}

		tax := mustPage(t, "taxonomy", base+"/hsds/taxonomies")
		if tax.TotalItems < 4 {
			t.Errorf("taxonomies: %d", tax.TotalItems)
		}
		for _, id := range ids(t, tax) {
			mustObject(t, "taxonomy", base+"/hsds/taxonomies/"+id)
		}
		terms := mustPage(t, "taxonomy_term", base+"/hsds/taxonomy_terms?per_page=100")
		for _, id := range ids(t, terms)[:5] {
			mustObject(t, "taxonomy_term", base+"/hsds/taxonomy_terms/"+id)
		}
	})
}

// TestHSDSPaging walks every page and checks the rules conformance validators apply.
func TestHSDSPaging(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seeded(t, st)
		base := serveForTest(t, st, Options{})
		for _, list := range []struct{ object, path string }{
			{"service", "/hsds/services"}, {"organization", "/hsds/organizations"},
			{"taxonomy_term", "/hsds/taxonomy_terms"}, {"service_at_location", "/hsds/service_at_locations"},
		} {
			const per = 37
			first := mustPage(t, list.object, fmt.Sprintf("%s%s?per_page=%d", base, list.path, per))
			seen := map[string]bool{}
			for page := 1; page <= first.TotalPages; page++ {
				p := mustPage(t, list.object, fmt.Sprintf("%s%s?per_page=%d&page=%d", base, list.path, per, page))
				last := page == first.TotalPages
				switch {
				case p.TotalItems != first.TotalItems:
					t.Fatalf("%s page %d: total_items %d, first page said %d", list.path, page, p.TotalItems, first.TotalItems)
				case !last && p.Size != per:
					t.Fatalf("%s page %d: size %d, want per_page %d", list.path, page, p.Size, per)
				case p.FirstPage != (page == 1) || p.LastPage != last || p.PageNumber != page:
					t.Fatalf("%s page %d: first %v last %v number %d", list.path, page, p.FirstPage, p.LastPage, p.PageNumber)
				}
				for _, id := range ids(t, p) {
					if seen[id] {
						t.Fatalf("%s: %s on two pages", list.path, id)
					}
					seen[id] = true
				}
			}
			if len(seen) != first.TotalItems {
				t.Errorf("%s: walked %d items, total_items %d", list.path, len(seen), first.TotalItems)
			}
			beyond := mustPage(t, list.object, fmt.Sprintf("%s%s?per_page=%d&page=%d", base, list.path, per, first.TotalPages+1))
			if !beyond.Empty || beyond.Size != 0 || !beyond.LastPage || beyond.TotalItems != first.TotalItems {
				t.Errorf("%s: page past the end: %+v", list.path, beyond)
			}
		}
	})
}

func TestHSDSNDJSONStreamsEveryService(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		seeded(t, st)
		base := serveForTest(t, st, Options{})
		status, hdr, body := get(t, base+"/hsds/services?format=ndjson&full=true")
		if status != 200 || !strings.HasPrefix(hdr.Get("Content-Type"), "application/x-ndjson") {
			t.Fatalf("%d %s", status, hdr.Get("Content-Type"))
		}
		n := 0
		sc := bufio.NewScanner(bytes.NewReader(body))
		sc.Buffer(make([]byte, 1<<20), 1<<24)
		for sc.Scan() {
			n++
			if err := hsdsschema.Validate("service", sc.Bytes()); err != nil {
				t.Fatalf("line %d: %v", n, err)
			}
		}
		total, _ := st.CountServices(context.Background())
		if n != total {
			t.Errorf("streamed %d services, the directory has %d", n, total)
		}
	})
}
