package browsertest

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// checkerPage breaks three WCAG rules axe-core knows (an image without a text alternative,
// grey text too pale on white, a field without a label) and hides the focus of one button.
const checkerPage = `<!doctype html><html lang="en"><head><title>Checker</title>
<style>#bare:focus{outline:none} .pale{color:#bbb;background:#fff}</style>
<link rel="stylesheet" href="/weight.css"></head>
<body><main><h1>Checker</h1>
<img src="/pixel.png">
<p class="pale">Too pale to read.</p>
<input id="nameless" type="text">
<button id="ringed">Ringed</button><button id="bare">Bare</button>
</main></body></html>`

// fixedPage passes them all.
const fixedPage = `<!doctype html><html lang="en"><head><title>Fixed</title></head>
<body><main><h1>Fixed</h1><img src="/pixel.png" alt="A dot">
<label for="named">Name</label><input id="named" type="text"><button>Go</button></main></body></html>`

// TestCheckersFindFaults: the checks the access test relies on report what they should
// on a page made to fail them, and nothing on one made to pass, so that a silent zero
// from them means something. Each response's size is known, so that the weight is too.
func TestCheckersFindFaults(t *testing.T) {
	weight := "/*" + strings.Repeat("x", 4996) + "*/"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/weight.css":
			w.Header().Set("Content-Type", "text/css")
			w.Write([]byte(weight))
		case "/pixel.png":
			w.Header().Set("Content-Type", "image/png")
		case "/fixed":
			w.Write([]byte(fixedPage))
		default:
			w.Write([]byte(checkerPage))
		}
	}))
	defer srv.Close()
	browser := New(t)
	transfers := WatchTransfers(browser)
	ctx, cancel := context.WithTimeout(browser, 60*time.Second)
	defer cancel()

	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/")); err != nil {
		t.Fatal(err)
	}
	if err := transfers.Settle(ctx, 200*time.Millisecond); err != nil {
		t.Fatal(err)
	}
	// The page and its style sheet, each with its headers or not: Chromium counts a
	// response's headers with some bodies and not others, a few hundred bytes either way.
	// (The image is not one: Chromium may stop reading it when it cannot decode it.)
	_, each := transfers.Total()
	sizes := map[string]int{}
	for _, e := range each {
		sizes[strings.TrimPrefix(e.URL, srv.URL)] = e.Bytes
	}
	for path, want := range map[string]int{"/": len(checkerPage), "/weight.css": len(weight)} {
		if got := sizes[path]; got < want || got > want+300 {
			t.Errorf("%s weighed %d bytes, want %d and its headers: %v", path, got, want, each)
		}
	}

	found, err := Axe(ctx, WCAG21AA)
	if err != nil {
		t.Fatal(err)
	}
	rules := map[string]bool{}
	for _, v := range found {
		rules[v.ID] = true
	}
	for _, want := range []string{"image-alt", "color-contrast", "label"} {
		if !rules[want] {
			t.Errorf("axe did not report %s: %v", want, found)
		}
	}

	stops, err := TabTo(ctx, "#bare", 10)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]bool{}
	for _, s := range stops {
		seen[s.Desc] = s.Visible
	}
	if ringed, ok := seen[`button#ringed "Ringed"`]; !ok || !ringed {
		t.Errorf("the ringed button's focus is not seen as visible: %v", stops)
	}
	if bare, ok := seen[`button#bare "Bare"`]; !ok || bare {
		t.Errorf("the bare button's focus is seen as visible: %v", stops)
	}

	// From the bare button round the page and back: the field, the ringed button, the bare one.
	around, err := TabAround(ctx, 20)
	if err != nil || len(around) != 3 || around[0].Desc != `input#nameless ""` || around[1].Desc != `button#ringed "Ringed"` ||
		around[2].Desc != `button#bare "Bare"` {
		t.Errorf("round the page from the bare button: %v %v", around, err)
	}

	transfers.Reset()
	if err := chromedp.Do(ctx, chromedp.Navigate(srv.URL+"/fixed")); err != nil {
		t.Fatal(err)
	}
	if found, err := Axe(ctx, WCAG21AA); err != nil || len(found) > 0 {
		t.Errorf("the fixed page: %v %v", found, err)
	}
}
