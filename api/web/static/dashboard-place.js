// A repeat place opened from the dashboard's map or table (GET
// /api/v1/measures/repeat-locations/{place}: its calls by month and how its follow-ups
// stand, in counts), the follow-ups a coordinator hands out (the place's, the overdue and
// the flagged, with PATCH /api/v1/follow-ups/{id}), and the definitions on the last page.
"use strict";

(function () {
  const H = window.Handoff;
  const { t, date, num } = window.HandoffI18n; // i18n.js, loaded first
  const $ = H.$;
  let rangeOf = () => ({ from: "", to: "" });
  let usersOf = () => ({});
  let opened = "";

  // n shows a count; null is a withheld one ("suppressed": fewer than the threshold, or
  // withheld so that a smaller one cannot be worked out), named as such for every reader.
  const n = (v) => (v == null ? t("dashboard.suppressed") : num(Number(v)));
  const when = (s) => date(new Date(s), { month: "short", day: "numeric", year: "numeric" });

  // month names a measure's month ("2026-11") as the page's language writes it.
  function month(key) {
    const m = /^(\d{4})-(\d{2})$/.exec(key || "");
    return m ? date(new Date(Number(m[1]), Number(m[2]) - 1, 1), { month: "short", year: "numeric" }) : key;
  }

  // name is a proper name (a colleague, a town, an agency) that is never translated.
  function name(text) {
    const s = H.el("span", "", text);
    s.setAttribute("translate", "no");
    return s;
  }

  // fillIn is a catalog message whose {slot} is a node (a name): the text around it, and
  // the node between. The message's other placeholders are filled by t.
  function fillIn(key, vars, slot, node) {
    const [before, after] = t(key, vars).split("{" + slot + "}");
    return after === undefined ? [before] : [before, node, after];
  }

  function qs() {
    const r = rangeOf();
    return "from=" + r.from + "&to=" + r.to;
  }

  // ---- handing follow-ups out ----

  // NONE says an empty list of follow-ups: what = overdue, flagged, or place (its own).
  const NONE = { overdue: t("dashboard.assign.none_overdue"), flagged: t("dashboard.assign.none_flagged"),
    place: t("dashboard.assign.none_place") };

  // assignList fills box with the follow-ups (items of placeFollowUp or of the follow-up
  // list; no person is shown) and one control to hand them all to a colleague.
  async function assignList(box, items, what) {
    box.replaceChildren();
    if (!items.length) {
      box.append(H.el("p", "muted", NONE[what]));
      return;
    }
    const users = usersOf();
    const ul = H.el("ul", "fu-list");
    const lines = new Map();
    for (const f of items) {
      const li = H.el("li");
      li.dataset.followUp = f.id;
      const attempts = typeof f.attempts === "number" ? f.attempts : (f.attempts || []).length;
      // "Due Dec 5 · Casey · 2 attempts · flagged": the colleague's name is a name.
      const line = () => {
        const parts = [t("dashboard.assign.due", { date: when(f.due_at) }), " · ",
          users[f.assignee_id] ? name(users[f.assignee_id]) : t("dashboard.assign.former"), " · ",
          t("dashboard.assign.attempts", { count: attempts })];
        if (f.status === "flagged") {
          parts.push(" · ", t("dashboard.assign.flagged"));
        }
        li.replaceChildren(...parts);
      };
      line();
      lines.set(f.id, { li, f, line });
      ul.append(li);
    }
    box.append(ul);
    const colleagues = await H.colleagues();
    if (!colleagues || !colleagues.length) {
      box.append(H.el("p", "muted", t("dashboard.assign.no_colleague")));
      return;
    }
    const row = H.el("div", "hand-row");
    const id = box.id + "-to";
    const label = H.el("label", "", t("dashboard.assign.hand_to", { count: items.length }));
    label.htmlFor = id;
    const sel = H.el("select");
    sel.id = id;
    for (const c of colleagues) {
      sel.append(H.colleagueOption(c));
    }
    const b = H.el("button", "", t("dashboard.assign.assign"));
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
          line();
          moved++;
        } catch (e) {
          errors.push(H.failed(e) || e.detail);
        }
      }
      // The colleague by name (the list's option adds the account's role).
      const to = colleagues.find((c) => c.id === sel.value);
      const who = name(to ? to.name : sel.options[sel.selectedIndex].textContent);
      note.replaceChildren(...fillIn("dashboard.assign.assigned", { count: moved }, "who", who));
      if (errors.length) {
        note.append(" " + t("dashboard.assign.not_assigned", { count: errors.length, detail: errors[0] }));
      }
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
        $(id).replaceChildren(H.el("p", "muted", t("dashboard.assign.coordinators")));
      }
      return;
    }
    H.colleagues();
    await Promise.all(boxes.map(async ([id, q, what]) => {
      const box = $(id);
      try {
        const r = await H.api("GET", "/api/v1/follow-ups?" + q + "&view=brief&per_page=100");
        await named;
        await assignList(box, r.items || [], what);
      } catch (e) {
        box.replaceChildren(H.el("p", "muted", t("dashboard.unreadable", { detail: H.failed(e) || e.detail })));
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
    H.say(t("dashboard.place.opening"));
    try {
      const d = await H.api("GET", "/api/v1/measures/repeat-locations/" + key + "?" + qs());
      if (opened !== key) {
        return;
      }
      $("place").hidden = false;
      $("place").dataset.place = key;
      const town = d.town ? name(d.town) : t("dashboard.place.unknown_town");
      $("place-h").replaceChildren(...fillIn("dashboard.place.heading", { calls: n(d.calls), count: d.calls == null ? 0 : d.calls }, "town", town));
      $("place-summary").textContent = t("dashboard.place.summary", { people: n(d.people), followed_up: n(d.followed_up) }) +
        (p.institutional ? " " + t("dashboard.place.institution_note") : "");
      const tb = $("place-months").tBodies[0];
      tb.replaceChildren();
      for (const m of d.months) {
        const tr = H.el("tr");
        const th = H.el("th", "", month(m.month));
        th.scope = "row";
        tr.append(th, H.el("td", "", n(m.calls)), H.el("td", "", n(m.followed_up)));
        tb.append(tr);
      }
      window.DashCharts.draw("place-chart", "bar", d.months.map((m) => month(m.month)), [
        { label: t("dashboard.col.calls"), data: d.months.map((m) => m.calls) },
        { label: t("dashboard.col.followed_up"), data: d.months.map((m) => m.followed_up) },
      ]);
      const f = d.follow_ups;
      $("place-followups").textContent = t("dashboard.place.followups", { total: n(f.total), open: n(f.open), overdue: n(f.overdue),
        flagged: n(f.flagged), done: n(f.done) });
      const box = $("place-assign");
      const me = H.user();
      if (me && me.role === "coordinator") {
        const r = await H.api("GET", "/api/v1/measures/repeat-locations/" + key + "/follow-ups?" + qs());
        await assignList(box, r.items || [], "place");
      } else {
        box.replaceChildren(H.el("p", "muted", t("dashboard.assign.coordinators")));
      }
      $("place-h").focus();
      H.say("");
    } catch (e) {
      H.say(t("dashboard.place.failed", { detail: H.failed(e) || e.detail }));
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
  // then each measure's definition, formulas and suppression. Their words are the API's
  // (care/measures/definitions.go, in the language the server speaks): each stands in an
  // element of class "dict", apart from the page's own words.
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
    const edition = H.el("p", "", r.threshold > 1 ? t("dashboard.defs.edition_threshold", { version: r.version, threshold: r.threshold })
      : t("dashboard.defs.edition", { version: r.version }));
    const out = [edition];
    const rules = H.el("ul", "rules dict");
    for (const s of r.suppression || []) {
      rules.append(H.el("li", "", s));
    }
    out.push(rules);
    const dl = H.el("dl");
    for (const d of r.measures) {
      const dt = H.el("dt", "dict", d.name);
      dt.dataset.measure = d.id;
      dl.append(dt, H.el("dd", "dict", d.definition));
      for (const f of d.formulas || []) {
        dl.append(H.el("dd", "formula dict", f));
      }
      const sup = H.el("dd");
      sup.append(t("dashboard.defs.suppression") + " ", H.el("span", "dict", d.suppression));
      dl.append(sup);
    }
    out.push(dl);
    $("defs-list").replaceChildren(...out);
  }

  window.DashPlace = { open, close, n, month, name, fillIn, setRange: (r, u) => { rangeOf = r; usersOf = u; } };
  window.DashAssign = { lists, clear: () => { for (const id of ["overdue", "flagged", "place-assign"]) $(id).replaceChildren(); } };
  window.DashDefs = { load: loadDefs };
})();
