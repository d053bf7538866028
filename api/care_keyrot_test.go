package api_test

import (
	"bytes"
	"net/url"
	"testing"

	"handoff/api"
	"handoff/care"
	"handoff/store"
	"handoff/store/storetest"
)

// TestFormKeyAcrossRotation: while the data key is rotated, a form open in an agency's
// browser keeps working: an instance that seals under the new key and still has the old
// one accepts a form signed under the old, and the forms it signs are accepted by an
// instance with the new key alone. Once the old key is retired, a form signed under it
// alone is refused (409: the page reloads with a fresh form).
func TestFormKeyAcrossRotation(t *testing.T) {
	storetest.Each(t, func(t *testing.T, st *store.Store) {
		f := careNew(t, st, api.Options{}) // the old key: careTestSealer's
		keyA, keyB := bytes.Repeat([]byte{7}, care.KeySize), bytes.Repeat([]byte{9}, care.KeySize)
		rotating := f.siblingKeyed(keyB, keyA)
		retired := f.siblingKeyed(keyB)

		link := f.reissued()
		_, _, tok := f.linkPage(link)
		if status, body := rotating.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 200 {
			t.Errorf("during rotation, a form signed under the old key: %d %.300s", status, body)
		}
		link = rotating.reissued()
		_, _, tok = rotating.linkPage(link)
		if status, body := retired.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 200 {
			t.Errorf("after rotation, a form signed during it: %d %.300s", status, body)
		}
		link = f.reissued()
		_, _, tok = f.linkPage(link)
		if status, _ := retired.linkPost(link, url.Values{"form_token": {tok}, "action": {"accept"}}); status != 409 {
			t.Errorf("a form under the retired key alone: %d, want 409", status)
		}
	})
}
