// The coordinators' dashboard (/dashboard) and its printable report (/dashboard/report):
// the program's measures over a range of days, from the measure routes
// (/api/v1/measures/…, coordinators and admins), each as a table with its chart or map
// beside it, and the follow-ups a coordinator may hand out (dashboard-assign.js).
// Nothing personal is shown: the measures are counts, de-identified on the server under
// one rule (care/measures/deid): a withheld count is null in the JSON (and named in its
// row's "suppressed" list) and reads "suppressed" here; each answer says its threshold
// (suppression.threshold). The range is in the page's URL (dates are not personal).
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const report = location.pathname === "/dashboard/report";
  let users = {}; // user id → name, for the per-peer table and assignees
  let range = { from: "", to: "" };
  let loading = 0;

  // ---- the range ----

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

  function qs(extra) {
    return "from=" + range.from + "&to=" + range.to + (extra ? "&" + extra : "");
  }

  function setLinks() {
    $("report-link").href = "/dashboard/report?" + qs();
    for (const a of document.querySelectorAll("a.csv")) {
      a.href = "/api/v1/measures/" + a.dataset.measure + "?" + qs("format=csv");
      a.setAttribute("download", "");
      // The name holds the link's own words (WCAG 2.5.3): "Download Referrals Completion CSV".
      a.setAttribute("aria-label", "Download " + a.closest("section").querySelector("h3").textContent + " " + a.textContent);
    }
    $("report-period").textContent = "Period: " + longDay(range.from) + " to " + longDay(range.to) + " (inclusive).";
  }

  function longDay(s) {
    const [y, m, d] = s.split("-").map(Number);
    return new Date(y, m - 1, d).toLocaleDateString([], { year: "numeric", month: "long", day: "numeric" });
  }

  // ---- formatting ----

  // n shows a count; null is a withheld one (small, or withheld so that a small one
  // cannot be worked out from a total).
  const n = (v) => window.DashPlace.n(v);

  // note says the rule the answers were suppressed under.
  function note(r) {
    const min = r && r.suppression ? r.suppression.threshold : 0;
    $("suppression-note").textContent = min > 1
      ? "Counts from 1 to " + (min - 1) + " about the people served are suppressed (fewer than " + min + "), and so is any count " +
        "that would let one be worked out from a total; a rate only when both its counts are " + min + " or more. Staff workload is not suppressed."
      : "Small-cell suppression is off on this server: every count is shown. Do not publish these figures.";
  }

  // num shows a figure that is not a count (a mean, a median), or a dash for none.
  function num(x) {
    return x == null ? "—" : String(x);
  }

  function pct(r) {
    return r == null ? "—" : (r * 100).toFixed(1).replace(/\.0$/, "") + "%";
  }

  function hours(h) {
    if (h == null) {
      return "—";
    }
    return h < 48 ? h.toFixed(1).replace(/\.0$/, "") + " h" : (h / 24).toFixed(1).replace(/\.0$/, "") + " days";
  }

  function day(t) {
    return t ? new Date(t).toLocaleDateString([], { year: "numeric", month: "short", day: "numeric" }) : "—";
  }

  // fill replaces a table's body with rows of cells (strings, or nodes); the first cell
  // of each row is its header.
  function fill(id, rows, empty) {
    const tb = $(id).tBodies[0];
    tb.replaceChildren();
    if (!rows.length) {
      const tr = H.el("tr");
      const td = H.el("td", "muted", empty || "Nothing in this period.");
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
        if (c instanceof Node) {
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
    return users[id] || "Former colleague";
  }

  // ---- the measures ----

  function renderRepeat(r) {
    $("repeat-summary").textContent = n(r.calls) + " behavioral-health 911 calls placed exactly; " + n(r.repeat_calls) +
      " of them came from " + n(r.places_total) + (r.places_total === 1 ? " place with " : " places with ") + r.min_calls + " or more calls (calls within " +
      r.radius_m + " m are one place).";
    window.DashMap.show(r.places, (p) => window.DashPlace.open(p));
    fill("places-table", r.places.map((p) => {
      const b = H.el("button", "quiet", "Open");
      b.type = "button";
      b.disabled = p.lat == null; // a place's point is withheld with its calls
      b.setAttribute("aria-label", p.lat == null ? "Open: not possible, the place's calls are suppressed"
        : "Open the place in " + (p.town || "an unknown town") + ", " + p.calls + " calls");
      b.dataset.place = p.lat == null ? "" : window.DashMap.key(p);
      b.addEventListener("click", () => window.DashPlace.open(p));
      const town = p.town == null ? "(place suppressed)" : p.town || "—";
      return [town + (p.institutional ? " (institution)" : ""), n(p.calls), n(p.people), n(p.followed_up), day(p.last_call), b];
    }), "No place had repeat calls in this period.");
    fill("buckets-table", (r.buckets || []).map((b) => [b.calls_per_place, n(b.places), n(b.calls)]));
  }

  function renderShifts(r) {
    const p = r.program;
    $("shifts-summary").textContent = n(p.shifts) + (p.shifts === 1 ? " shift; " : " shifts; ") + num(p.interactions_mean) +
      " interactions per shift on average (median " + num(p.interactions_median) + "): " + n(p.encounters_total) + " encounters and " +
      n(p.follow_up_attempts_total) + " follow-up contacts.";
    const peers = r.peers.slice().sort((a, b) => nameOf(a.user_id).localeCompare(nameOf(b.user_id)));
    fill("peers-table", peers.map((x) => [nameOf(x.user_id), n(x.shifts), n(x.encounters_total), n(x.follow_up_attempts_total),
      num(x.interactions_mean), num(x.interactions_median)]), "No shifts in this period.");
    // The distribution over shifts: how many shifts had 0, 1, 2 … interactions.
    const bins = ["0", "1", "2", "3", "4", "5", "6–9", "10 or more"];
    const counts = bins.map(() => 0);
    for (const s of r.shifts || []) {
      const k = s.interactions;
      counts[k <= 5 ? k : k <= 9 ? 6 : 7]++;
    }
    fill("dist-table", bins.map((b, i) => [b, String(counts[i])]));
    window.DashCharts.draw("shifts-chart", "bar", bins, [{ label: "Shifts", data: counts }],
      { plugins: { legend: { display: false } } });
  }

  function renderDiversions(r) {
    const t = r.total;
    $("div-summary").textContent = n(t.encounters) + " encounters: " + n(t.ed_diverted) + " diverted from the emergency department (" +
      pct(t.ed_rate) + "), " + n(t.arrest_diverted) + " from arrest (" + pct(t.arrest_rate) + "), " + n(t.both) + " from both (" + pct(t.both_rate) + ").";
    const months = r.by_month || [];
    fill("div-table", months.map((m) => [m.key, n(m.encounters), n(m.ed_diverted), n(m.arrest_diverted), n(m.both), pct(m.ed_rate), pct(m.arrest_rate)]));
    window.DashCharts.draw("div-chart", "line", months.map((m) => m.key), [
      { label: "ED diverted", data: months.map((m) => m.ed_diverted) },
      { label: "Arrest diverted", data: months.map((m) => m.arrest_diverted) },
      { label: "Both", data: months.map((m) => m.both) },
    ]);
  }

  function renderFunnel(r) {
    const t = r.total;
    $("ref-summary").textContent = n(t.referrals) + " referrals made; " + n(t.sent) + " sent, " + n(t.accepted) + " accepted (" +
      pct(t.accept_rate) + "), " + n(t.completed) + " completed with help (" + pct(t.complete_rate) + " of those accepted). Time to accept: median " +
      hours(t.to_accept_median_hours) + ", 90th percentile " + hours(t.to_accept_p90_hours) + "; to complete: median " +
      hours(t.to_complete_median_hours) + ", 90th percentile " + hours(t.to_complete_p90_hours) + ".";
    const stages = [["Sent", t.sent], ["Accepted", t.accepted], ["Completed with help", t.completed], ["Failed", t.failed],
      ["Rejected", t.rejected], ["Cancelled", t.cancelled], ["Closed otherwise", t.closed_other], ["Still open", t.open]];
    fill("funnel-table", stages.map(([s, v]) => [s, n(v)]));
    window.DashCharts.draw("funnel-chart", "bar", stages.map((s) => s[0]), [{ label: "Referrals", data: stages.map((s) => s[1]) }],
      { indexAxis: "y", plugins: { legend: { display: false } }, scales: { x: { beginAtZero: true, ticks: { precision: 0 } } } });
    const cols = ["Sent", "Accepted", "Completed", "Failed", "Accept rate", "Completion rate", "Accept: median", "Accept: 90th pct", "Complete: median", "Complete: 90th pct"];
    const row = (g, label) => [label, n(g.sent), n(g.accepted), n(g.completed), n(g.failed), pct(g.accept_rate), pct(g.complete_rate),
      hours(g.to_accept_median_hours), hours(g.to_accept_p90_hours), hours(g.to_complete_median_hours), hours(g.to_complete_p90_hours)];
    head("agency-table", ["Agency"].concat(cols));
    fill("agency-table", r.by_agency.map((g) => row(g, g.name || g.key)));
    head("need-table", ["Need"].concat(cols));
    fill("need-table", r.by_need.map((g) => row(g, g.key)));
    fill("outcome-table", r.outcomes.map((o) => [o.outcome, n(o.count)]));
  }

  function renderReach(r) {
    $("fu-summary").textContent = n(r.encounters) + " encounters got a follow-up. Now: " + n(r.open) + " open, " + n(r.overdue) +
      " overdue, " + n(r.flagged) + " flagged, " + n(r.done) + " done.";
    fill("fu-table", [["24 hours", n(r.reached_24h), pct(r.rate_24h)], ["48 hours", n(r.reached_48h), pct(r.rate_48h)],
      ["At any time", n(r.reached), pct(r.rate_reached)]]);
  }

  function renderGaps(r) {
    $("gaps-summary").textContent = n(r.searches) + (r.searches === 1 ? " search" : " searches") +
      " found nothing, or nothing open. Only the need, filters, town and words of the directory's vocabulary are kept.";
    // Filters and words come as "word:count; word:count".
    const words = (s) => (s || "").split("; ").filter(Boolean).map((wc) => {
      const i = wc.lastIndexOf(":");
      const count = Number(wc.slice(i + 1));
      return wc.slice(0, i) + (count > 1 ? " (" + count + ")" : "");
    }).join(", ") || "—";
    fill("gaps-table", r.groups.map((g) => [g.need === "(any)" ? "any need" : g.need, g.town === "(no town)" ? "no town given" : g.town,
      n(g.searches), n(g.nothing_found), n(g.nothing_open), words(g.filters), words(g.words)]), "No search came back empty in this period.");
  }

  // fail puts a measure's error in its summary line, so that one failing measure does not
  // hide the others.
  function fail(summary, e) {
    const msg = H.failed(e);
    if (msg) {
      $(summary).textContent = "Could not be read: " + msg;
    }
  }

  // load asks every measure of the range at once and shows each as it comes; named is a
  // promise of the colleagues' names (loadUsers), asked beside them on the first load.
  async function load(named) {
    const mine = ++loading;
    setLinks();
    H.say("Loading the measures…");
    window.DashPlace.close();
    const get = (m, extra) => H.api("GET", "/api/v1/measures/" + m + "?" + qs(extra));
    const parts = [
      ["repeat-summary", get("repeat-locations", "limit=200"), renderRepeat],
      ["shifts-summary", get("interactions-per-shift"), renderShifts],
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
    H.say(failed ? failed + " measures could not be read." : "Measures from " + longDay(range.from) + " to " + longDay(range.to) + ".");
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
      H.say("The start must be on or before the end.");
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
    $("title").textContent = report ? "Program report" : "Program dashboard";
    range = initialRange();
    $("from").value = range.from;
    $("to").value = range.to;
    window.DashPlace.setRange(() => range, () => users);
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
    window.DashPlace.close();
    window.DashAssign.clear();
    delete document.body.dataset.loaded;
  });
})();
