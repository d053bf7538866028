// The home page: find services near the person with GET /api/v1/search.
//
// Why it is built this way:
// - Peers and clinicians use it on a phone in the field, often on a weak signal: one request
//   per search, nothing from any origin but this server (the CSP forbids it anyway), no
//   framework, no inline script or style.
// - The search lives in the address bar, with the API's own parameter names, so that a peer
//   can share a link and Back undoes the last change.
// - Whatever the server sends is put in the page as text (textContent), never as HTML.
"use strict";
(function () {
  const $ = (id) => document.getElementById(id);
  const { el, LEVELS, levelLabel, card } = window.HandoffCards; // cards.js, loaded first
  const { t, date } = window.HandoffI18n; // i18n.js, loaded before both
  const main = $("main"), form = $("search"), statusLine = $("status"), planLine = $("plan"),
    problemBox = $("problem"), list = $("results"), moreButton = $("more");

  const PER_PAGE = 20;
  const MAX_PAGES_AT_ONCE = 5; // a shared link's page=N loads in one request; the API allows 100 a page
  const TIMEOUT_MS = 15000; // a phone on one bar of signal should hear that it failed, not wait for ever
  const DEBOUNCE_MS = 250; // ticking two filters in a row makes one request and one history entry
  const FLAGS = ["open_now", "free", "walk_in", "available"];
  // The parameters the page keeps in its URL and passes on to the API.
  const KEYS = ["q", "near", "lat", "lon", "radius_km", "need", "level_of_care", "language", "age",
    "sort", "at", "page"].concat(FLAGS);

  let inflight = null; // the AbortController of the request in flight: a newer search cancels it
  let debounce = 0;
  let current = new URLSearchParams(); // the search the results on screen answer
  let located = null; // the accuracy in metres of the position "Use my location" gave

  // ---- the form and the URL ----

  for (const code of LEVELS) addOption($("level_of_care"), code, levelLabel(code));
  for (const id of ["need", "level_of_care"]) {
    for (const o of $(id).options) o.dataset.label = o.textContent;
  }

  function addOption(select, value, label) {
    const o = new Option(label, value);
    o.dataset.label = label;
    select.add(o);
    return o;
  }

  // setSelect chooses a value, adding it when a shared link carries one the list lacks
  // (a radius of 7 km, a level of care from an imported directory).
  function setSelect(id, value) {
    const s = $(id);
    if (value && ![...s.options].some((o) => o.value === value)) addOption(s, value, label(id, value));
    s.value = value;
  }

  function label(id, code) {
    if (id === "radius_km") return window.HandoffI18n.num(Number(code), { style: "unit", unit: "kilometer" });
    if (id === "level_of_care") return levelLabel(code);
    return code;
  }

  // formParams reads the form as URL parameters, leaving out what is empty.
  function formParams() {
    const p = new URLSearchParams();
    const v = (id) => $(id).value.trim();
    if (v("q")) p.set("q", v("q"));
    if (v("near")) p.set("near", v("near"));
    else if (v("lat") && v("lon")) { p.set("lat", v("lat")); p.set("lon", v("lon")); }
    // The radius means nothing without a place; leaving it out keeps shared links short.
    if (p.has("near") || p.has("lat")) p.set("radius_km", v("radius_km"));
    for (const id of ["need", "level_of_care", "age", "sort"]) if (v(id)) p.set(id, v(id));
    for (const c of form.querySelectorAll("input[name=language]:checked")) p.append("language", c.value);
    for (const f of FLAGS) if ($(f).checked) p.set(f, "true");
    const at = $("at");
    if (at.value) {
      // Keep the link's own spelling of the time while the field still shows it; otherwise
      // the local time typed becomes an instant the server can read.
      if (at.value === at.dataset.shown) p.set("at", at.dataset.raw);
      else { const d = new Date(at.value); if (!isNaN(d)) p.set("at", d.toISOString().replace(/\.\d+Z$/, "Z")); }
    }
    return p;
  }

  function fillForm(p) {
    $("q").value = p.get("q") || "";
    $("near").value = p.get("near") || "";
    $("lat").value = p.get("near") ? "" : p.get("lat") || "";
    $("lon").value = p.get("near") ? "" : p.get("lon") || "";
    showHere();
    setSelect("radius_km", p.get("radius_km") || "25");
    setSelect("need", p.getAll("need").join(",").split(",")[0]);
    setSelect("level_of_care", p.getAll("level_of_care").join(",").split(",")[0]);
    setSelect("sort", p.get("sort") || "");
    $("age").value = p.get("age") || "";
    const langs = p.getAll("language").join(",").split(",");
    for (const c of form.querySelectorAll("input[name=language]")) c.checked = langs.includes(c.value);
    for (const f of FLAGS) $(f).checked = p.get(f) === "true" || p.get(f) === "1";
    const at = $("at"), raw = p.get("at") || "", d = raw ? new Date(raw) : null;
    at.value = d && !isNaN(d) ? localInput(d) : "";
    at.dataset.raw = raw;
    at.dataset.shown = at.value;
    // Show the extra filters when a link uses them, so that nothing filters out of sight.
    if (p.get("level_of_care") || p.get("age") || p.get("sort") || raw) $("more-filters").open = true;
  }

  // localInput spells a time for <input type=datetime-local>, in the phone's time zone.
  function localInput(d) {
    const two = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + two(d.getMonth() + 1) + "-" + two(d.getDate()) + "T" +
      two(d.getHours()) + ":" + two(d.getMinutes());
  }

  function urlParams() {
    const p = new URLSearchParams();
    for (const [k, v] of new URLSearchParams(location.search)) if (KEYS.includes(k)) p.append(k, v);
    return p;
  }

  function hasSearch(p) {
    return [...p.keys()].some((k) => k !== "page" && k !== "radius_km" && k !== "sort");
  }

  // go records a new search in the history (so Back returns to the one before) and runs it.
  function go(p, why) {
    clearTimeout(debounce);
    p.delete("page");
    const url = p.toString() ? "/?" + p : "/";
    const same = url === location.pathname + location.search;
    if (!same) history.pushState(null, "", url);
    else if (why === "change" && main.dataset.state === "results") return; // nothing changed
    run(p, { focus: why === "submit" });
  }

  function later() {
    clearTimeout(debounce);
    debounce = setTimeout(() => go(formParams(), "change"), DEBOUNCE_MS);
  }

  // ---- the request ----

  async function run(p, opts) {
    opts = opts || {};
    if (!hasSearch(p)) { idle(opts.focus); return; }
    let page = 1, perPage = PER_PAGE;
    if (opts.append) page = opts.page;
    else {
      // A link saved after "More results" shows as many pages again, in one request.
      const pages = Math.min(Math.max(parseInt(p.get("page"), 10) || 1, 1), MAX_PAGES_AT_ONCE);
      perPage = pages * PER_PAGE;
    }
    const api = new URLSearchParams(p);
    api.set("page", page);
    api.set("per_page", perPage);

    if (inflight) inflight.abort();
    const ctl = new AbortController();
    inflight = ctl;
    let timedOut = false;
    const timer = setTimeout(() => { timedOut = true; ctl.abort(); }, TIMEOUT_MS);
    setState("loading");
    if (opts.append) moreButton.disabled = true;
    else statusLine.textContent = t("pub.search.searching");

    let res = null, body = null;
    try {
      res = await fetch("/api/v1/search?" + api, { headers: { Accept: "application/json" }, signal: ctl.signal });
      body = await res.json().catch(() => null);
    } catch (e) {
      res = null;
    }
    clearTimeout(timer);
    if (inflight !== ctl) return; // a newer search took over
    if (ctl.signal.aborted && !timedOut) { inflight = null; moreButton.disabled = false; return; }
    // No network: the phone's copy of the directory answers, if it keeps one (offline-boot.js).
    const copy = (!res || timedOut) && window.HandoffOffline && window.HandoffOffline.searchSnapshot
      ? await window.HandoffOffline.searchSnapshot(p, page, perPage).catch(() => null) : null;
    if (inflight !== ctl) return;
    inflight = null;
    moreButton.disabled = false;
    if (copy) { res = { ok: copy.status === 200, status: copy.status }; body = copy.body; }
    if (window.HandoffOffline && window.HandoffOffline.banner) window.HandoffOffline.banner(copy ? copy.asOf : null);
    if (!copy && (!res || timedOut)) { failed(t(timedOut ? "pub.search.too_slow" : "pub.search.unreachable"), p, opts); return; }
    if (!res.ok || !body || !Array.isArray(body.items)) { refused(res.status, body, p, opts); return; }
    current = p;
    show(p, body, opts);
  }

  function setState(s) {
    main.dataset.state = s;
    list.setAttribute("aria-busy", s === "loading" ? "true" : "false");
    if (s !== "loading") main.dataset.searches = String(Number(main.dataset.searches) + 1);
  }

  // ---- showing an answer ----

  function show(p, body, opts) {
    clearProblem();
    if (!opts.append) list.replaceChildren();
    const ref = p.get("at") ? Date.parse(p.get("at")) : Date.now();
    let first = null;
    const frag = document.createDocumentFragment();
    for (const it of body.items) {
      const li = card(it, ref, !!p.get("at"));
      first = first || li;
      frag.append(li);
    }
    list.append(frag);
    const shown = list.children.length;
    moreButton.hidden = shown >= body.total || shown >= 10000;
    moreButton.dataset.next = String(Math.floor(shown / PER_PAGE) + 1);
    statusLine.textContent = summary(p, body, shown);
    planLine.replaceChildren(...plan(p, body));
    counts($("need"), body.facets && body.facets.need, p.get("need"));
    counts($("level_of_care"), body.facets && body.facets.level_of_care, p.get("level_of_care"));
    if (body.total === 0) list.append(nothing(p));
    setState(body.total ? "results" : "empty");
    // After "More results", the first new result takes the focus, so that a screen reader
    // or a keyboard goes on from there instead of back at the top.
    if (opts.append && first) first.focus();
    // On a phone the form fills the first screen: after Search, bring the answer into view.
    // (Not after a filter: the peer is still working the form.)
    if (opts.focus) {
      const top = statusLine.getBoundingClientRect().top;
      if (top < 0 || top > window.innerHeight * 0.5) statusLine.scrollIntoView({ block: "start" });
    }
  }

  function summary(p, body, shown) {
    const n = body.total;
    const near = body.query && body.query.near;
    // A ZIP code is named with its town, so the peer sees where it was taken to be.
    const place = near ? near.label + (near.town && near.town !== near.label ? " (" + near.town + ")" : "")
      : p.has("lat") ? t("pub.search.your_location") : "";
    const where = !place ? "" : p.get("radius_km") ? t("pub.search.where_within", { km: Number(p.get("radius_km")), place })
      : t("pub.search.where_near", { place });
    const what = p.get("q") ? t("pub.search.for_words", { q: p.get("q") }) : "";
    if (n === 0) return t("pub.search.none_found", { what, where });
    let s = t("pub.search.found", { count: n, what, where });
    if (shown < n) s += " " + t("pub.search.showing", { count: shown });
    if (body.query && body.query.relaxed) s += " " + t("pub.search.relaxed");
    return s;
  }

  // plan says how the words were read (detox also finds withdrawal management) and, with a
  // chosen time, that open and closed are as of then.
  function plan(p, body) {
    const out = [];
    for (const w of (body.query && body.query.words) || []) {
      if (w.also && w.also.length) out.push(el("span", "", t("pub.search.also_finds", { typed: w.typed, also: w.also.join(", ") }) + " "));
    }
    if (p.get("at")) {
      const d = new Date(p.get("at"));
      if (!isNaN(d)) {
        out.push(el("span", "as-of", t("pub.search.as_of", { when: date(d,
          { weekday: "short", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" }) })));
      }
    }
    return out;
  }

  // counts puts the facet counts of the answer next to the choices. With one chosen, the
  // others' counts would only say how many of its results also have them, not what choosing
  // them would find, so they are left off.
  function counts(select, facet, chosen) {
    const n = new Map((facet || []).map((c) => [c.code, c.count]));
    for (const c of n.keys()) {
      if (![...select.options].some((o) => o.value === c)) addOption(select, c, label(select.id, c));
    }
    for (const o of select.options) {
      if (!o.value) continue;
      o.textContent = chosen && chosen !== o.value ? o.dataset.label : o.dataset.label + " (" + (n.get(o.value) || 0) + ")";
    }
  }

  function resetCounts() {
    for (const id of ["need", "level_of_care"]) for (const o of $(id).options) o.textContent = o.dataset.label;
  }

  function nothing(p) {
    const li = el("li", "empty");
    li.append(el("p", "", t("pub.search.nothing")));
    const filtered = FLAGS.some((f) => p.has(f)) || ["need", "level_of_care", "language", "age"].some((k) => p.has(k));
    if (filtered) {
      const b = el("button", "secondary", t("pub.search.filters_off"));
      b.type = "button";
      b.addEventListener("click", () => {
        for (const f of FLAGS) $(f).checked = false;
        for (const c of form.querySelectorAll("input[name=language]")) c.checked = false;
        for (const id of ["need", "level_of_care", "age"]) $(id).value = "";
        go(formParams(), "submit");
      });
      li.append(b);
    }
    return li;
  }

  // ---- refusals and failures ----

  // Which control a problem's errors[].field points at.
  const FIELDS = { q: "q", near: "near", lat: "near", lon: "near", radius_km: "radius_km", need: "need",
    level_of_care: "level_of_care", language: (form.querySelector("input[name=language]") || {}).id || "toggles", age: "age", sort: "sort", at: "at",
    open_now: "open_now", free: "free", walk_in: "walk_in", available: "available" };

  function fieldLabel(field) {
    const c = $(FIELDS[field] || "");
    if (!c) return field || "";
    const l = c.type === "checkbox" ? c.closest("label") : form.querySelector('label[for="' + c.id + '"]');
    return l ? l.textContent.trim() : field;
  }

  // refused shows an RFC 9457 problem: the field and its message for each of errors[], or the
  // detail, and marks the fields so that a screen reader hears what to fix.
  function refused(code, body, p, opts) {
    clearProblem();
    list.replaceChildren();
    moreButton.hidden = true;
    planLine.replaceChildren();
    resetCounts();
    const errs = body && Array.isArray(body.errors) ? body.errors : [];
    let title = t("pub.search.problem_check");
    if (code === 429) title = t("pub.search.problem_busy");
    else if (code >= 500) title = t("pub.search.problem_server");
    problemBox.append(el("p", "problem-title", title));
    let firstBad = null;
    if (errs.length) {
      const ul = el("ul", "problem-list");
      for (const e of errs) {
        const name = fieldLabel(e.field);
        ul.append(el("li", "", (name ? name + ": " : "") + (e.message || t("pub.search.not_valid"))));
        const c = $(FIELDS[e.field] || "");
        if (c) {
          c.setAttribute("aria-invalid", "true");
          c.setAttribute("aria-describedby", "problem");
          firstBad = firstBad || c;
        }
      }
      problemBox.append(ul);
    } else {
      problemBox.append(el("p", "", (body && (body.detail || body.title)) || t("pub.search.server_answered", { code: String(code) })));
    }
    placeChoices(body, p);
    if (code >= 500 || code === 429 || !body) problemBox.append(retryButton(p));
    if (body && body.request_id && code >= 500) problemBox.append(el("p", "ref", t("pub.search.reference", { id: body.request_id })));
    statusLine.textContent = t("pub.search.did_not_run");
    setState(code >= 500 ? "error" : "problem");
    if (opts.focus && firstBad) firstBad.focus();
  }

  // placeChoices offers, as buttons, the places a 422 lists for near=: the namesakes of an
  // ambiguous name ("Springfield") or the names close to a typo ("Holyok"). Choosing one
  // searches again with it, so the caller never retypes a state.
  function placeChoices(body, p) {
    const choices = body && (Array.isArray(body.candidates) ? body.candidates : body.suggestions);
    if (!Array.isArray(choices) || !choices.length) return;
    const box = el("div", "place-choices");
    box.append(el("p", "", t(body.candidates ? "pub.search.which_one" : "pub.search.did_you_mean")));
    for (const c of choices.slice(0, 8)) {
      if (!c || typeof c.label !== "string") continue;
      const b = el("button", "secondary", c.label);
      b.type = "button";
      b.addEventListener("click", () => {
        $("near").value = c.label;
        const q = new URLSearchParams(p);
        q.set("near", c.label);
        go(q, "submit");
      });
      box.append(b);
    }
    problemBox.append(box);
  }

  function failed(message, p, opts) {
    clearProblem();
    problemBox.append(el("p", "problem-title", t("pub.search.no_answer")), el("p", "", message), retryButton(p, opts));
    statusLine.textContent = t("pub.search.did_not_finish");
    setState("error");
  }

  function retryButton(p, opts) {
    const b = el("button", "secondary", t("pub.search.retry"));
    b.type = "button";
    b.addEventListener("click", () => run(p, opts && opts.append ? opts : {}));
    return b;
  }

  function clearProblem() {
    problemBox.replaceChildren();
    for (const c of form.querySelectorAll("[aria-invalid]")) {
      c.removeAttribute("aria-invalid");
      c.removeAttribute("aria-describedby");
    }
  }

  function idle(hint) {
    if (inflight) { inflight.abort(); inflight = null; }
    clearProblem();
    list.replaceChildren();
    planLine.replaceChildren();
    moreButton.hidden = true;
    resetCounts();
    current = new URLSearchParams();
    statusLine.textContent = t(hint ? "pub.search.idle_hint" : "pub.search.idle");
    setState("idle");
  }

  // ---- where the person is ----

  function showHere() {
    const on = !!($("lat").value && $("lon").value) && !$("near").value;
    $("here").hidden = !on;
    $("here-text").textContent = !on ? "" : located ? t("pub.search.using_location_m", { m: Math.round(located) }) : t("pub.search.using_location");
  }

  $("locate").addEventListener("click", () => {
    const msg = $("locate-msg"), button = $("locate");
    if (!("geolocation" in navigator)) { msg.textContent = t("pub.search.no_geo"); return; }
    if (!window.isSecureContext) { msg.textContent = t("pub.search.geo_insecure"); return; }
    msg.textContent = t("pub.search.locating");
    button.disabled = true;
    navigator.geolocation.getCurrentPosition((pos) => {
      button.disabled = false;
      msg.textContent = "";
      // Three decimals (about 100 m) rank by distance well enough and keep a shared link
      // from pointing at a doorstep.
      $("lat").value = pos.coords.latitude.toFixed(3);
      $("lon").value = pos.coords.longitude.toFixed(3);
      $("near").value = "";
      located = Math.max(pos.coords.accuracy || 0, 100);
      showHere();
      go(formParams(), "change-always");
    }, (err) => {
      button.disabled = false;
      msg.textContent = err.code === err.PERMISSION_DENIED
        ? t("pub.search.geo_denied")
        : err.code === err.TIMEOUT
          ? t("pub.search.geo_timeout")
          : t("pub.search.geo_unavailable");
      $("near").focus();
    }, { enableHighAccuracy: false, timeout: 15000, maximumAge: 60000 });
  });

  $("forget").addEventListener("click", () => {
    $("lat").value = $("lon").value = "";
    located = null;
    showHere();
    $("near").focus();
    if (main.dataset.state !== "idle") go(formParams(), "change");
  });

  // A typed place replaces the position from "Use my location".
  $("near").addEventListener("input", () => {
    if ($("near").value.trim() && $("lat").value) {
      $("lat").value = $("lon").value = "";
      located = null;
      showHere();
    }
  });

  // ---- events ----

  form.addEventListener("submit", (ev) => {
    ev.preventDefault();
    go(formParams(), "submit");
  });
  // Filters search at once; words and places wait for Search, so that a half-typed town is
  // not looked up.
  form.addEventListener("change", (ev) => {
    const t = ev.target;
    if (t.id === "q" || t.id === "near" || t.type === "hidden") return;
    later();
  });
  $("reset").addEventListener("click", () => {
    form.reset();
    $("lat").value = $("lon").value = "";
    $("at").dataset.raw = $("at").dataset.shown = "";
    located = null;
    showHere();
    $("locate-msg").textContent = "";
    if (location.search) history.pushState(null, "", "/");
    idle(false);
    $("q").focus();
  });
  moreButton.addEventListener("click", () => {
    const next = Number(moreButton.dataset.next) || 2;
    const p = new URLSearchParams(current);
    p.set("page", String(next));
    // The pages shown so far go in the link, replacing the entry: Back leaves this search.
    history.replaceState(null, "", "/?" + p);
    run(current, { append: true, page: next });
  });
  window.addEventListener("popstate", () => {
    const p = urlParams();
    fillForm(p);
    run(p, {});
  });

  const start = urlParams();
  fillForm(start);
  if (hasSearch(start)) run(start, {});
})();
