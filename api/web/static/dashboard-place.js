// A repeat place opened from the dashboard's map or table (GET
// /api/v1/measures/repeat-locations/{place}: its calls by month and how its follow-ups
// stand, in counts), the follow-ups a coordinator hands out (the place's, the overdue and
// the flagged, with PATCH /api/v1/follow-ups/{id}), and the definitions on the last page.
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  let rangeOf = () => ({ from: "", to: "" });
  let usersOf = () => ({});
  let opened = "";

  // n shows a count; null is a withheld one ("suppressed": fewer than the threshold, or
  // withheld so that a smaller one cannot be worked out), named as such for every reader.
  const n = (v) => (v == null ? "suppressed" : Number(v).toLocaleString());
  const when = (t) => new Date(t).toLocaleDateString([], { month: "short", day: "numeric", year: "numeric" });

  function qs() {
    const r = rangeOf();
    return "from=" + r.from + "&to=" + r.to;
  }

  // ---- handing follow-ups out ----

  // assignList fills box with the follow-ups (items of placeFollowUp or of the follow-up
  // list; no person is shown) and one control to hand them all to a colleague.
  async function assignList(box, items, what) {
    box.replaceChildren();
    if (!items.length) {
      box.append(H.el("p", "muted", "None " + what + "."));
      return;
    }
    const users = usersOf();
    const ul = H.el("ul", "fu-list");
    const lines = new Map();
    for (const f of items) {
      const li = H.el("li");
      li.dataset.followUp = f.id;
      const attempts = typeof f.attempts === "number" ? f.attempts : (f.attempts || []).length;
      const line = () => "Due " + when(f.due_at) + " · " + (users[f.assignee_id] || "a former colleague") + " · " +
        attempts + (attempts === 1 ? " attempt" : " attempts") + (f.status === "flagged" ? " · flagged" : "");
      li.textContent = line();
      lines.set(f.id, { li, f, line });
      ul.append(li);
    }
    box.append(ul);
    const colleagues = await H.colleagues();
    if (!colleagues || !colleagues.length) {
      box.append(H.el("p", "muted", "No colleague to hand them to."));
      return;
    }
    const row = H.el("div", "hand-row");
    const id = box.id + "-to";
    const label = H.el("label", "", "Hand " + (items.length === 1 ? "it" : "these " + items.length) + " to");
    label.htmlFor = id;
    const sel = H.el("select");
    sel.id = id;
    for (const c of colleagues) {
      sel.append(H.colleagueOption(c));
    }
    const b = H.el("button", "", "Assign");
    b.type = "button";
    const note = H.el("p", "done-note");
    note.setAttribute("role", "status");
    b.addEventListener("click", async () => {
      b.disabled = true;
      let moved = 0;
      const errors = [];
      for (const { li, f, line } of lines.values()) {
        try {
          const g = await H.api("PATCH", "/api/v1/follow-ups/" + f.id, { assignee_id: sel.value }, { "If-Match": '"f' + f.version + '"' });
          f.assignee_id = g.assignee_id;
          f.version = g.version;
          li.textContent = line();
          moved++;
        } catch (e) {
          errors.push(H.failed(e) || e.detail);
        }
      }
      const who = sel.options[sel.selectedIndex].textContent;
      note.textContent = moved + (moved === 1 ? " follow-up" : " follow-ups") + " assigned to " + who + "." +
        (errors.length ? " " + errors.length + " could not be: " + errors[0] : "");
      box.dataset.assigned = String(moved);
      b.disabled = false;
    });
    row.append(H.wrap(label, sel), b);
    box.append(row, note);
  }

  // lists fills the overdue and flagged lists: both asked at once (and the colleagues to
  // hand them to), shown once names are known (named, a promise of them; none: now).
  async function lists(named) {
    const me = H.user();
    const boxes = [["overdue", "due=overdue", "overdue"], ["flagged", "status=flagged", "flagged"]];
    if (!me || me.role !== "coordinator") {
      for (const [id] of boxes) {
        $(id).replaceChildren(H.el("p", "muted", "Follow-ups are handed out by coordinators."));
      }
      return;
    }
    H.colleagues();
    await Promise.all(boxes.map(async ([id, q, what]) => {
      const box = $(id);
      try {
        const r = await H.api("GET", "/api/v1/follow-ups?" + q + "&per_page=100");
        await named;
        await assignList(box, r.items || [], what);
      } catch (e) {
        box.replaceChildren(H.el("p", "muted", "Could not be read: " + (H.failed(e) || e.detail)));
      }
    }));
  }

  // ---- a place ----

  function close() {
    opened = "";
    $("place").hidden = true;
    $("place-assign").replaceChildren();
  }

  async function open(p) {
    if (p.lat == null) {
      return; // its point is withheld with its calls
    }
    const key = window.DashMap.key(p);
    opened = key;
    H.say("Opening the place…");
    try {
      const d = await H.api("GET", "/api/v1/measures/repeat-locations/" + key + "?" + qs());
      if (opened !== key) {
        return;
      }
      $("place").hidden = false;
      $("place").dataset.place = key;
      $("place-h").textContent = "A place in " + (d.town || "an unknown town") + ": " + n(d.calls) + " calls";
      $("place-summary").textContent = "People: " + n(d.people) + ". Calls followed up within the follow-up window: " + n(d.followed_up) + "." +
        (p.institutional ? " An institution (hospital, shelter or police station) is near: its count is inflated by where people are taken." : "");
      const tb = $("place-months").tBodies[0];
      tb.replaceChildren();
      for (const m of d.months) {
        const tr = H.el("tr");
        const th = H.el("th", "", m.month);
        th.scope = "row";
        tr.append(th, H.el("td", "", n(m.calls)), H.el("td", "", n(m.followed_up)));
        tb.append(tr);
      }
      window.DashCharts.draw("place-chart", "bar", d.months.map((m) => m.month), [
        { label: "Calls", data: d.months.map((m) => m.calls) },
        { label: "Followed up", data: d.months.map((m) => m.followed_up) },
      ]);
      const f = d.follow_ups;
      $("place-followups").textContent = "Follow-ups of these calls: " + n(f.total) + " in all; " + n(f.open) + " open (" +
        n(f.overdue) + " overdue), " + n(f.flagged) + " flagged, " + n(f.done) + " done.";
      const box = $("place-assign");
      const me = H.user();
      if (me && me.role === "coordinator") {
        const r = await H.api("GET", "/api/v1/measures/repeat-locations/" + key + "/follow-ups?" + qs());
        await assignList(box, r.items || [], "to do at this place");
      } else {
        box.replaceChildren(H.el("p", "muted", "Follow-ups are handed out by coordinators."));
      }
      $("place-h").focus();
      H.say("");
    } catch (e) {
      H.say("The place could not be opened: " + (H.failed(e) || e.detail));
    }
  }

  $("place-close").addEventListener("click", () => {
    const key = opened;
    close();
    const b = document.querySelector('#places-table button[data-place="' + key + '"]');
    if (b) {
      b.focus();
    }
  });

  // ---- definitions (the metric dictionary: GET /api/v1/measures/definitions) ----

  // loadDefs fills the last page with the dictionary: its edition and suppression rule,
  // then each measure's definition, formulas and suppression.
  async function loadDefs() {
    let r;
    try {
      r = await H.api("GET", "/api/v1/measures/definitions");
    } catch (e) {
      return; // the page keeps its link to /dashboard/definitions
    }
    if (!r || !Array.isArray(r.measures)) {
      return;
    }
    const out = [H.el("p", "", "Metric dictionary, edition " + r.version + (r.threshold > 1 ? "; suppression threshold " + r.threshold + "." : "."))];
    const rules = H.el("ul", "rules");
    for (const s of r.suppression || []) {
      rules.append(H.el("li", "", s));
    }
    out.push(rules);
    const dl = H.el("dl");
    for (const d of r.measures) {
      const dt = H.el("dt", "", d.name);
      dt.dataset.measure = d.id;
      dl.append(dt, H.el("dd", "", d.definition));
      for (const f of d.formulas || []) {
        dl.append(H.el("dd", "formula", f));
      }
      dl.append(H.el("dd", "", "Suppression: " + d.suppression));
    }
    out.push(dl);
    $("defs-list").replaceChildren(...out);
  }

  window.DashPlace = { open, close, n, setRange: (r, u) => { rangeOf = r; usersOf = u; } };
  window.DashAssign = { lists, clear: () => { for (const id of ["overdue", "flagged", "place-assign"]) $(id).replaceChildren(); } };
  window.DashDefs = { load: loadDefs };
})();
