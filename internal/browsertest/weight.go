package browsertest

import (
	"context"
	"fmt"
	"sort"
	"sync"
	"time"

	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
)

// Transfers adds up the bytes the browser received over the network, as DevTools counts
// them ("transferred"): each response as it came over the wire, compressed when the server
// compressed it, from the Network domain's loadingFinished events (Chromium counts the
// headers with most responses).
type Transfers struct {
	mu       sync.Mutex
	started  map[network.RequestID]string // request → URL
	finished map[network.RequestID]float64
	failed   map[network.RequestID]bool
}

// Transfer is what one request brought in.
type Transfer struct {
	URL   string
	Bytes int
}

// WatchTransfers starts counting the bytes of the browser ctx (from New) until it ends.
func WatchTransfers(ctx context.Context) *Transfers {
	w := &Transfers{}
	w.Reset()
	sent := chromedp.Events(ctx, network.RequestWillBeSent)
	done := chromedp.Events(ctx, network.LoadingFinished)
	failed := chromedp.Events(ctx, network.LoadingFailed)
	go func() {
		for ev, err := range sent {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.started[ev.RequestID] = ev.Request.URL
			w.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range done {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.finished[ev.RequestID] = ev.EncodedDataLength
			w.mu.Unlock()
		}
	}()
	go func() {
		for ev, err := range failed {
			if err != nil {
				return
			}
			w.mu.Lock()
			w.failed[ev.RequestID] = true
			w.mu.Unlock()
		}
	}()
	return w
}

// Reset forgets what was counted, before a page is loaded.
func (w *Transfers) Reset() {
	w.mu.Lock()
	defer w.mu.Unlock()
	w.started = map[network.RequestID]string{}
	w.finished = map[network.RequestID]float64{}
	w.failed = map[network.RequestID]bool{}
}

// pending is how many requests have started and neither finished nor failed.
func (w *Transfers) pending() int {
	w.mu.Lock()
	defer w.mu.Unlock()
	n := 0
	for id := range w.started {
		if _, ok := w.finished[id]; !ok && !w.failed[id] {
			n++
		}
	}
	return n
}

// Settle waits until no request has been in flight for quiet (the page's scripts have
// asked for what they load at first), or ctx ends.
func (w *Transfers) Settle(ctx context.Context, quiet time.Duration) error {
	since := time.Now()
	for {
		if w.pending() > 0 {
			since = time.Now()
		} else if time.Since(since) >= quiet {
			return nil
		}
		select {
		case <-ctx.Done():
			return fmt.Errorf("the network did not settle: %d requests in flight: %w", w.pending(), ctx.Err())
		case <-time.After(20 * time.Millisecond):
		}
	}
}

// Total is the sum of the bytes received since the last Reset, and each request's share,
// largest first.
func (w *Transfers) Total() (int, []Transfer) {
	w.mu.Lock()
	defer w.mu.Unlock()
	total := 0
	var each []Transfer
	for id, n := range w.finished {
		each = append(each, Transfer{URL: w.started[id], Bytes: int(n)})
		total += int(n)
	}
	sort.Slice(each, func(i, j int) bool { return each[i].Bytes > each[j].Bytes })
	return total, each
}
