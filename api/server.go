package api

import (
	"context"
	"github.com/gofiber/fiber/v2/middleware/compress"
	"log/slog"
	"strings"
	"time"

	"github.com/gofiber/fiber/v2"
	"github.com/gofiber/fiber/v2/middleware/recover"
	"github.com/gofiber/fiber/v2/middleware/requestid"

	"handoff/access"
	"handoff/care"
	"handoff/geo"
	"handoff/store"
)

// Options configure the HTTP server.
type Options struct {
	// BodyLimit caps request bodies, in bytes; larger ones get 413.
	BodyLimit int
	// TLS tells the security headers that the server is reached over HTTPS.
	TLS bool
	// Ready reports whether the server may take traffic beyond the database: the search
	// index built, demo data loaded. Nil means always.
	Ready func(ctx context.Context) error
	// PrivateDirectory makes the directory need a login too (--public-directory=false);
	// by default anyone may read it.
	PrivateDirectory bool
	// SessionIdle ends a session unused for this long; 0 means 12 hours.
	SessionIdle time.Duration
	// TokenMaxLifetime caps the lifetime of API tokens, those already made included; 0
	// means access.DefaultTokenMaxLifetime (90 days).
	TokenMaxLifetime time.Duration
	// LoginRateLimit caps failed logins per client address per 15 minutes; 0 means 20.
	LoginRateLimit int
	// SearchRateLimit caps searches per client address per minute; 0 means 1200, and a
	// negative number turns the limit off.
	SearchRateLimit int
	// TrustedProxies are the addresses (IPs or CIDR ranges) of reverse proxies whose
	// forwarded headers are believed: X-Forwarded-For names the client for rate limits
	// and the audit log, X-Forwarded-Host and -Proto the links when PublicURL is empty.
	// From any other peer these headers are ignored.
	TrustedProxies []string
	// LanguageChips are the language filters the search page offers (codes such as
	// "es", "pt", "ht"); empty: the directory's most offered languages besides English.
	LanguageChips []string
	// PublicURL is the base of the links the server hands out (agency links, resource
	// lists), such as https://handoff.example.org; empty: the request's own host.
	PublicURL string
	// Search is the search engine (search.Engine). Nil: /api/v1/search and /match answer
	// 503 and the HSDS lists fall back to the store's substring search.
	Search Searcher
	// Geocoder resolves near= (a ZIP or a town); nil means the embedded gazetteer.
	Geocoder geo.Geocoder
	// Sealer seals the notes of people's care with the data key. Nil: no key is
	// configured, and the care routes answer 503 (the directory still works).
	Sealer *care.Sealer
	// Hasher runs the password hashes and checks, a few at a time; nil means
	// access.NewHasher(0, 0): one per core, waiting up to access.DefaultHashWait.
	Hasher *access.Hasher
	// UpdateLinkRateLimit caps the updates through one service's update link (/u/{token})
	// per 10 minutes; 0 means access.DefaultUpdateLinkLimit (60), a negative number turns
	// the limit off.
	UpdateLinkRateLimit int
	// ReportRateLimit caps the public problem reports from one client address per hour;
	// 0 means 10, a negative number turns the limit off.
	ReportRateLimit int
	// SmallCellSuppression is the smallest count the measures show as is (JSON and CSV
	// alike, see care/measures/deid); 0 means deid.DefaultMin (11), a negative number
	// turns suppression off.
	SmallCellSuppression int
	// ReferralUnansweredAfter is how long a referral may wait in "requested" before it
	// flags its listing in the freshness queue; 0 means
	// directory.DefaultReferralUnansweredAfter (72 hours).
	ReferralUnansweredAfter time.Duration
	// OfflineQueueTTL is how long a phone may keep a record queued while offline before
	// it is deleted unsent (the queue key's lifetime, offline_key.go); 0 means
	// DefaultOfflineQueueTTL.
	OfflineQueueTTL time.Duration
}

// Server is the HTTP surface over a store.
type Server struct {
	app     *fiber.App
	store   *store.Store
	log     *slog.Logger
	opts    Options
	chips   chipsCache
	metrics *metrics
	geo     geo.Geocoder
	acc     *accessState
	care    *careState
	proxies trustedProxies
	hasher  *access.Hasher
	// updateLinks limits the updates through each service's no-login update link.
	updateLinks *updateLinkState
	// reports limits the public problem reports per client address; nil: no limit.
	reports *access.FailureLimit
	// resets limits the posts through the password reset page (/p/{token}), per link
	// and per client address.
	resets, resetsByIP *access.FailureLimit
	// gaps writes the searches that found nothing (service_gaps.go).
	gaps gapWriter
	// snapshots keeps the offline snapshot built last (offline_snapshot.go).
	snapshots offlineSnapshots
}

// New builds the Fiber app with every route.
func New(st *store.Store, log *slog.Logger, opts Options) *Server {
	if opts.BodyLimit <= 0 {
		opts.BodyLimit = 1 << 20
	}
	s := &Server{store: st, log: log, opts: opts, metrics: newMetrics(st.DB()), geo: geo.Default(), acc: newAccessState(opts), care: newCareState(opts),
		updateLinks: newUpdateLinkState(opts), reports: newReportLimit(opts),
		resets:     access.NewFailureLimit(access.DefaultPasswordResetLimit, access.DefaultPasswordResetWindow),
		resetsByIP: access.NewFailureLimit(access.DefaultPasswordResetIPLimit, access.DefaultPasswordResetWindow)}
	if opts.Geocoder != nil {
		s.geo = opts.Geocoder
	}
	s.hasher = opts.Hasher
	if s.hasher == nil {
		s.hasher = access.NewHasher(0, 0)
	}
	s.opts.PublicURL = strings.TrimRight(opts.PublicURL, "/")
	proxies, err := parseTrustedProxies(opts.TrustedProxies)
	if err != nil {
		// The command line checks the list first (CheckTrustedProxies); here a bad entry
		// trusts no one rather than guessing.
		log.Error("trusting no proxy", "err", err)
		proxies = nil
	}
	s.proxies = proxies
	fiberProxies := make([]string, len(proxies))
	for i, p := range proxies {
		fiberProxies[i] = p.String()
	}
	s.app = fiber.New(fiber.Config{
		AppName:               "handoff",
		BodyLimit:             opts.BodyLimit,
		ErrorHandler:          errorHandler(log),
		DisableStartupMessage: true,
		ReadTimeout:           30 * time.Second,
		WriteTimeout:          5 * time.Minute, // ndjson exports stream for a while
		IdleTimeout:           2 * time.Minute,
		// Always on: without it Fiber believes X-Forwarded-Host and -Proto from anyone
		// (c.Hostname, c.Protocol). With no proxies listed, no peer is trusted. The client
		// address is resolveClient's, not Fiber's c.IP (which takes the left end of
		// X-Forwarded-For, the part the client wrote).
		EnableTrustedProxyCheck: true,
		TrustedProxies:          fiberProxies,
	})
	s.app.Use(s.resolveClient)
	s.app.Use(requestid.New())
	s.app.Use(accessLog(log, s.metrics))
	s.app.Use(recover.New())
	s.app.Use(securityHeaders(s.overTLS))
	s.routes()
	s.guardRoutes() // after every route: the access policy guards them all
	return s
}

// App exposes the Fiber app, to listen on or to test with.
func (s *Server) App() *fiber.App { return s.app }

func (s *Server) routes() {
	s.app.Get("/healthz", s.healthz)
	s.app.Get("/readyz", s.readyz)
	s.app.Get("/metrics", s.metrics.handler())

	h := s.app.Group("/hsds")
	h.Get("/", s.hsdsRoot)
	h.Get("/openapi.json", s.hsdsOpenAPI)
	h.Get("/services", s.hsdsServices)
	h.Get("/services/:id", s.hsdsService)
	h.Get("/organizations", s.hsdsOrganizations)
	h.Get("/organizations/:id", s.hsdsOrganization)
	h.Get("/service_at_locations", s.hsdsServiceAtLocations)
	h.Get("/service_at_locations/:id", s.hsdsServiceAtLocation)
	h.Get("/taxonomies", s.hsdsTaxonomies)
	h.Get("/taxonomies/:id", s.hsdsTaxonomy)
	h.Get("/taxonomy_terms", s.hsdsTaxonomyTerms)
	h.Get("/taxonomy_terms/:id", s.hsdsTaxonomyTerm)

	v1 := s.app.Group("/api/v1")
	v1.Get("/openapi.json", s.openAPI)
	s.accountRoutes(v1)
	s.directoryWriteRoutes(v1)
	s.capacityRoutes(v1)
	v1.Get("/search", s.search)
	v1.Post("/match", s.match)
	s.careRoutes(v1)
	s.measureRoutes(v1)
	s.dashboardRoutes(v1)
	s.verificationRoutes(v1)
	s.agencyEditRoutes(v1)
	s.carePageRoutes()
	s.updateLinkRoutes(v1)
	s.updateLinkPageRoutes()
	s.agencyPortalRoutes(v1)
	s.historyRoutes(v1)
	s.suggestionRoutes(v1)
	s.adminRoutes(v1)
	s.fhirRoutes()
	s.outboxRoutes(v1)
	s.offlineRoutes(v1)

	s.app.Get("/", s.index)
	s.app.Get("/follow-ups", s.followUps)
	// The catalog and the static files are compressed as sent (about two thirds less for
	// a phone on poor signal). They hold nothing of anyone, so compressing them gives
	// nothing away (BREACH needs a secret and a reflected input in one compressed answer).
	squeeze := compress.New(compress.Config{Level: compress.LevelBestSpeed})
	s.app.Get("/i18n/:lang.js", squeeze, catalogScript)
	s.app.Use("/static", squeeze, staticFiles())
}
