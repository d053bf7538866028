package browsertest

import (
	"context"
	_ "embed"
	"encoding/json"
	"fmt"
	"strings"

	"github.com/chromedp/chromedp"
)

// axeSource is axe-core's minified build, copied unchanged from the npm registry's package
// (see testdata/axe-core-4.14.1/VERSION.md). It lives here, in a package only tests import
// (the layering test enforces that), so that the product never serves it.
//
//go:embed testdata/axe-core-4.14.1/axe.min.js
var axeSource string

// AxeVersion is the axe-core release the checks run.
const AxeVersion = "4.14.1"

// WCAG21AA are axe-core's tags for the rules of WCAG 2.0 and 2.1 at levels A and AA.
var WCAG21AA = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

// AxeNode is one element a rule found wrong: its CSS selector (a path through frames and
// shadow roots, joined with " >> ") and axe's words on what to fix.
type AxeNode struct {
	Target  string `json:"target"`
	Summary string `json:"summary"`
	HTML    string `json:"html"`
}

// AxeViolation is one rule the page breaks, with every element that breaks it.
type AxeViolation struct {
	ID     string    `json:"id"`
	Impact string    `json:"impact"`
	Help   string    `json:"help"`
	Nodes  []AxeNode `json:"nodes"`
}

// Axe runs axe-core on the page open in ctx with the rules of the tags (WCAG21AA for
// example) and answers the violations. The script is injected through DevTools, which a
// page's Content-Security-Policy does not restrict, and only once per document.
func Axe(ctx context.Context, tags []string) ([]AxeViolation, error) {
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === "object"`))
	if err != nil {
		return nil, fmt.Errorf("axe: look for the script: %w", err)
	}
	if !loaded {
		if _, err := chromedp.Run(ctx, chromedp.Evaluate[bool](axeSource+";\ntypeof window.axe === \"object\"")); err != nil {
			return nil, fmt.Errorf("axe: inject axe-core %s: %w", AxeVersion, err)
		}
	}
	tagsJSON, err := json.Marshal(tags)
	if err != nil {
		return nil, err
	}
	js := `axe.run(document, {runOnly: {type: "tag", values: ` + string(tagsJSON) + `}, resultTypes: ["violations"]})
		.then((r) => JSON.stringify(r.violations.map((v) => ({id: v.id, impact: v.impact || "", help: v.help,
			nodes: v.nodes.map((n) => ({target: n.target.map((t) => [].concat(t).join(" >> ")).join(" | "),
				summary: n.failureSummary || "", html: (n.html || "").slice(0, 200)}))}))))`
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](js, chromedp.EvalAwaitPromise))
	if err != nil {
		return nil, fmt.Errorf("axe: run: %w", err)
	}
	var out []AxeViolation
	if err := json.Unmarshal([]byte(raw), &out); err != nil {
		return nil, fmt.Errorf("axe: read its answer: %w", err)
	}
	return out, nil
}

// String is the violation as a test failure names it: the rule, its impact and each
// element's selector with what axe says to fix.
func (v AxeViolation) String() string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s (%s): %s", v.ID, v.Impact, v.Help)
	for _, n := range v.Nodes {
		fmt.Fprintf(&b, "\n    %s\n      %s\n      %s", n.Target, strings.ReplaceAll(n.Summary, "\n", "; "), n.HTML)
	}
	return b.String()
}
