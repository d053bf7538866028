// The agency portal (/agency), its listings: the organization's services from
// GET /api/v1/agency/listings, the most in need first, each with its freshness, its beds
// (− / + then Save: PATCH /api/v1/services/{id}/capacities/{cid}, two taps), "Still
// correct" (POST .../verifications, method self-confirm) and its no-login update link
// (make, show once, rotate, revoke: .../update-links). The referrals inbox is
// agency-referrals.js, which reads the words and the listings' names from here. Every
// word comes from the catalog (HandoffI18n), codes by code: a listing's needs, its bed
// status and its units.
"use strict";

window.HandoffAgency = (function () {
  const H = window.Handoff;
  const $ = H.$;
  const { t, has } = window.HandoffI18n; // i18n.js, loaded before
  let data = null; // the last answer of GET /api/v1/agency/listings
  let loading = null; // the first load after sign-in, as a promise

  // ago says how long ago an RFC 3339 time was, in words: "40 min ago", "3 days ago".
  function ago(iso) {
    const at = Date.parse(iso);
    if (isNaN(at)) {
      return "";
    }
    const m = Math.max(0, Math.floor((Date.now() - at) / 60000));
    if (m < 1) {
      return t("pub.card.just_now");
    }
    if (m < 60) {
      return t("pub.card.min_ago", { count: m });
    }
    const h = Math.floor(m / 60);
    if (h < 48) {
      return t("agency.hours_ago", { count: h });
    }
    return t("pub.card.days_ago", { count: Math.floor(h / 24) });
  }

  // plural names a unit for a count of n: the catalog's word for a unit it knows ("beds",
  // "camas"), else the listing's own word, made plural the English way.
  function plural(unit, n) {
    for (const k of ["pub.unit." + unit, "agency.unit." + unit]) {
      if (has(k)) {
        return t(k, { count: n });
      }
    }
    return n === 1 || /s$/.test(unit) ? unit : unit + "s";
  }

  function confirmedText(l) {
    return l.last_confirmed ? t("agency.confirmed", { ago: ago(l.last_confirmed) }) : t("agency.never_confirmed");
  }

  // figureAge is a figure's freshness: "beds updated 40 min ago", or, past its
  // time-to-live, "unknown — 3 beds 2 days ago", as search shows it.
  function figureAge(f) {
    const units = plural(f.unit_name, 2);
    if (!f.updated) {
      return t("agency.fig.never", { units });
    }
    if (!f.current) {
      return f.available === undefined ? t("agency.fig.unknown", { ago: ago(f.updated) })
        : t("agency.fig.unknown_n", { count: f.available, units: plural(f.unit_name, f.available), ago: ago(f.updated) });
    }
    return t("agency.fig.updated", { units, ago: ago(f.updated) });
  }

  // statusWords is a handoff:capacity_status code in words ("Has capacity").
  const statusWords = (w) => (has("agency.capacity." + w.code) ? t("agency.capacity." + w.code) : w.label);

  function statusOptions(select, current) {
    const none = H.el("option", "", t("agency.status_unsaid"));
    none.value = "";
    select.append(none);
    for (const w of data.words.capacity_statuses) {
      const o = H.el("option", "", statusWords(w));
      o.value = w.code;
      o.selected = w.code === current;
      select.append(o);
    }
  }

  // figure is one capacity figure: the count with − and +, Save, and the maximum and
  // status behind "Maximum and status".
  function figure(l, f, first) {
    const box = H.el("div", "fig");
    box.dataset.capacity = f.id;
    const key = l.id + "-" + f.id;
    const unit = f.unit_name;
    const head = H.el("p", "fig-h", t("agency.fig.free", { units: plural(unit, 2) }).replace(/^./, (c) => c.toUpperCase()));
    head.id = "fig-" + key;
    let count = f.available === undefined ? 0 : f.available;
    const out = H.el("output", "avail", f.available === undefined ? "–" : String(count));
    out.setAttribute("aria-live", "polite");
    out.setAttribute("aria-labelledby", head.id);
    const minus = H.el("button", "step minus", "−");
    const plus = H.el("button", "step plus", "+");
    const save = H.el("button", "save", t("agency.save"));
    minus.type = plus.type = save.type = "button";
    minus.setAttribute("aria-label", t("agency.fig.minus", { unit: plural(unit, 1) }));
    plus.setAttribute("aria-label", t("agency.fig.plus", { unit: plural(unit, 1) }));
    save.setAttribute("aria-label", t("agency.fig.save", { units: plural(unit, 2), name: l.name }));
    const steps = () => {
      minus.disabled = count <= 0;
      plus.disabled = f.maximum !== undefined && maxIn.value === String(f.maximum) && count >= f.maximum;
    };
    const set = (n) => {
      count = n;
      out.value = String(n);
      box.dataset.dirty = String(n !== f.available);
      steps();
    };
    minus.addEventListener("click", () => set(Math.max(0, count - 1)));
    plus.addEventListener("click", () => set(count + 1));
    const row = H.el("div", "stepper");
    row.append(minus, out, plus, save);
    const of = H.el("p", "of", (f.maximum !== undefined ? t("agency.fig.of", { maximum: f.maximum, units: plural(unit, f.maximum) }) + " · " : "") + figureAge(f));
    of.dataset.current = String(!!f.current);

    const more = H.el("details", "more");
    more.append(H.el("summary", "", t("agency.fig.more")));
    const maxIn = H.el("input", "max");
    maxIn.type = "number";
    maxIn.min = "0";
    maxIn.step = "1";
    maxIn.inputMode = "numeric";
    maxIn.id = "max-" + key;
    maxIn.value = f.maximum === undefined ? "" : String(f.maximum);
    const maxL = H.el("label", "", t("agency.fig.maximum", { units: plural(unit, 2) }));
    maxL.htmlFor = maxIn.id;
    more.append(maxL, maxIn);
    let st = null;
    if (first) {
      st = H.el("select", "st");
      st.id = "st-" + key;
      statusOptions(st, l.capacity_status || "");
      const stL = H.el("label", "", t("agency.fig.status"));
      stL.htmlFor = st.id;
      more.append(stL, st, H.el("p", "hint", t("agency.fig.status_hint", { unit: plural(unit, 1) })));
    }
    maxIn.addEventListener("input", steps);
    const note = H.el("p", "fig-note");
    note.setAttribute("role", "status");
    const err = H.el("p", "field-error");
    err.hidden = true;
    save.addEventListener("click", () => {
      const body = {};
      if (count !== f.available) {
        body.available = count;
      }
      const mx = maxIn.value.trim();
      if (mx !== (f.maximum === undefined ? "" : String(f.maximum))) {
        body.maximum = mx === "" ? NaN : Number(mx);
      }
      if (st && st.value !== (l.capacity_status || "") && st.value !== "") {
        body.status = st.value;
      }
      saveFigure(l, f, body, save, note, err);
    });
    steps();
    box.append(head, row, of, more, note, err);
    return box;
  }

  // The fields of a figure the API may refuse, by name: agency.field.available …
  const FIGURE_FIELDS = ["available", "maximum", "status"];

  async function saveFigure(l, f, body, button, note, err) {
    err.hidden = true;
    if (!Object.keys(body).length) {
      note.textContent = t("agency.nothing_changed");
      return;
    }
    if ("maximum" in body && !(Number.isInteger(body.maximum) && body.maximum >= 0)) {
      err.textContent = t("agency.maximum_whole");
      err.hidden = false;
      return;
    }
    button.disabled = true;
    try {
      await H.api("PATCH", "/api/v1/services/" + l.id + "/capacities/" + encodeURIComponent(f.id), body, { "if-match": l.etag }); // a header, in any case
      const n = "available" in body ? body.available : f.available;
      await load(l.id + "|" + f.id);
      H.say(n === undefined ? t("agency.saved", { name: l.name })
        : t("agency.saved_n", { count: n, units: plural(f.unit_name, n), name: l.name }));
    } catch (e) {
      button.disabled = false;
      if (e.status === 412) {
        await load(l.id + "|" + f.id);
        H.say(t("agency.changed", { name: l.name }));
        return;
      }
      const fields = (e.body && e.body.errors) || [];
      // The API names a field by its path ("capacities[0].available"); staff read words.
      const named = (x) => {
        const name = String(x.field).split(".").pop();
        return (FIGURE_FIELDS.includes(name) ? t("agency.field." + name) : x.field) + " " + x.message;
      };
      err.textContent = H.failed(e) && (fields.length ? fields.map(named).join("; ") + "." : e.detail);
      err.hidden = !err.textContent;
    }
  }

  async function confirmListing(l, button, note) {
    button.disabled = true;
    try {
      await H.api("POST", "/api/v1/services/" + l.id + "/verifications", { method: "self-confirm", result: "confirmed" });
      note.textContent = t("agency.confirmed_today");
      const li = note.closest("li");
      li.dataset.confirmed = "true";
      const fresh = li.querySelector(".fresh");
      fresh.textContent = t("agency.confirmed", { ago: t("pub.card.just_now") });
      fresh.dataset.due = "false";
    } catch (e) {
      note.textContent = H.failed(e);
    } finally {
      button.disabled = false;
    }
  }

  function listing(l) {
    const li = H.el("li", "listing");
    li.dataset.service = l.id;
    li.dataset.needs = (l.attention || []).map((a) => a.code).join(" ");
    const h = H.el("h3", "", l.name);
    h.id = "svc-" + l.id;
    h.tabIndex = -1;
    h.translate = false; // a name
    li.append(h);
    if (l.crisis) {
      li.append(H.el("span", "badge crisis", t("agency.crisis")));
    }
    if (l.locations.length) {
      const where = H.el("p", "where", l.locations.map((x) => [x.name, x.address].filter(Boolean).join(" — ")).join("; "));
      where.translate = false;
      li.append(where);
    }
    // The confirmation's age is the line under the name; the list says the rest.
    const due = (l.attention || []).find((a) => a.code === "never-confirmed" || a.code === "confirmation-due");
    const fresh = H.el("p", "fresh", due && due.code === "confirmation-due" ? t("agency.due", { confirmed: confirmedText(l) }) : confirmedText(l));
    fresh.dataset.due = String(!!due);
    li.append(fresh);
    const rest = (l.attention || []).filter((a) => a !== due);
    if (rest.length) {
      const ul = H.el("ul", "needs");
      ul.setAttribute("aria-label", t("agency.needs_you"));
      for (const a of rest) {
        const item = H.el("li");
        item.dataset.code = a.code;
        // The need in the page's words, by its code; the API's English if the catalog has none.
        const text = has("agency.attention." + a.code) ? t("agency.attention." + a.code, { count: a.count || 0 }) : a.text;
        if (a.code === "new-referrals") {
          const go = H.el("a", "", text);
          go.href = "#inbox-h";
          item.append(go);
        } else {
          item.textContent = text;
        }
        ul.append(item);
      }
      li.append(ul);
    }
    if (l.capacities.length) {
      l.capacities.forEach((f, i) => li.append(figure(l, f, i === 0)));
    } else {
      li.append(H.el("p", "muted", t("agency.no_count")));
    }
    const note = H.el("p", "done-note");
    note.setAttribute("role", "status");
    const still = H.el("button", "still", t("agency.still_correct"));
    still.type = "button";
    still.setAttribute("aria-describedby", h.id);
    still.addEventListener("click", () => confirmListing(l, still, note));
    const actions = H.el("div", "actions");
    const edit = H.el("a", "", t("agency.edit"));
    edit.href = "/agency/edit?service=" + encodeURIComponent(l.id);
    const hist = H.el("a", "", t("agency.history"));
    hist.href = "/agency/history?service=" + encodeURIComponent(l.id);
    actions.append(still, edit, hist);
    li.append(actions, note, window.HandoffAgencyLinks.section(l));
    return li;
  }

  // load asks for the listings and shows them; focusKey ("service|figure") is the
  // figure whose Save gets the focus back after a reload.
  async function load(focusKey) {
    const list = $("listings");
    try {
      data = await H.api("GET", "/api/v1/agency/listings");
    } catch (e) {
      H.failed(e);
      return;
    }
    $("org-name").textContent = data.organization.name || t("agency.your_org");
    $("org-name").translate = !data.organization.name; // a name stays as it is
    list.replaceChildren(...data.items.map(listing));
    $("no-listings").hidden = data.items.length > 0;
    if (focusKey) {
      const [svc, cap] = focusKey.split("|");
      const b = list.querySelector('li[data-service="' + svc + '"] .fig[data-capacity="' + CSS.escape(cap) + '"] .save');
      if (b) {
        b.focus();
      }
    }
  }

  // Registered before the inbox's: loading is set when the inbox asks for it.
  H.on("signedin", () => (loading = load()));
  H.on("forget", () => {
    data = null;
    loading = null;
    $("listings").replaceChildren();
    $("org-name").textContent = t("agency.your_org");
    $("org-name").translate = true;
  });

  return {
    ago,
    plural,
    // words answers the API's plain words, once the listings are in.
    words: () => (data ? data.words : null),
    serviceName: (id) => {
      const l = data && data.items.find((x) => x.id === id);
      return l ? l.name : t("agency.a_service");
    },
    reload: () => load(),
    // organization answers the id of the signed-in staff's organization, once loaded.
    organization: () => (data && data.organization ? data.organization.id : ""),
    // loaded answers the first load after sign-in, for the inbox, which needs the words.
    loaded: () => loading || Promise.resolve(),
  };
})();
