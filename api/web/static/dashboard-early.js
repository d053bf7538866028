// The dashboard's first requests, started while the page's larger scripts (Leaflet,
// Chart.js) still load: this script comes first on the page (before the catalog), asks
// who is signed in, and for a coordinator or an admin asks at once what the first view
// shows, for the range of the page's URL or the last 90 days. On the dashboard's first
// load the answers used to wait for every script to arrive (150–200 ms).
//
// The answers wait in window.HandoffEarly (path → promise of a Response, or of null when
// not asked: a peer, signed out), and session.js's api takes a GET's answer from there
// once instead of asking again. The page's scripts still ask everything they need; a path
// not here is fetched as usual. session.js empties the map at sign-out, so an answer is
// only read in the session it was asked in. Nothing is stored: the answers are in memory
// and never cached (cache: "no-store", as session.js asks).
"use strict";

(function () {
  const init = { method: "GET", credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } };
  const early = new Map();
  window.HandoffEarly = early;

  function iso(d) {
    const p = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + p(d.getMonth() + 1) + "-" + p(d.getDate());
  }

  // initialRange: the URL's from/to when both are dates, else the last 90 days.
  function initialRange() {
    const q = new URLSearchParams(location.search);
    const ok = (s) => /^\d{4}-\d{2}-\d{2}$/.test(s || "");
    if (ok(q.get("from")) && ok(q.get("to"))) {
      return { from: q.get("from"), to: q.get("to") };
    }
    const to = new Date();
    const from = new Date(to.getFullYear(), to.getMonth(), to.getDate() - 89);
    return { from: iso(from), to: iso(to) };
  }

  // The paths as dashboard.js, dashboard-place.js and session.js ask them (the
  // dashboard's browser test checks that each is asked once).
  const range = initialRange();
  const q = "from=" + range.from + "&to=" + range.to;
  const measure = (m, extra) => "/api/v1/measures/" + m + "?" + q + (extra ? "&" + extra : "");
  const forBoth = ["/api/v1/users?per_page=1000", "/api/v1/measures/definitions",
    measure("repeat-locations", "limit=200"), measure("interactions-per-shift", "shifts=none"), measure("diversions"),
    measure("referral-funnel"), measure("follow-ups"), measure("service-gaps")];
  // The lists a coordinator hands out (not on the printable report).
  const forCoordinators = location.pathname === "/dashboard/report" ? [] : ["/api/v1/colleagues?per_page=1000",
    "/api/v1/follow-ups?due=overdue&view=brief&per_page=100", "/api/v1/follow-ups?status=flagged&view=brief&per_page=100"];

  const me = fetch("/api/v1/me", init);
  early.set("/api/v1/me", me);
  me.catch(() => {}); // session.js reports it when it takes it
  // The role, read from a copy: session.js reads the answer itself.
  const role = me.then((res) => (res.ok ? res.clone().json() : null)).then((m) => (m && m.user && m.user.role) || "", () => "");
  const ask = (path, roles) => {
    const p = role.then((r) => (roles.includes(r) ? fetch(path, init) : null));
    p.catch(() => {});
    early.set(path, p);
  };
  forBoth.forEach((p) => ask(p, ["coordinator", "admin"]));
  forCoordinators.forEach((p) => ask(p, ["coordinator"]));

  window.DashEarly = { initialRange };
})();
