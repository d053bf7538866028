package browsertest

import (
	"context"
	"encoding/json"
	"fmt"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// Focused is the element that has the keyboard focus, as a tab check sees it.
type Focused struct {
	Desc    string `json:"desc"`    // tag, id, classes and the first words of its text
	Visible bool   `json:"visible"` // it, its label or its parent draws a focus ring
	Match   bool   `json:"match"`   // it matches the selector asked about
	mark    string // in a round of the page: "first" for its first stop, "back" when the focus is back there
}

// focusedJS describes document.activeElement. A ring is an outline (any style but none,
// Chromium's default "auto" included) or a box shadow, on the element, or else on its
// label or parent: a checkbox drawn as a chip is hidden and its label shows the focus.
const focusedJS = `((sel, round) => {
	const a = document.activeElement;
	if (!a || a === document.body || a === document.documentElement) return JSON.stringify({desc: "", visible: false, match: false, mark: ""});
	let mark = "";
	if (round && !window.__tabFirst) { window.__tabFirst = a; mark = "first"; } else if (round && a === window.__tabFirst) { mark = "back"; }
	const ring = (e) => { if (!e || e === document.body) return false; const s = getComputedStyle(e);
		return (s.outlineStyle !== "none" && parseFloat(s.outlineWidth) > 0) || (s.boxShadow !== "" && s.boxShadow !== "none"); };
	const r = a.getBoundingClientRect(), s = getComputedStyle(a);
	const shown = r.width >= 2 && r.height >= 2 && s.opacity !== "0" && s.visibility !== "hidden";
	const visible = (shown && ring(a)) || [...(a.labels || [])].some(ring) || ring(a.parentElement);
	const desc = a.tagName.toLowerCase() + (a.id ? "#" + a.id : "") + [...a.classList].map((c) => "." + c).join("") +
		" " + JSON.stringify((a.textContent || a.value || a.getAttribute("aria-label") || "").trim().slice(0, 40));
	return JSON.stringify({desc, visible, match: !!sel && a.matches(sel), mark});
})`

// FocusedNow describes the element that has the focus; Match says whether it matches sel.
func FocusedNow(ctx context.Context, sel string) (Focused, error) { return focused(ctx, sel, false) }

func focused(ctx context.Context, sel string, round bool) (Focused, error) {
	arg, _ := json.Marshal(sel)
	raw, err := chromedp.Run(ctx, chromedp.Evaluate[string](fmt.Sprintf("%s(%s, %t)", focusedJS, arg, round)))
	if err != nil {
		return Focused{}, fmt.Errorf("read the focus: %w", err)
	}
	var f struct {
		Focused
		Mark string `json:"mark"`
	}
	err = json.Unmarshal([]byte(raw), &f)
	f.Focused.mark = f.Mark
	return f.Focused, err
}

// TabTo presses Tab from where the focus is until an element matching sel has it, at most
// max times, and answers every element the focus passed through on the way (the target
// last). It fails when sel is not reached.
func TabTo(ctx context.Context, sel string, max int) ([]Focused, error) {
	var path []Focused
	if f, err := FocusedNow(ctx, sel); err != nil {
		return nil, err
	} else if f.Match {
		return []Focused{f}, nil
	}
	for range max {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return path, fmt.Errorf("press Tab: %w", err)
		}
		f, err := FocusedNow(ctx, sel)
		if err != nil {
			return path, err
		}
		path = append(path, f)
		if f.Match {
			return path, nil
		}
	}
	return path, fmt.Errorf("%s was not reached in %d presses of Tab", sel, max)
}

// TabAround presses Tab from where the focus is until it comes back to the first element
// it stopped on (past the end of the page it starts again at the top), at most max times,
// and answers every element it stopped on, so that each can be checked for a visible
// focus. The first stop, not the start, closes the round: the focus may start on an
// element that Tab never stops on (a heading focused by a script).
func TabAround(ctx context.Context, max int) ([]Focused, error) {
	if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](`delete window.__tabFirst`)); err != nil {
		return nil, fmt.Errorf("start a round: %w", err)
	}
	var path []Focused
	for range max {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			return path, fmt.Errorf("press Tab: %w", err)
		}
		f, err := focused(ctx, "", true)
		if err != nil {
			return path, err
		}
		if f.mark == "back" {
			return path, nil
		}
		if f.Desc != "" { // between the end of the page and its top, nothing has the focus
			path = append(path, f)
		}
	}
	if len(path) == 0 {
		return path, fmt.Errorf("nothing took the focus in %d presses of Tab", max)
	}
	return path, fmt.Errorf("the focus did not come back in %d presses of Tab", max)
}
