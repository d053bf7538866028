// The follow-up page (/follow-ups): a peer's, clinician's or coordinator's list of
// call-backs, worked from a phone. Plain script, no framework, nothing from elsewhere.
//
// Privacy rules this file keeps: the page arrives with no data; everything comes from the
// API after sign-in, with the browser's session cookie, and lives in this script's memory
// only: never in the URL (the only query parameters are due, assignee=me and per_page),
// never in web storage or cookies, and it is dropped at sign-out.
"use strict";

(function () {
  // The roles that work follow-ups (access/routes.go: the program).
  const PROGRAM = ["peer", "clinician", "coordinator"];
  // care.Channels and care.AttemptOutcomes, with the words a peer would use.
  const CHANNELS = [["phone", "Phone call"], ["text", "Text"], ["in_person", "Visit"], ["video", "Video"]];
  const OUTCOMES = [
    ["reached", "Reached"], ["no_answer", "No answer"], ["left_message", "Left message"],
    ["wrong_number", "Wrong number"], ["declined", "Reached, declined"],
  ];
  const DUE = {
    today: { empty: "Nothing due today.", label: "due today" },
    overdue: { empty: "Nothing overdue.", label: "overdue" },
    upcoming: { empty: "Nothing upcoming.", label: "upcoming" },
  };
  const PER_PAGE = 100;
  const NOTE_MAX = 500;

  let csrf = ""; // the session's CSRF token: sent on every change (X-CSRF-Token)
  let me = null; // the signed-in user
  let due = "today";
  let loads = 0; // the latest list load; older answers are dropped
  const people = new Map(); // person id -> {name, phone, language} or null (not readable)

  const $ = (id) => document.getElementById(id);

  // ApiError carries the problem document's detail, which the page shows as is.
  class ApiError extends Error {
    constructor(status, detail, body) {
      super(detail);
      this.status = status;
      this.detail = detail;
      this.body = body || null;
    }
  }

  // api calls the JSON API with the session cookie. Answers are never cached by the
  // browser: they hold people's data.
  async function api(method, path, body) {
    const init = { method, credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (method !== "GET" && csrf) {
      init.headers["X-CSRF-Token"] = csrf;
    }
    let res;
    try {
      res = await fetch(path, init);
    } catch (e) {
      throw new ApiError(0, "Handoff could not be reached. Check the connection and try again.");
    }
    let data = null;
    if (res.status !== 204 && (res.headers.get("Content-Type") || "").includes("json")) {
      try {
        data = await res.json();
      } catch (e) {
        data = null;
      }
    }
    if (!res.ok) {
      const detail = (data && (data.detail || data.title)) || "Handoff answered " + res.status + ".";
      throw new ApiError(res.status, detail, data);
    }
    return data;
  }

  function say(text) {
    $("status").textContent = text;
  }

  function show(view) {
    for (const id of ["signin", "not-program", "work"]) {
      $(id).hidden = id !== view;
    }
  }

  // ---- signing in and out ----

  function showSignIn(note) {
    forget();
    $("account").hidden = true;
    const n = $("signin-note");
    n.textContent = note || "";
    n.hidden = !note;
    $("signin-error").hidden = true;
    show("signin");
    say("");
  }

  // forget drops everything the page knew about people and the session.
  function forget() {
    csrf = "";
    me = null;
    loads++;
    people.clear();
    $("list").replaceChildren();
    $("empty").hidden = true;
    $("more").hidden = true;
    $("who").textContent = "";
    $("shift-status").textContent = "";
  }

  function signedIn(user, token) {
    csrf = token || "";
    me = user;
    $("who").textContent = user.name || user.email;
    $("account").hidden = false;
    if (!PROGRAM.includes(user.role)) {
      show("not-program");
      say("");
      return false;
    }
    show("work");
    return true;
  }

  async function onSignIn(ev) {
    ev.preventDefault();
    const form = $("signin-form");
    const err = $("signin-error");
    const button = form.querySelector("button[type=submit]");
    if (!form.reportValidity()) {
      return;
    }
    err.hidden = true;
    button.disabled = true;
    say("Signing in…");
    try {
      const r = await api("POST", "/api/v1/auth/login", { email: $("email").value.trim(), password: $("password").value });
      $("password").value = "";
      // r.token is the same session as the cookie; the page keeps only the CSRF token.
      if (signedIn(r.user, r.csrf_token)) {
        $("work-h").focus();
        await Promise.all([loadShift(), loadList()]);
      } else {
        $("not-program-h").focus();
      }
    } catch (e) {
      // The server's one answer to every refusal: it does not say which part was wrong.
      $("password").value = "";
      err.textContent = e.detail || "Signing in failed.";
      err.hidden = false;
      say("");
      $("password").focus();
    } finally {
      button.disabled = false;
    }
  }

  async function onSignOut() {
    const button = $("signout");
    button.disabled = true;
    try {
      await api("POST", "/api/v1/auth/logout");
    } catch (e) {
      if (e.status !== 401) {
        say("Signing out failed: " + e.detail);
        button.disabled = false;
        return;
      }
    }
    button.disabled = false;
    showSignIn("You are signed out.");
    $("email").focus();
  }

  // failed handles an error of the API: a lost session goes back to the sign-in form,
  // anything else is said in the status line (and returned for a closer place).
  function failed(e) {
    if (e.status === 401) {
      showSignIn("Your session has ended. Sign in again.");
      return "";
    }
    say(e.detail);
    return e.detail;
  }

  // ---- the shift ----

  async function loadShift() {
    try {
      const page = await api("GET", "/api/v1/shifts?user=me&per_page=1");
      renderShift(page.items && page.items[0]);
    } catch (e) {
      $("shift-status").textContent = "Your shift could not be read.";
      failed(e);
    }
  }

  function renderShift(s) {
    const open = s && !s.ended_at;
    const text = $("shift-status");
    if (open) {
      const n = s.interactions || 0;
      text.textContent = "On shift since " + clock(new Date(s.started_at)) + " · " + n + (n === 1 ? " interaction" : " interactions");
    } else {
      text.textContent = "Not on shift. Start one so that the calls you log count for it.";
    }
    $("shift-start").hidden = !!open;
    $("shift-end").hidden = !open;
  }

  async function shiftMove(which) {
    const button = $(which === "start" ? "shift-start" : "shift-end");
    button.disabled = true;
    try {
      const s = await api("POST", "/api/v1/shifts/" + which);
      if (which === "end") {
        const n = s.interactions || 0;
        say("Shift ended: " + n + (n === 1 ? " interaction." : " interactions."));
      } else {
        say("Shift started.");
      }
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
    if (me) {
      await loadShift();
    }
  }

  // ---- the list ----

  function setTab(d) {
    due = d;
    for (const b of document.querySelectorAll(".tabs button")) {
      b.setAttribute("aria-pressed", String(b.dataset.due === d));
    }
    loadList();
  }

  async function loadList() {
    const mine = ++loads;
    const list = $("list");
    list.replaceChildren();
    list.setAttribute("aria-busy", "true");
    $("empty").hidden = true;
    $("more").hidden = true;
    say("Loading…");
    try {
      const page = await api("GET", "/api/v1/follow-ups?due=" + due + "&assignee=me&per_page=" + PER_PAGE);
      const items = page.items || [];
      await lookUpPeople(items.map((f) => f.person_id));
      if (mine !== loads) {
        return;
      }
      list.replaceChildren(...items.map(item));
      $("empty").textContent = DUE[due].empty;
      $("empty").hidden = items.length > 0;
      if (page.total > items.length) {
        $("more").textContent = "Showing the first " + items.length + " of " + page.total + ".";
        $("more").hidden = false;
      }
      say((page.total === 1 ? "1 follow-up " : page.total + " follow-ups ") + DUE[due].label + ".");
    } catch (e) {
      if (mine === loads) {
        failed(e);
      }
    } finally {
      if (mine === loads) {
        list.setAttribute("aria-busy", "false");
      }
    }
  }

  // lookUpPeople reads the people of the list, a few at a time; the list names only
  // their ids. Each read is audited by the server, as a look at the person's file.
  async function lookUpPeople(ids) {
    const todo = [...new Set(ids)].filter((id) => !people.has(id));
    const worker = async () => {
      for (let id = todo.shift(); id !== undefined; id = todo.shift()) {
        people.set(id, await person(id));
      }
    };
    await Promise.all([worker(), worker(), worker(), worker()]);
  }

  async function person(id, merged) {
    try {
      const p = await api("GET", "/api/v1/people/" + encodeURIComponent(id));
      // Only what the list shows is kept; the rest of the file is dropped here.
      return { name: p.display_name, phone: p.phone || "", language: p.preferred_language || "" };
    } catch (e) {
      if (e.status === 409 && e.body && e.body.merged_into && !merged) {
        return person(e.body.merged_into, true);
      }
      if (e.status === 401) {
        throw e;
      }
      return null;
    }
  }

  // item builds one follow-up's entry. Every value goes in as text, never as markup.
  function item(f) {
    const p = people.get(f.person_id);
    f.attempts = f.attempts || [];
    const li = el("li", "fu");
    li.dataset.id = f.id;
    li.dataset.status = f.status;
    li.dataset.attempts = String(f.attempts.length);

    const h = el("h3", "name", p ? p.name : "Person record unavailable");
    h.tabIndex = -1;
    li.append(h);

    const meta = el("p", "meta");
    meta.append(el("span", "due" + (due === "overdue" ? " late" : ""), dueText(new Date(f.due_at))), " · ",
      el("span", "tries", tries(f.attempts.length)));
    if (f.status === "flagged") {
      meta.append(" ", el("span", "badge flagged", "Flagged for a coordinator"));
    }
    if (f.status === "done") {
      meta.append(" ", el("span", "badge done", "Done"));
    }
    li.append(meta);

    if (p && (p.phone || p.language)) {
      const contact = el("p", "contact");
      if (p.phone) {
        const dial = p.phone.replace(/[^0-9+]/g, "");
        const call = el("a", "call", "Call " + p.phone);
        call.href = "tel:" + dial;
        const text = el("a", "sms", "Text");
        text.href = "sms:" + dial;
        text.setAttribute("aria-label", "Text " + p.phone);
        contact.append(call, text);
      }
      if (p.language) {
        contact.append(el("span", "lang", "Prefers " + languageName(p.language)));
      }
      li.append(contact);
    }

    const last = f.attempts[f.attempts.length - 1];
    if (last) {
      li.append(el("p", "last", "Last try: " + label(OUTCOMES, last.outcome).toLowerCase() + " (" +
        label(CHANNELS, last.channel).toLowerCase() + "), " + when(new Date(last.at)) + "."));
    }

    if (f.status === "done") {
      return li;
    }
    li.append(logForm(f));
    return li;
  }

  // logForm is the attempt logger: how, an optional note, and one button per outcome.
  // It is not a <form>, so that Enter in the note can never send anything by itself.
  function logForm(f) {
    const box = el("fieldset", "log");
    box.append(el("legend", "", "Log an attempt"));

    const row = el("div", "fields");
    const chID = "ch-" + f.id;
    const noteID = "note-" + f.id;
    const chLabel = el("label", "", "How");
    chLabel.htmlFor = chID;
    const ch = el("select");
    ch.id = chID;
    for (const [v, t] of CHANNELS) {
      const o = el("option", "", t);
      o.value = v;
      ch.append(o);
    }
    const noteLabel = el("label", "", "Note (optional)");
    noteLabel.htmlFor = noteID;
    const note = el("input");
    note.id = noteID;
    note.type = "text";
    note.maxLength = NOTE_MAX;
    note.autocomplete = "off";
    note.addEventListener("keydown", (e) => {
      if (e.key === "Enter") {
        e.preventDefault();
      }
    });
    row.append(wrap(chLabel, ch), wrap(noteLabel, note));
    box.append(row);

    const outcomes = el("div", "outcomes");
    outcomes.setAttribute("role", "group");
    outcomes.setAttribute("aria-label", "What happened");
    for (const [v, t] of OUTCOMES) {
      const b = el("button", v === "reached" || v === "declined" ? "good" : "", t);
      b.type = "button";
      b.dataset.outcome = v;
      b.addEventListener("click", () => logAttempt(f, v, ch.value, note.value, box));
      outcomes.append(b);
    }
    box.append(outcomes);
    const err = el("p", "error");
    err.setAttribute("role", "alert");
    err.hidden = true;
    box.append(err);
    return box;
  }

  async function logAttempt(f, outcome, channel, note, box) {
    const buttons = box.querySelectorAll("button");
    const err = box.querySelector(".error");
    buttons.forEach((b) => (b.disabled = true));
    err.hidden = true;
    say("Saving…");
    try {
      const body = { channel, outcome };
      if (note.trim()) {
        body.note = note.trim();
      }
      const updated = await api("POST", "/api/v1/follow-ups/" + encodeURIComponent(f.id) + "/attempts", body);
      updated.attempts = updated.attempts || [];
      const old = box.closest("li");
      const li = item(updated);
      old.replaceWith(li);
      li.querySelector("h3").focus();
      let msg = "Logged: " + label(OUTCOMES, outcome).toLowerCase() + ". " + tries(updated.attempts.length) + " so far.";
      if (updated.status === "done") {
        msg = "Logged: " + label(OUTCOMES, outcome).toLowerCase() + ". This follow-up is done.";
      } else if (updated.status === "flagged" && f.status !== "flagged") {
        msg += " It is now flagged for a coordinator.";
      }
      say(msg);
      loadShift(); // attempts count for the open shift
    } catch (e) {
      buttons.forEach((b) => (b.disabled = false));
      const detail = failed(e);
      if (detail) {
        err.textContent = detail;
        err.hidden = false;
      }
    }
  }

  // ---- small helpers ----

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text !== undefined) {
      n.textContent = text;
    }
    return n;
  }

  function wrap(...children) {
    const d = el("div", "field");
    d.append(...children);
    return d;
  }

  function label(pairs, v) {
    const p = pairs.find(([k]) => k === v);
    return p ? p[1] : v;
  }

  function tries(n) {
    return n === 0 ? "No attempts yet" : n === 1 ? "1 attempt" : n + " attempts";
  }

  function clock(d) {
    return d.toLocaleTimeString([], { hour: "numeric", minute: "2-digit" });
  }

  function day(d) {
    return d.toLocaleDateString([], { weekday: "short", month: "short", day: "numeric" });
  }

  function sameDay(a, b) {
    return a.toDateString() === b.toDateString();
  }

  function when(d) {
    return sameDay(d, new Date()) ? "today at " + clock(d) : day(d) + " at " + clock(d);
  }

  // dueText says when a follow-up is due; a due time of midnight means "that day".
  function dueText(d) {
    const allDay = d.getHours() === 0 && d.getMinutes() === 0;
    const date = sameDay(d, new Date()) ? "today" : day(d);
    return "Due " + date + (allDay ? "" : " at " + clock(d));
  }

  function languageName(code) {
    try {
      return new Intl.DisplayNames([navigator.language || "en"], { type: "language" }).of(code) || code;
    } catch (e) {
      return code;
    }
  }

  // ---- start ----

  async function start() {
    $("signin-form").addEventListener("submit", onSignIn);
    $("signout").addEventListener("click", onSignOut);
    $("shift-start").addEventListener("click", () => shiftMove("start"));
    $("shift-end").addEventListener("click", () => shiftMove("end"));
    for (const b of document.querySelectorAll(".tabs button")) {
      b.addEventListener("click", () => setTab(b.dataset.due));
    }
    try {
      const m = await api("GET", "/api/v1/me");
      if (signedIn(m.user, m.csrf_token)) {
        await Promise.all([loadShift(), loadList()]);
      }
    } catch (e) {
      if (e.status === 401) {
        showSignIn("");
      } else {
        say(e.detail);
      }
    }
  }

  start();
})();
