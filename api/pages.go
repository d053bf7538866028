package api

import (
	"bytes"
	"html/template"
	"net/url"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"

	"handoff/i18n"
)

// Every page is its own file under web/ holding only its content, rendered inside the one
// chrome (web/chrome.html): the document head, the language of the page and its
// switcher, the catalog for its scripts, and for the pages behind sign-in the account
// bar, the sign-in form and the "not for you" notice.

// langCookie remembers the language a person chose with the switcher.
const langCookie = "handoff_lang"

// pageData is what the chrome and a page's template read: the locale, the catalog, and
// the page's own data as D.
type pageData struct {
	Lang, JSVersion string
	Langs           []langOption
	// Chips are the search page's language filters (Options.LanguageChips).
	Chips []langChip
	// Query is the page's query but lang: the switcher sends it again, so that a page
	// named by its query (/report?service=) stays itself.
	Query []queryParam
	// NoScript leaves out the catalog's scripts (scriptlessPages): the page runs no script.
	NoScript bool
	D        any
}

type langOption struct {
	Code, Name string
	Current    bool
}

type queryParam struct{ K, V string }

type langChip struct {
	Code, Name string
}

// T is a catalog message in the page's language.
func (p pageData) T(key string, vars ...any) string { return i18n.Load().T(p.Lang, key, vars...) }

// langNames are each language's name in itself, as the switcher shows them.
var langNames = map[string]string{"en": "English", "es": "Español", "pt": "Português", "ht": "Kreyòl ayisyen"}

var pageTemplates = map[string]*template.Template{}

// pageTemplate is the chrome with one page's file, parsed once.
func pageTemplate(file string) *template.Template {
	if t, ok := pageTemplates[file]; ok {
		return t
	}
	t := template.Must(template.New("chrome.html").Funcs(pageFuncs).ParseFS(web, "web/chrome.html", "web/"+file))
	pageTemplates[file] = t
	return t
}

func init() {
	// Parse every page at start, so a broken template stops the build's tests, not a request.
	for _, f := range chromePages {
		pageTemplate(f)
	}
}

// chromePages are the pages drawn in the chrome.
var chromePages = []string{"index.html", "follow-ups.html", "agency.html", "agency-edit.html",
	"agency-history.html", "agency-suggestions.html", "dashboard.html", "admin.html",
	"freshness.html", "report.html", "resource-list.html", "agency-link.html", "definitions.html",
	updateLinkPage, passwordResetPage}

// tokenPages are the pages a token in the address opens: kept out of search engines.
var tokenPages = map[string]bool{agencyLinkPage: true, resourceListPage: true, updateLinkPage: true, passwordResetPage: true}

// scriptlessPages run no script at all, not even the catalog's; their language switcher
// is a plain form. A page where a password is typed and the bed count's one-tap page are
// forms the server answers; the metric dictionary is drawn on the server, and prints and
// reads the same everywhere.
var scriptlessPages = map[string]bool{updateLinkPage: true, passwordResetPage: true, "definitions.html": true}

// pageFuncs are the functions the pages' templates may call.
var pageFuncs = template.FuncMap{"code": codeHTML}

// codeHTML shows a text whose code is marked with backquotes ("`ed_rate` = …", as the
// metric dictionary's texts are) with that code as <code>, and the rest as text.
func codeHTML(s string) template.HTML {
	var b strings.Builder
	for i, part := range strings.Split(s, "`") {
		if i%2 == 1 {
			b.WriteString("<code>" + template.HTMLEscapeString(part) + "</code>")
		} else {
			b.WriteString(template.HTMLEscapeString(part))
		}
	}
	return template.HTML(b.String())
}

// pageLang decides the language of a page: a ?lang= the switcher sent, then the page's
// own (a resource list's language), then the remembered choice, then the browser's.
func (s *Server) pageLang(c *fiber.Ctx, own string) string {
	cat := i18n.Load()
	if q := c.Query("lang"); i18n.Supported(q) {
		return q
	}
	return cat.Match(c.Get(fiber.HeaderAcceptLanguage), own, c.Cookies(langCookie))
}

// requestLang is the language of an API answer (problem documents): the remembered
// choice, then the browser's.
func requestLang(c *fiber.Ctx) string {
	return i18n.Load().Match(c.Get(fiber.HeaderAcceptLanguage), c.Cookies(langCookie))
}

// staffLang is the language of a text only staff read (the metric dictionary, a
// notice): lang when the catalog has every such text in it (English and Spanish; pt and
// ht carry the public texts only), else English, so that an answer never says it is in
// a language it is not in.
func staffLang(lang string) string {
	if i18n.Complete(lang, "staff.") { // any key not public (pub.*)
		return lang
	}
	return i18n.Default
}

// switchLang handles the switcher's GET ?lang=: remember the choice and come back to the
// same address without it. ok is false when there was nothing to switch.
func switchLang(c *fiber.Ctx) (bool, error) {
	q := c.Query("lang")
	if !i18n.Supported(q) || c.Method() != fiber.MethodGet {
		return false, nil
	}
	c.Cookie(&fiber.Cookie{Name: langCookie, Value: q, Path: "/", MaxAge: int((365 * 24 * time.Hour).Seconds()),
		SameSite: fiber.CookieSameSiteLaxMode, HTTPOnly: true, Secure: c.Protocol() == "https"})
	rest := url.Values{}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if string(k) != "lang" {
			rest.Add(string(k), string(v))
		}
	})
	to := c.Path()
	if len(rest) > 0 {
		to += "?" + rest.Encode()
	}
	noStore(c)
	return true, c.Redirect(to, fiber.StatusSeeOther)
}

// page renders file in the chrome, in the page's language; own is a language the page's
// content asks for (a resource list's), or "".
func (s *Server) page(c *fiber.Ctx, status int, file, own string, data any) error {
	if done, err := switchLang(c); done || err != nil {
		return err
	}
	lang := s.pageLang(c, own)
	_, v := i18n.Load().JS(lang)
	d := pageData{Lang: lang, JSVersion: v, D: data, Chips: s.languageChips(lang), NoScript: scriptlessPages[file]}
	c.Context().QueryArgs().VisitAll(func(k, v []byte) {
		if string(k) != "lang" {
			d.Query = append(d.Query, queryParam{K: string(k), V: string(v)})
		}
	})
	for _, l := range i18n.Locales {
		d.Langs = append(d.Langs, langOption{Code: l, Name: langNames[l], Current: l == lang})
	}
	var b bytes.Buffer
	if err := pageTemplate(file).ExecuteTemplate(&b, "page", d); err != nil {
		return err
	}
	noStore(c)
	c.Set("Referrer-Policy", "no-referrer")
	if tokenPages[file] {
		c.Set("X-Robots-Tag", "noindex")
	}
	c.Set(fiber.HeaderContentLanguage, lang)
	c.Set(fiber.HeaderVary, "Accept-Language, Cookie")
	c.Set(fiber.HeaderContentType, fiber.MIMETextHTMLCharsetUTF8)
	return c.Status(status).Send(b.Bytes())
}

// catalogScript serves /i18n/LANG.js: the catalog for the pages' scripts, cached for a
// year (its address carries its version, ?v=HASH).
func catalogScript(c *fiber.Ctx) error {
	lang := c.Params("lang")
	js, _ := i18n.Load().JS(lang)
	if js == nil {
		return notFound("This language")
	}
	c.Set(fiber.HeaderCacheControl, "public, max-age=31536000, immutable")
	c.Set(fiber.HeaderContentType, "text/javascript; charset=utf-8")
	return c.Send(js)
}
