// The session of the program's pages (/follow-ups and its encounter form, and the
// search page's referral panel): the API client, signing in and out, and a few helpers.
// Plain script, no framework, nothing from elsewhere. It runs first; the page's other
// scripts register what they do on sign-in, sign-out and a recorded encounter with
// Handoff.on.
//
// A page with a sign-in form gives it: #status, #account, #who, #signout, the sections
// #signin, #not-program and #work, the headings #work-h and #not-program-h, and the
// sign-in form (#signin-form, #signin-note, #email, #password, #signin-error).
// A page without one (the search page, open to anyone) gets no sign-in from it: it only
// learns who is signed in, if anyone, from GET /api/v1/me and never asks to sign in.
//
// Privacy rules the pages keep: the page arrives with no data; everything comes from the
// API after sign-in, with the browser's session cookie, and lives in the scripts' memory
// only: never in the page's URL, never in web storage or cookies, and it is dropped at
// sign-out. The forms that take people's data say autocomplete="off", which also keeps
// the browser from filling them in again when a page is loaded anew from the history.
"use strict";

window.Handoff = (function () {
  const { t } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  // The roles that work with people (access/rules.go: the program, CareWork).
  const PROGRAM = ["peer", "clinician", "coordinator"];
  // Where a role lands after signing in on a page marked data-home: the roles not listed
  // stay on the page.
  const HOMES = { coordinator: "/dashboard", admin: "/dashboard" };

  let csrf = ""; // the session's CSRF token: sent on every change (X-CSRF-Token)
  let me = null; // the signed-in user
  let known = ""; // the id of the last user signed in here, kept while a session merely expired
  let said = 0; // how many times say has written (saidMark)
  const listeners = { signedin: [], forget: [], recorded: [], checked: [] };

  const $ = (id) => document.getElementById(id);
  // full: the page has its own sign-in form and the views around it.
  const full = () => !!$("signin-form");
  const isProgram = (user) => !!user && PROGRAM.includes(user.role);
  // forPage: the user is one the page is for. A page may name its roles
  // (<body data-roles="coordinator admin">, the freshness queue); by default the program's.
  const forPage = (user) => {
    const roles = document.body && document.body.dataset.roles;
    return !!user && (roles ? roles.split(" ") : PROGRAM).includes(user.role);
  };

  // ApiError carries the problem document's detail, which the page shows as is, and the
  // document itself (its errors[] name the fields).
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
  // extra carries request headers of the call's own, such as If-Match.
  async function api(method, path, body, extra) {
    return (await send(method, path, body, extra)).data;
  }

  // send is api answering {data, etag}: the record's ETag, for a page that saves it
  // back with If-Match.
  async function send(method, path, body, extra) {
    const init = { method, credentials: "same-origin", cache: "no-store",
      headers: Object.assign({ Accept: "application/json" }, extra || {}) };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    if (method !== "GET" && csrf) {
      init.headers["X-CSRF-Token"] = csrf;
    }
    let res;
    try {
      res = (method === "GET" && !extra && (await early(path))) || (await fetch(path, init));
    } catch (e) {
      throw new ApiError(0, t("pub.api.unreachable"));
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
      const detail = (data && (data.detail || data.title)) || t("pub.api.answered", { status: String(res.status) });
      throw new ApiError(res.status, detail, data);
    }
    return { data, etag: res.headers.get("ETag") || "" };
  }

  // early takes the answer to a GET that the page asked before its scripts loaded
  // (dashboard-early.js), once: a promise of the Response, or of null when there is none
  // or it was not asked (then send asks itself).
  function early(path) {
    const asked = window.HandoffEarly;
    const p = asked && asked.get(path);
    if (!p) {
      return null;
    }
    asked.delete(path);
    return p.catch(() => null);
  }

  // on registers fn for an event: "signedin" (a program user; fn may return a promise),
  // "forget" (signed out, or the session ended: fn gets {expired}), "recorded" (an
  // encounter was recorded: fn gets the API's answer), "checked" (the page learnt at
  // start who is signed in: fn gets the user, or null).
  function on(name, fn) {
    listeners[name].push(fn);
  }

  function emit(name, arg) {
    return Promise.all(listeners[name].map((fn) => fn(arg)));
  }

  // say writes in the page's status line; a page without a sign-in form keeps its
  // status line for itself.
  function say(text) {
    said++;
    if (full()) {
      $("status").textContent = text;
    }
  }

  // saidMark counts what say has written: a part of the page that announces when its
  // list has loaded takes a mark first and stays quiet when something was said since, so
  // that a slow list does not cover the answer to what the user did meanwhile.
  function saidMark() {
    return said;
  }

  function show(view) {
    if (!full()) {
      return;
    }
    for (const id of ["signin", "not-program", "work"]) {
      $(id).hidden = id !== view;
    }
  }

  // ---- signing in and out ----

  function showSignIn(note, expired) {
    forget(!!expired);
    if (!full()) {
      return;
    }
    $("account").hidden = true;
    const n = $("signin-note");
    n.textContent = note || "";
    n.hidden = !note;
    $("signin-error").hidden = true;
    show("signin");
    say("");
  }

  // forget drops everything the page knew about people and the session. When the
  // session merely expired, a page part may keep unsent work for the same user.
  function forget(expired) {
    csrf = "";
    me = null;
    asked = null;
    if (window.HandoffEarly) {
      window.HandoffEarly.clear(); // asked for the session that ended
    }
    if (!expired) {
      known = "";
    }
    if ($("who")) {
      $("who").textContent = "";
    }
    emit("forget", { expired });
  }

  // ---- colleagues ----

  let asked = null; // the signed-in user's colleague list, as a promise, once asked

  // colleagues answers the active peers and clinicians other than the signed-in user
  // (GET /api/v1/colleagues): asked once per sign-in and shared by the parts of the page
  // that offer them (handing a follow-up on, naming a witness). It answers null when the
  // list could not be had; the next call asks again.
  function colleagues() {
    if (!me) {
      return Promise.resolve(null);
    }
    if (!asked) {
      const who = me.id;
      const p = api("GET", "/api/v1/colleagues?per_page=1000").then(
        (page) => ((page && page.items) || []).filter((c) => c.id !== who),
        () => {
          if (asked === p) {
            asked = null;
          }
          return null;
        });
      asked = p;
    }
    return asked;
  }

  // colleagueOption is a colleague as a choice: the name with the role, in words.
  function colleagueOption(c) {
    const role = c.role && window.HandoffI18n.has("chrome.role." + c.role) ? t("chrome.role." + c.role) : c.role;
    const o = el("option", "", c.name + (role ? " (" + role + ")" : ""));
    o.value = c.id;
    return o;
  }

  // signedIn takes the user in; it answers whether the user works with people.
  function signedIn(user, token) {
    csrf = token || "";
    if (!me || me.id !== user.id) {
      asked = null;
    }
    me = user;
    known = user.id;
    if (full()) {
      $("who").textContent = user.name || user.email;
      $("account").hidden = false;
    }
    if (!forPage(user)) {
      show("not-program");
      say("");
      return false;
    }
    show("work");
    say(""); // "Signing in…" is done; the page says what it has
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
    say(t("chrome.signing_in"));
    try {
      const r = await api("POST", "/api/v1/auth/login", { email: $("email").value.trim(), password: $("password").value });
      $("password").value = "";
      // A page that sends each role home (data-home, the follow-up page): coordinators
      // and admins who sign in there land on their dashboard.
      const home = "home" in document.body.dataset && HOMES[r.user.role];
      if (home && home !== location.pathname) {
        location.assign(home);
        return;
      }
      // r.token is the same session as the cookie; the page keeps only the CSRF token.
      if (signedIn(r.user, r.csrf_token)) {
        $("work-h").focus();
        await emit("signedin", r.user);
      } else {
        $("not-program-h").focus();
      }
    } catch (e) {
      // The server's one answer to every refusal: it does not say which part was wrong.
      $("password").value = "";
      err.textContent = e.detail || t("chrome.signin_failed");
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
        say(t("chrome.signout_failed", { detail: e.detail }));
        button.disabled = false;
        return;
      }
    }
    button.disabled = false;
    showSignIn(t("chrome.signed_out"));
    $("email").focus();
  }

  // failed handles an error of the API: a lost session goes back to the sign-in form,
  // anything else is said in the status line (and returned for a closer place).
  function failed(e) {
    if (e.status === 401) {
      showSignIn(t("chrome.session_ended"), true);
      return "";
    }
    say(e.detail);
    return e.detail;
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

  function clock(d) {
    return window.HandoffI18n.date(d, { hour: "numeric", minute: "2-digit" });
  }

  function day(d) {
    return window.HandoffI18n.date(d, { weekday: "short", month: "short", day: "numeric" });
  }

  function sameDay(a, b) {
    return a.toDateString() === b.toDateString();
  }

  // refresh asks again who is signed in (another tab may have signed in or out, which
  // changes the CSRF token) and answers the user, or null when no one is. Someone else
  // than before makes the page forget everything of the one before; a user signed in
  // anew is announced ("signedin" for the program, "checked"). Other errors are thrown.
  async function refresh() {
    let m;
    try {
      m = await api("GET", "/api/v1/me");
    } catch (e) {
      if (e.status === 401) {
        if (me) {
          forget(true);
        }
        return null;
      }
      throw e;
    }
    if (known && known !== m.user.id) {
      forget(false);
    }
    const anew = !me || me.id !== m.user.id;
    csrf = m.csrf_token || "";
    me = m.user;
    known = m.user.id;
    if (anew) {
      if (forPage(me)) {
        await emit("signedin", me);
      }
      await emit("checked", me);
    }
    return me;
  }

  // ---- errors next to their fields (the encounter form, the referral panel) ----
  //
  // A form shows the error of field key in #P-err-key (class field-error) and marks the
  // control controls[key] with aria-invalid; P is the form's id prefix.

  // problemFields maps a problem document's errors[] (RFC 9457) to [key, message] pairs,
  // with map from the API's field names to the form's keys; an unknown field gets key "".
  function problemFields(e, map) {
    const errs = (e.body && e.body.errors) || [];
    return errs.map((fe) => {
      const key = map[String(fe.field).replace(/\[\d+\]$/, "")];
      // A missing value is said in the form's own words (fieldWords).
      const msg = fe.key === "problem.is_required" ? "" : fe.message;
      return key ? [key, msg] : ["", fe.field + ": " + fe.message];
    });
  }

  // clearFieldErrors hides every field's error under root and unmarks its controls.
  function clearFieldErrors(root) {
    for (const p of root.querySelectorAll(".field-error")) {
      p.hidden = true;
      p.textContent = "";
    }
    for (const c of root.querySelectorAll("[aria-invalid]")) {
      c.removeAttribute("aria-invalid");
    }
  }

  // fieldWords is the sentence shown for a field's message: the form's own words
  // (required[key]) when it is missing, else the API's message as a sentence.
  function fieldWords(required, key, msg) {
    if (!msg || /^is required/.test(msg)) {
      return required[key] || t("pub.form.required");
    }
    return msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? "" : ".");
  }

  // showFieldErrors puts each [key, message] next to its field, in the form's words
  // (o.prefix, o.controls, o.required; o.inputs picks a fieldset's first control). It
  // returns the summary line (o.lead, how many fields need a look, and the messages of no
  // field), how many messages had no field, and the control to focus first. Nothing typed
  // is cleared.
  function showFieldErrors(errs, o) {
    let first = null;
    const loose = [];
    for (const [key, msg] of errs) {
      const p = $(o.prefix + "-err-" + key);
      if (!p) {
        loose.push(msg);
        continue;
      }
      p.textContent = (p.textContent ? p.textContent + " " : "") + fieldWords(o.required, key, msg);
      p.hidden = false;
      const c = $(o.controls[key]);
      c.setAttribute("aria-invalid", "true");
      if (!first) {
        first = c.matches("fieldset") ? c.querySelector(o.inputs) || c : c;
      }
    }
    const n = errs.length - loose.length;
    const summary = o.lead + " " + (n > 0 ? t("pub.form.fields_to_fix", { count: n }) : "") +
      (loose.length ? " " + loose.join(" ") : "");
    return { summary, loose: loose.length, first };
  }

  // guardSubmit makes a form's submit handler that sends at most once at a time. It
  // clears the form's errors (o.clear), checks the form (o.check answers [key, message]
  // pairs, shown with o.show, and nothing is sent), then runs o.send with the submit
  // button (id o.button) disabled and saying o.working. Afterwards the button is as it
  // was and o.after, if any, runs. It answers the handler, onSubmit, and busy(), true
  // while o.send runs.
  function guardSubmit(o) {
    let busy = false;
    async function onSubmit(ev) {
      ev.preventDefault();
      if (busy) {
        return;
      }
      o.clear();
      const errs = o.check();
      if (errs.length) {
        o.show(errs);
        return;
      }
      busy = true;
      const button = $(o.button);
      const label = button.textContent;
      button.disabled = true;
      button.textContent = o.working;
      try {
        await o.send();
      } finally {
        busy = false;
        button.disabled = false;
        button.textContent = label;
        if (o.after) {
          o.after();
        }
      }
    }
    return { onSubmit, busy: () => busy };
  }

  // ---- start ----

  async function start() {
    if (full()) {
      $("signin-form").addEventListener("submit", onSignIn);
      $("signout").addEventListener("click", onSignOut);
    }
    let user = null;
    try {
      const m = await api("GET", "/api/v1/me");
      user = m.user;
      if (signedIn(m.user, m.csrf_token)) {
        await emit("signedin", m.user);
      }
    } catch (e) {
      if (e.status === 401) {
        showSignIn("");
      } else {
        say(e.detail);
      }
    }
    await emit("checked", user);
  }

  // A page the browser restores from its back/forward cache comes back as it was left,
  // with whatever it showed of people, even when the session has ended since (signed out
  // on another page, then Back). It is loaded anew instead: the server's page holds no
  // data, and the scripts ask the API again. (The pages are sent with Cache-Control:
  // no-store, which keeps most browsers from keeping them at all.)
  window.addEventListener("pageshow", (ev) => {
    if (ev.persisted) {
      location.reload();
    }
  });

  // Deferred scripts run in order before DOMContentLoaded: by then every part of the
  // page has registered its listeners.
  document.addEventListener("DOMContentLoaded", start);

  return {
    api, send, ApiError, on, emit, say, saidMark, failed, el, wrap, label, clock, day, sameDay, $, refresh, isProgram,
    problemFields, clearFieldErrors, showFieldErrors, guardSubmit, colleagues, colleagueOption,
    user: () => me,
  };
})();
