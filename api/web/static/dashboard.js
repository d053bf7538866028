// The coordinators' dashboard (/dashboard) and its printable report (/dashboard/report):
// the program's measures over a range of days, from the measure routes
// (/api/v1/measures/…, coordinators and admins), each as a table with its chart or map
// beside it, and the follow-ups a coordinator may hand out (dashboard-assign.js).
// Nothing personal is shown: the measures are counts, de-identified on the server under
// one rule (care/measures/deid): a withheld count is null in the JSON (and named in its
// row's "suppressed" list) and reads "suppressed" here; each answer says its threshold
// (suppression.threshold). The range is in the page's URL (dates are not personal).
// Every word is the catalog's (dashboard.*), numbers and dates as the page's language
// writes them; names of places, agencies and colleagues are marked translate="no".
"use strict";

(function () {
  const H = window.Handoff;
  const { t, date, num: number } = window.HandoffI18n; // i18n.js, loaded first
  const $ = H.$;
  const P = window.DashPlace; // the shared formats and names (dashboard-place.js)
  const report = location.pathname === "/dashboard/report";
  let users = {}; // user id → name, for the per-peer table and assignees
  let range = { from: "", to: "" };
  let loading = 0;

  // ---- the range ----

  function qs(extra) {
    return "from=" + range.from + "&to=" + range.to + (extra ? "&" + extra : "");
  }

  function setLinks() {
    $("report-link").href = "/dashboard/report?" + qs();
    for (const a of document.querySelectorAll("a.csv")) {
      a.href = "/api/v1/measures/" + a.dataset.measure + "?" + qs("format=csv");
      a.setAttribute("download", "");
      // The name holds the link's own words (WCAG 2.5.3): "Download Referrals Completion CSV".
      a.setAttribute("aria-label", t("dashboard.download", { measure: a.closest("section").querySelector("h3").textContent, link: a.textContent }));
    }
    $("report-period").textContent = t("dashboard.period", { from: longDay(range.from), to: longDay(range.to) });
  }

  function longDay(s) {
    const [y, m, d] = s.split("-").map(Number);
    return date(new Date(y, m - 1, d), { year: "numeric", month: "long", day: "numeric" });
  }

  // ---- formatting ----

  // n shows a count; null is a withheld one (small, or withheld so that a small one
  // cannot be worked out from a total).
  const n = (v) => P.n(v);

  // note says the rule the answers were suppressed under.
  function note(r) {
    const min = r && r.suppression ? r.suppression.threshold : 0;
    $("suppression-note").textContent = min > 1 ? t("dashboard.note.on", { max: min - 1, min }) : t("dashboard.note.off");
  }

  // One decimal at most, as the language writes it.
  const one = (x) => number(x, { maximumFractionDigits: 1 });

  // num shows a figure that is not a count (a mean, a median), or a dash for none.
  function num(x) {
    return x == null ? "—" : number(x);
  }

  function pct(r) {
    return r == null ? "—" : number(r, { style: "percent", maximumFractionDigits: 1 });
  }

  function hours(h) {
    if (h == null) {
      return "—";
    }
    return h < 48 ? t("dashboard.hours", { n: one(h) }) : t("dashboard.days", { n: one(h / 24), count: h / 24 });
  }

  function day(s) {
    return s ? date(new Date(s), { year: "numeric", month: "short", day: "numeric" }) : "—";
  }

  // fill replaces a table's body with rows of cells (strings, or nodes); the first cell
  // of each row is its header.
  function fill(id, rows, empty) {
    const tb = $(id).tBodies[0];
    tb.replaceChildren();
    if (!rows.length) {
      const tr = H.el("tr");
      const td = H.el("td", "muted", empty || t("dashboard.nothing"));
      td.colSpan = $(id).tHead.rows[0] ? $(id).tHead.rows[0].cells.length : 1;
      tr.append(td);
      tb.append(tr);
      return;
    }
    for (const cells of rows) {
      const tr = H.el("tr");
      cells.forEach((c, i) => {
        const td = H.el(i === 0 ? "th" : "td");
        if (i === 0) {
          td.scope = "row";
        }
        if (Array.isArray(c)) {
          td.append(...c);
        } else if (c instanceof Node) {
          td.append(c);
        } else {
          td.textContent = c;
        }
        tr.append(td);
      });
      tb.append(tr);
    }
  }

  function head(id, names) {
    const tr = H.el("tr");
    for (const name of names) {
      const th = H.el("th", "", name);
      th.scope = "col";
      tr.append(th);
    }
    $(id).tHead.replaceChildren(tr);
  }

  function nameOf(id) {
    return users[id] || t("dashboard.former_colleague");
  }

  // need names a need's code ("housing") in the page's language; an unknown one as it is.
  function need(code) {
    return window.HandoffI18n.has("dashboard.need." + code) ? t("dashboard.need." + code) : code;
  }

  // bucket names a range of calls ("2-3", "6+") as the page writes it ("2–3", "6 or more").
  function bucket(label) {
    const span = /^(\d+)-(\d+)$/.exec(label);
    if (span) {
      return t("dashboard.bucket.range", { from: Number(span[1]), to: Number(span[2]) });
    }
    const more = /^(\d+)\+$/.exec(label);
    return more ? t("dashboard.bucket.more", { min: Number(more[1]) }) : label;
  }

  // ---- the measures ----

  function renderRepeat(r) {
    $("repeat-summary").textContent = t("dashboard.repeat.summary", { calls: n(r.calls), repeat: n(r.repeat_calls), places: n(r.places_total),
      count: r.places_total || 0, min: r.min_calls, radius: r.radius_m });
    window.DashMap.show(r.places, (p) => P.open(p));
    fill("places-table", r.places.map((p) => {
      const b = H.el("button", "quiet", t("dashboard.col.open"));
      b.type = "button";
      b.disabled = p.lat == null; // a place's point is withheld with its calls
      b.setAttribute("aria-label", p.lat == null ? t("dashboard.repeat.open_suppressed")
        : t("dashboard.repeat.open_place", { town: p.town || t("dashboard.place.unknown_town"), calls: n(p.calls), count: p.calls || 0 }));
      b.dataset.place = p.lat == null ? "" : window.DashMap.key(p);
      b.addEventListener("click", () => P.open(p));
      const town = p.town == null ? [t("dashboard.repeat.place_suppressed")] : p.town ? [P.name(p.town)] : ["—"];
      if (p.institutional) {
        town.push(" " + t("dashboard.repeat.institution"));
      }
      return [town, n(p.calls), n(p.people), n(p.followed_up), day(p.last_call), b];
    }), t("dashboard.repeat.none"));
    fill("buckets-table", (r.buckets || []).map((b) => [bucket(b.calls_per_place), n(b.places), n(b.calls)]));
  }

  function renderShifts(r) {
    const p = r.program;
    $("shifts-summary").textContent = t("dashboard.shifts.summary", { shifts: n(p.shifts), count: p.shifts || 0, mean: num(p.interactions_mean),
      median: num(p.interactions_median), encounters: n(p.encounters_total), contacts: n(p.follow_up_attempts_total) });
    const peers = r.peers.slice().sort((a, b) => nameOf(a.user_id).localeCompare(nameOf(b.user_id), window.HandoffI18n.lang));
    fill("peers-table", peers.map((x) => [users[x.user_id] ? P.name(users[x.user_id]) : nameOf(x.user_id), n(x.shifts), n(x.encounters_total),
      n(x.follow_up_attempts_total), num(x.interactions_mean), num(x.interactions_median)]), t("dashboard.shifts.none"));
    // The distribution over shifts: how many shifts had 0, 1, 2 … interactions, counted by
    // the server (the dashboard does not fetch every shift: shifts=none).
    const dist = r.distribution || [];
    const bins = dist.map((d) => (/^\d+$/.test(d.interactions) ? number(Number(d.interactions)) : bucket(d.interactions)));
    const counts = dist.map((d) => d.shifts);
    fill("dist-table", bins.map((b, i) => [b, number(counts[i])]));
    window.DashCharts.draw("shifts-chart", "bar", bins, [{ label: t("dashboard.col.shifts"), data: counts }],
      { plugins: { legend: { display: false } } });
  }

  function renderDiversions(r) {
    const tot = r.total;
    $("div-summary").textContent = t("dashboard.div.summary", { encounters: n(tot.encounters), ed: n(tot.ed_diverted), ed_rate: pct(tot.ed_rate),
      arrest: n(tot.arrest_diverted), arrest_rate: pct(tot.arrest_rate), both: n(tot.both), both_rate: pct(tot.both_rate) });
    const months = r.by_month || [];
    fill("div-table", months.map((m) => [P.month(m.key), n(m.encounters), n(m.ed_diverted), n(m.arrest_diverted), n(m.both), pct(m.ed_rate), pct(m.arrest_rate)]));
    window.DashCharts.draw("div-chart", "line", months.map((m) => P.month(m.key)), [
      { label: t("dashboard.col.ed_diverted"), data: months.map((m) => m.ed_diverted) },
      { label: t("dashboard.col.arrest_diverted"), data: months.map((m) => m.arrest_diverted) },
      { label: t("dashboard.col.both"), data: months.map((m) => m.both) },
    ]);
  }

  function renderFunnel(r) {
    const tot = r.total;
    $("ref-summary").textContent = t("dashboard.ref.summary", { referrals: n(tot.referrals), sent: n(tot.sent), accepted: n(tot.accepted),
      accept_rate: pct(tot.accept_rate), completed: n(tot.completed), complete_rate: pct(tot.complete_rate),
      accept_median: hours(tot.to_accept_median_hours), accept_ninetieth: hours(tot.to_accept_p90_hours),
      complete_median: hours(tot.to_complete_median_hours), complete_ninetieth: hours(tot.to_complete_p90_hours) });
    const stages = [["sent", tot.sent], ["accepted", tot.accepted], ["completed_with_help", tot.completed], ["failed", tot.failed],
      ["rejected", tot.rejected], ["cancelled", tot.cancelled], ["closed_otherwise", tot.closed_other], ["still_open", tot.open]]
      .map(([k, v]) => [t("dashboard.stage." + k), v]);
    fill("funnel-table", stages.map(([s, v]) => [s, n(v)]));
    window.DashCharts.draw("funnel-chart", "bar", stages.map((s) => s[0]), [{ label: t("dashboard.col.referrals"), data: stages.map((s) => s[1]) }],
      { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
    const cols = ["sent", "accepted", "completed", "failed", "accept_rate", "completion_rate", "accept_median", "accept_p90", "complete_median", "complete_p90"]
      .map((k) => t("dashboard.funnel." + k));
    const row = (g, label) => [label, n(g.sent), n(g.accepted), n(g.completed), n(g.failed), pct(g.accept_rate), pct(g.complete_rate),
      hours(g.to_accept_median_hours), hours(g.to_accept_p90_hours), hours(g.to_complete_median_hours), hours(g.to_complete_p90_hours)];
    head("agency-table", [t("dashboard.col.agency")].concat(cols));
    fill("agency-table", r.by_agency.map((g) => row(g, P.name(g.name || g.key))));
    head("need-table", [t("dashboard.col.need")].concat(cols));
    fill("need-table", r.by_need.map((g) => row(g, need(g.key))));
    const outcome = (o) => window.HandoffI18n.has("dashboard.outcome." + o) ? t("dashboard.outcome." + o) : o;
    fill("outcome-table", r.outcomes.map((o) => [outcome(o.outcome === "(none)" ? "none" : o.outcome), n(o.count)]));
  }

  function renderReach(r) {
    $("fu-summary").textContent = t("dashboard.fu.summary", { encounters: n(r.encounters), open: n(r.open), overdue: n(r.overdue),
      flagged: n(r.flagged), done: n(r.done) });
    fill("fu-table", [[t("dashboard.fu.within_hours", { count: 24 }), n(r.reached_24h), pct(r.rate_24h)],
      [t("dashboard.fu.within_hours", { count: 48 }), n(r.reached_48h), pct(r.rate_48h)],
      [t("dashboard.fu.any_time"), n(r.reached), pct(r.rate_reached)]]);
  }

  function renderGaps(r) {
    $("gaps-summary").textContent = t("dashboard.gaps.summary", { searches: n(r.searches), count: r.searches || 0 });
    // Filters and words come as "word:count; word:count". The words are the directory's
    // vocabulary as asked (not translated); the filters are codes the catalog names.
    const words = (s, name) => (s || "").split("; ").filter(Boolean).map((wc) => {
      const i = wc.lastIndexOf(":");
      const count = Number(wc.slice(i + 1));
      return name(wc.slice(0, i)) + (count > 1 ? " (" + number(count) + ")" : "");
    }).join(", ") || "—";
    const asked = (s) => {
      const w = words(s, (x) => x);
      return w === "—" ? w : P.name(w);
    };
    // "(any)" and "(no town)" are the API's codes for a search of no need, or no town.
    fill("gaps-table", r.groups.map((g) => [g.need === "(any)" ? t("dashboard.gaps.any_need") : need(g.need),
      /^\(no town\)$/.test(g.town) ? t("dashboard.gaps.no_town") : P.name(g.town),
      n(g.searches), n(g.nothing_found), n(g.nothing_open), words(g.filters, filter), asked(g.words)]), t("dashboard.gaps.none"));
  }

  // filter names a search filter of a service gap ("free", "level:detox", "language:es").
  function filter(code) {
    const i = code.indexOf(":");
    if (i > 0) {
      const [kind, v] = [code.slice(0, i), code.slice(i + 1)];
      if (kind === "level") {
        return t("dashboard.filter.level", { level: window.HandoffI18n.has("pub.level." + v) ? t("pub.level." + v) : v });
      }
      if (kind === "language") {
        return t("dashboard.filter.language", { language: window.HandoffI18n.languageName(v) });
      }
    }
    return window.HandoffI18n.has("dashboard.filter." + code) ? t("dashboard.filter." + code) : code;
  }

  // fail puts a measure's error in its summary line, so that one failing measure does not
  // hide the others.
  function fail(summary, e) {
    const msg = H.failed(e);
    if (msg) {
      $(summary).textContent = t("dashboard.unreadable", { detail: msg });
    }
  }

  // load asks every measure of the range at once and shows each as it comes; named is a
  // promise of the colleagues' names (loadUsers), asked beside them on the first load.
  async function load(named) {
    const mine = ++loading;
    setLinks();
    H.say(t("dashboard.loading"));
    P.close();
    const get = (m, extra) => H.api("GET", "/api/v1/measures/" + m + "?" + qs(extra));
    const parts = [
      ["repeat-summary", get("repeat-locations", "limit=200"), renderRepeat],
      ["shifts-summary", get("interactions-per-shift", "shifts=none"), renderShifts],
      ["div-summary", get("diversions"), renderDiversions],
      ["ref-summary", get("referral-funnel"), renderFunnel],
      ["fu-summary", get("follow-ups"), renderReach],
      ["gaps-summary", get("service-gaps"), renderGaps],
    ];
    if (!report) {
      window.DashAssign.lists(named); // its own requests, beside the measures'
    }
    const done = await Promise.allSettled(parts.map((p) => p[1]));
    await named;
    if (mine !== loading) {
      return; // a newer range was asked meanwhile
    }
    let failed = 0;
    let noted = false;
    done.forEach((d, i) => {
      if (d.status === "fulfilled") {
        if (!noted) {
          note(d.value);
          noted = true;
        }
        parts[i][2](d.value);
      } else {
        failed++;
        fail(parts[i][0], d.reason);
      }
    });
    H.say(failed ? t("dashboard.failed", { count: failed }) : t("dashboard.loaded", { from: longDay(range.from), to: longDay(range.to) }));
    document.body.dataset.loaded = range.from + "/" + range.to;
  }

  async function loadUsers() {
    try {
      const r = await H.api("GET", "/api/v1/users?per_page=1000");
      users = {};
      for (const u of r.items || []) {
        users[u.id] = u.name || u.email;
      }
    } catch (e) {
      users = {}; // names are a nicety: the measures still show
    }
  }

  $("range").addEventListener("submit", (ev) => {
    ev.preventDefault();
    if (!$("range").reportValidity()) {
      return;
    }
    if ($("from").value > $("to").value) {
      H.say(t("dashboard.range.order"));
      $("from").focus();
      return;
    }
    range = { from: $("from").value, to: $("to").value };
    history.replaceState(null, "", location.pathname + "?" + qs());
    load();
  });
  $("print").addEventListener("click", () => window.print());

  H.on("signedin", async () => {
    document.body.classList.toggle("report", report);
    $("title").textContent = report ? t("dashboard.report_title") : t("dashboard.title");
    document.title = $("title").textContent + " · Handoff";
    range = window.DashEarly.initialRange();
    $("from").value = range.from;
    $("to").value = range.to;
    P.setRange(() => range, () => users);
    // Everything the first view needs is asked at once: the names, the map's towns, the
    // measures, the lists and the definitions; each part draws when its answers are in.
    const named = loadUsers();
    window.DashMap.prepare();
    window.DashDefs.load();
    await load(named);
  });
  H.on("forget", () => {
    users = {};
    for (const t of document.querySelectorAll("#work table tbody")) {
      t.replaceChildren();
    }
    for (const p of document.querySelectorAll("#work .summary")) {
      p.textContent = "";
    }
    window.DashCharts.clear();
    P.close();
    window.DashAssign.clear();
    delete document.body.dataset.loaded;
  });
})();
