package api

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"io/fs"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/gofiber/fiber/v2"

	"handoff/i18n"
)

// The installable app (issue 17): /manifest.webmanifest and the service worker /sw.js,
// served from the root so that the worker's scope is the whole site. The worker's
// precache list is made here from the embedded pages: the two pages a peer works from
// and the files they load, each with the revision of the whole embedded web folder.

// workboxDir is where the vendored Workbox lives (vendor/VENDOR.md).
const workboxDir = "/static/vendor/workbox-7.4.1/"

// shellPages are the pages kept on the phone.
var shellPages = []string{"/", "/follow-ups"}

// shellFiles are kept besides what the pages load: the offline scripts load each other
// lazily, and the icons belong to the installed app.
var shellFiles = []string{"/static/offline-search.js", "/static/offline-hours.js", "/static/icon-192.png",
	"/static/icon-512.png", "/manifest.webmanifest"}

var staticRef = regexp.MustCompile(`/static/[A-Za-z0-9._/-]+\.(?:js|css|svg|png)`)

// precacheEntry is one file of Workbox's precache manifest.
type precacheEntry struct {
	URL      string `json:"url"`
	Revision string `json:"revision"`
}

// serviceWorker is sw.js with its precache list, made once.
var serviceWorker = sync.OnceValues(func() ([]byte, error) {
	src, err := web.ReadFile("web/sw.js")
	if err != nil {
		return nil, err
	}
	rev, err := webRevision()
	if err != nil {
		return nil, err
	}
	urls := append([]string(nil), shellPages...)
	urls = append(urls, shellFiles...)
	// The pages load the catalog (chrome.html): i18n.js, and the messages of the page's
	// language at the version the page names. Every language's is kept, and a new
	// catalog renews the pages too, so that a page offline names a version that is kept.
	cat := i18n.Load()
	for _, l := range i18n.Locales {
		_, v := cat.JS(l)
		urls = append(urls, "/i18n/"+l+".js?v="+v)
		rev += "-" + v
	}
	for _, page := range []string{"web/chrome.html", "web/index.html", "web/follow-ups.html"} {
		b, err := web.ReadFile(page)
		if err != nil {
			continue // a page made from a template elsewhere: its files come below
		}
		for _, ref := range staticRef.FindAll(b, -1) {
			urls = append(urls, string(ref))
		}
	}
	slices.Sort(urls)
	urls = slices.Compact(urls)
	entries := make([]precacheEntry, 0, len(urls))
	for _, u := range urls {
		if strings.HasPrefix(u, workboxDir) {
			continue // loaded by importScripts, kept with the worker itself
		}
		entries = append(entries, precacheEntry{URL: u, Revision: rev})
	}
	list, err := json.Marshal(entries)
	if err != nil {
		return nil, err
	}
	return bytes.Replace(src, []byte("/*PRECACHE*/[]"), list, 1), nil
})

// webRevision is a hash of every embedded page and file: any change to the web folder
// renews the whole shell.
func webRevision() (string, error) {
	h := sha256.New()
	err := fs.WalkDir(web, "web", func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := web.ReadFile(path)
		if err != nil {
			return err
		}
		h.Write([]byte(path))
		h.Write([]byte{0})
		h.Write(b)
		return nil
	})
	return hex.EncodeToString(h.Sum(nil)[:8]), err
}

// sw answers the service worker. It is checked for updates on every navigation
// (no-cache), as browsers do for workers anyway.
func (s *Server) sw(c *fiber.Ctx) error {
	b, err := serviceWorker()
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	c.Set(fiber.HeaderCacheControl, "no-cache")
	return c.Send(b)
}

// manifest answers the web app manifest.
func (s *Server) manifest(c *fiber.Ctx) error {
	b, err := web.ReadFile("web/static/manifest.webmanifest")
	if err != nil {
		return err
	}
	c.Set(fiber.HeaderContentType, "application/manifest+json")
	return c.Send(b)
}
