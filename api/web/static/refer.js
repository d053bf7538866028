// "Refer" on the search page's result cards: a peer, clinician or coordinator who is
// signed in refers a person to the service without leaving the search. Plain script, no
// framework, nothing from elsewhere; session.js learns who is signed in (it never asks to
// sign in here: that is /follow-ups), person-picker.js finds or makes the person.
//
// The referral shares the person's details with the agency only when a consent of the
// person covers the service's organization (42 CFR Part 2): the panel reads the person's
// file, and either sends the referral live, or offers to record the consent first, or to
// record the referral only (mode logged: nothing is sent or shared).
//
// Privacy rules this file keeps: what is typed lives in the panel and this script's
// memory only, and is sent in request bodies (the person search's words go to
// GET /api/v1/people?q= as the API defines it); the page's URL never changes and nothing
// goes to web storage. At sign-out it is dropped; when the session merely expires it is
// kept for the same user to sign in again (in another tab) and send it.
"use strict";

(function () {
  const H = window.Handoff;
  const { el, api } = H;
  const { t, date } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  const $ = (id) => document.getElementById(id);

  // The handoff:need codes (directory/vocab.go), in the search form's words (pub.need.*).
  const NEEDS = ["crisis", "treatment", "housing", "food", "health", "legal", "employment", "transportation", "benefits", "other"]
    .map((v) => [v, t("pub.need." + v)]);
  const CONSENT_DAYS = 90; // the usual term of a consent given in the field
  const CONSENT_YEARS = 5; // care.MaxConsentTerm: the longest the API accepts

  // Where each field the API names (errors[].field) is shown.
  const FIELDS = Object.assign({
    person_id: "person", need: "need", note: "note", discloser: "discloser", organization_ids: "to",
    any_treating_provider: "to", information: "information", purpose: "purpose", expires_at: "until",
    given_at: "until", method: "method", witnessed_by: "witness",
  }, window.HandoffPersonPicker.FIELDS);
  // The control each key marks.
  const CONTROLS = {
    person: "ref-person", need: "ref-need", note: "ref-note", way: "ref-way", to: "ref-to",
    information: "ref-information", purpose: "ref-purpose", until: "ref-until", discloser: "ref-discloser",
    method: "ref-method", witness: "ref-witness", "new-name": "ref-new-name", "new-phone": "ref-new-phone",
    "new-lang": "ref-new-lang",
  };
  const REQUIRED = {
    person: t("refer.required.person"), need: t("refer.required.need"), way: t("refer.required.way"),
    to: t("refer.required.to"), information: t("refer.required.information"), purpose: t("refer.required.purpose"),
    until: t("refer.required.until"), discloser: t("refer.required.discloser"), method: t("refer.required.method"),
    witness: t("refer.required.witness"), "new-name": t("refer.required.new_name"),
  };

  const panel = $("refer");
  const form = $("ref-form");
  const items = new WeakMap(); // a result card → the search result it shows
  const picker = window.HandoffPersonPicker.create("ref", { onChange: personChanged, onLost: lost });

  let user = null; // the signed-in program user; without one there is no Refer button
  let owner = ""; // the user what is typed belongs to
  let svc = null; // the service referred to: {key, id, name, orgId, orgName, needs}
  let card = null; // the result card the panel is in (none while docked)
  let consents = null; // the chosen person's consents, once read ([] for a new record)
  let reading = 0; // the latest read of a person's file; older answers are dropped
  let readError = "";
  let needTouched = false; // the need was chosen by hand: a new service keeps it
  let stale = false; // an answer said the session ended: ask who is signed in before writing
  // The form sends once at a time (submit.busy() while it does); render sets the button after.
  const submit = H.guardSubmit({
    clear: clearErrors, check, show: showErrors, button: "ref-send", working: t("refer.sending"), send, after: render,
  });
  let colleagues = null; // the owner's colleagues who may witness, once asked (GET /api/v1/colleagues)

  // ---- who is signed in ----

  // account says who is signed in. offline: no one is known because the check got no
  // answer, on a phone that keeps a program user's offline queue: the line says nothing
  // then, and offers no sign-in (that user is most likely still signed in; Refer comes
  // back with the connection, when offline-boot.js sends the queue and asks again).
  function account(u, offline) {
    const line = $("account-line");
    const program = H.isProgram(u);
    line.dataset.state = offline ? "offline" : !u ? "signed-out" : program ? "program" : "other";
    $("account-text").replaceChildren(...(u ? words(program ? "refer.signed_in_program" : "refer.signed_in", { name: u.name || u.email }) : []));
    $("signin-link").hidden = !!u || !!offline;
    // Agency staff keep their own listings: the portal is theirs, not the program's pages.
    $("agency-link").hidden = !(u && u.role === "agency");
    line.hidden = !!offline;
  }

  // words is the message t(key, names and plain) as nodes, each value of names in a span
  // of its own marked translate="no": names of people, services, organizations and
  // users are never translated, by a browser's translation either.
  function words(key, names, plain) {
    const marked = Object.assign({}, plain);
    const values = Object.values(names);
    Object.keys(names).forEach((k, i) => {
      marked[k] = "\u0001" + i + "\u0002";
    });
    return t(key, marked).split(/\u0001(\d+)\u0002/).map((part, i) => {
      if (i % 2 === 0) {
        return document.createTextNode(part);
      }
      const span = el("span", "", String(values[+part]));
      span.setAttribute("translate", "no");
      return span;
    });
  }

  // offlineSession tells, when the check of who is signed in found no one, whether that
  // was for want of a connection on a phone a program user works offline on: the
  // offline queue keeps an unexpired key of theirs (offline-queue.js, until sign-out),
  // and the server cannot be asked. A server that answers says who is signed in, if anyone.
  async function offlineSession() {
    const O = window.HandoffOffline;
    if (!O || !O.queue || !O.queue.holder || !(await O.queue.holder().catch(() => ""))) {
      return false;
    }
    if (!navigator.onLine) {
      return true;
    }
    try {
      return !!(await H.refresh()); // signed in after all: refresh announced them
    } catch (e) {
      return true; // no answer: not known to be signed out
    }
  }

  let checks = 0; // the latest check; an older one's answer is dropped
  H.on("checked", async (u) => {
    const mine = ++checks;
    const offline = !u && await offlineSession();
    if (mine === checks) {
      account(u, offline);
    }
  });
  H.on("signedin", (u) => {
    if (owner && owner !== u.id) {
      forgetAll(); // someone else's unsent referral
    }
    user = u;
    for (const li of document.querySelectorAll("#results li.card")) {
      addButton(li);
    }
  });
  H.on("forget", ({ expired }) => {
    if (expired) {
      return; // kept for the same user: lost() says how to go on
    }
    user = null;
    forgetAll();
    for (const b of document.querySelectorAll(".card-refer")) {
      b.remove();
    }
    account(null);
  });

  // ---- the cards ----

  const keyOf = (it) => (it.service && it.service.id) + "|" + (it.location && it.location.id || "");

  window.HandoffCards.decorate((li, it) => {
    items.set(li, it);
    if (user) {
      addButton(li);
    }
    // A new search that shows the service again gets the open panel back in its card.
    if (!panel.hidden && svc && keyOf(it) === svc.key) {
      attach(li);
    }
  });

  function addButton(li) {
    const it = items.get(li);
    if (!it || !it.service || !it.service.id || li.querySelector(".card-refer")) {
      return;
    }
    const b = el("button", "secondary refer-open", t("refer.refer"));
    b.type = "button";
    b.setAttribute("aria-expanded", String(!panel.hidden && card === li));
    b.setAttribute("aria-controls", "refer");
    const whom = el("span", "visually-hidden", " ");
    whom.append(...(it.service.name ? words("refer.refer_whom", { service: it.service.name }) : [t("refer.refer_whom_any")]));
    b.append(whom);
    b.addEventListener("click", () => toggle(li));
    const box = el("div", "card-refer");
    box.append(b);
    const details = li.querySelector("details.about");
    li.insertBefore(box, details);
  }

  // The results list is replaced by every new search: an open panel whose card went away
  // waits above the results, with everything typed.
  new MutationObserver(() => {
    if (!panel.hidden && !panel.isConnected) {
      card = null;
      $("refer-dock").append(panel);
    }
  }).observe($("results"), { childList: true });

  function attach(li) {
    card = li;
    li.append(panel);
    expanded();
  }

  // expanded marks the Refer button of the panel's card as open, and the others closed
  // (the card may not be in the page yet: a new search is still building its list).
  function expanded() {
    const buttons = new Set(document.querySelectorAll(".refer-open"));
    const own = card && card.querySelector(".refer-open");
    if (own) {
      buttons.add(own);
    }
    for (const b of buttons) {
      b.setAttribute("aria-expanded", String(!panel.hidden && b === own));
    }
  }

  // ---- opening and closing ----

  function toggle(li) {
    if (!panel.hidden && card === li) {
      close();
      return;
    }
    open(li);
  }

  function open(li) {
    const it = items.get(li);
    const s = it.service;
    const org = s.organization || {};
    const next = {
      key: keyOf(it), id: s.id, name: s.name || t("refer.this_service"), orgId: String(org.id || "").toLowerCase(),
      orgName: org.name || s.name || t("refer.the_agency"), needs: s.needs || [],
    };
    if (panel.dataset.state !== "form") {
      resetForm(); // the last referral is done: a new one starts empty
    }
    svc = next;
    owner = user ? user.id : "";
    loadColleagues();
    $("ref-service").textContent = svc.name;
    $("ref-org").textContent = svc.orgName !== svc.name ? svc.orgName : "";
    $("ref-to-org-name").textContent = svc.orgName;
    if (!needTouched) {
      $("ref-need").value = presetNeed();
    }
    panel.hidden = false;
    attach(li);
    render();
    $("ref-h").focus();
  }

  function close() {
    const from = card;
    panel.hidden = true;
    expanded();
    const b = from && from.querySelector(".refer-open");
    if (b) {
      b.focus();
    }
  }

  // presetNeed is the search's need, or the service's only need.
  function presetNeed() {
    const asked = (new URLSearchParams(location.search).getAll("need").join(",").split(",")[0] || "").trim();
    if (NEEDS.some(([v]) => v === asked)) {
      return asked;
    }
    return svc && svc.needs.length === 1 && NEEDS.some(([v]) => v === svc.needs[0]) ? svc.needs[0] : "";
  }

  // ---- the person and their consent ----

  function personChanged(what) {
    clearError("person");
    if (what === "picked") {
      readFile();
    } else if (what === "new" || what === "created") {
      reading++;
      readError = "";
      consents = consents && what === "created" ? consents : []; // a new record has none
    } else {
      reading++;
      readError = "";
      consents = null;
    }
    render();
  }

  async function readFile() {
    const p = picker.person();
    if (!p) {
      return;
    }
    const mine = ++reading;
    consents = null;
    readError = "";
    render();
    try {
      const f = await api("GET", "/api/v1/people/" + encodeURIComponent(p.id));
      if (mine !== reading) {
        return;
      }
      consents = f.consents || [];
    } catch (e) {
      if (mine !== reading) {
        return;
      }
      readError = e.status === 401 ? t("refer.session_ended") : e.detail;
      if (e.status === 401) {
        lost();
      }
    }
    render();
  }

  // covering is the consent on file that lets the referral share the person's details
  // with the service's organization now, as care.Consent.Covers decides, or null. The
  // server decides again when the referral is sent.
  function covering() {
    if (!svc || !svc.orgId || !Array.isArray(consents)) {
      return null;
    }
    const now = Date.now();
    let best = null;
    for (const k of consents) {
      const given = k.given_at ? Date.parse(k.given_at) : 0;
      const ends = Date.parse(k.expires_at);
      const revoked = k.revoked_at ? Date.parse(k.revoked_at) : 0;
      if (given > now || !(now < ends) || (revoked && revoked <= now)) {
        continue;
      }
      const orgs = (k.organization_ids || []).map((id) => String(id).toLowerCase());
      if (!k.any_treating_provider && !orgs.includes(svc.orgId)) {
        continue;
      }
      if (!best || ends > Date.parse(best.expires_at)) {
        best = k;
      }
    }
    return best;
  }

  const picked = (name) => {
    const c = form.querySelector("input[name=" + name + "]:checked");
    return c ? c.value : "";
  };

  // render shows what applies now: the consent on file, or the choice and the consent's
  // fields, and names the button after what it will do.
  function render() {
    const named = picker.named();
    const p = picker.person();
    const who = p ? p.name : picker.newName() || t("refer.person");
    const checking = named && !!p && !p.fresh && consents === null && !readError;
    const cover = covering();
    const known = named && Array.isArray(consents);
    const choose = known && !cover;
    const way = picked("ref-way");
    let status = [];
    if (!named) {
      status = [];
    } else if (checking) {
      status = words("refer.checking", { who });
    } else if (readError) {
      status = words("refer.read_failed", { who }, { detail: readError });
    } else if (cover && cover.any_treating_provider) {
      status = words("refer.covered_any", { who }, { date: day(cover.expires_at) });
    } else if (cover) {
      status = words("refer.covered_org", { who, org: svc.orgName }, { date: day(cover.expires_at) });
    } else if (!svc.orgId) {
      status = [t("refer.no_org")];
    } else if (p && !p.fresh) {
      status = words("refer.no_consent", { who, org: svc.orgName });
    } else {
      status = words("refer.new_no_consent", { org: svc.orgName });
    }
    $("ref-consent-box").hidden = !named;
    $("ref-consent-status").replaceChildren(...status);
    $("ref-consent-box").dataset.consent = !named ? "" : checking ? "checking" : readError ? "error" : cover ? "covered" : "none";
    $("ref-recheck").hidden = !readError;
    $("ref-way").hidden = !choose;
    $("ref-way-consent").disabled = !svc || !svc.orgId;
    $("ref-consent").hidden = !choose || way !== "consent" || !svc.orgId;
    $("ref-witness-box").hidden = picked("ref-method") !== "verbal";
    const button = $("ref-send");
    button.disabled = submit.busy() || checking;
    if (!submit.busy()) {
      button.textContent = t(cover || !choose ? "refer.send"
        : way === "consent" ? "refer.send_consent" : way === "logged" ? "refer.send_logged" : "refer.send");
    }
  }

  // ---- errors next to their fields ----

  function clearErrors() {
    $("ref-error").hidden = true;
    $("ref-error").dataset.kind = "";
    $("ref-error").replaceChildren();
    H.clearFieldErrors(panel);
  }

  // clearError takes a field's error away as it is fixed, and the summary at the top
  // with the last one.
  function clearError(key) {
    const p = $("ref-err-" + key);
    if (!p || p.hidden) {
      return;
    }
    p.hidden = true;
    p.textContent = "";
    $(CONTROLS[key]).removeAttribute("aria-invalid");
    const box = $("ref-error");
    if (box.dataset.kind === "fields" && !panel.querySelector(".field-error:not([hidden])")) {
      box.hidden = true;
      box.replaceChildren();
    }
  }

  // edited clears the error of the field the target belongs to.
  function edited(target) {
    for (const [key, id] of Object.entries(CONTROLS)) {
      const c = $(id);
      if (c && (c === target || (c.matches("fieldset") && c.contains(target)))) {
        clearError(key);
      }
    }
  }

  // showErrors puts each [key, message] next to its field, says how many there are, and
  // takes the focus to the first. Nothing typed is cleared.
  function showErrors(errs, lead) {
    const shown = H.showFieldErrors(errs, {
      prefix: "ref", controls: CONTROLS, required: REQUIRED, inputs: "input:not([type=hidden]):not(:disabled)",
      lead: lead || t("refer.not_sent"),
    });
    say(shown.summary);
    $("ref-error").dataset.kind = shown.loose ? "" : "fields";
    (shown.first || $("ref-h")).focus();
  }

  // say puts a message at the top of the panel.
  function say(text, extra) {
    const box = $("ref-error");
    box.dataset.kind = "";
    box.replaceChildren(document.createTextNode(text));
    if (extra) {
      box.append(" ", extra);
    }
    box.hidden = false;
  }

  // refused shows an error of the API: field errors next to their fields, a lost session
  // with the way back, anything else at the top. lead says what did happen.
  function refused(e, lead) {
    lead = lead || t("refer.not_sent");
    if (e.status === 401) {
      lost(lead);
      return;
    }
    const errs = e.status === 400 ? H.problemFields(e, FIELDS) : [];
    if (errs.length) {
      showErrors(errs, lead);
      return;
    }
    say(lead + " " + e.detail);
    $("ref-h").focus();
  }

  // lost says the session ended. Signing in happens on /follow-ups, in another tab, so
  // that this panel and the search stay as they are.
  function lost(lead) {
    stale = true;
    const a = el("a", "", t("refer.sign_in_again"));
    a.href = "/follow-ups";
    a.target = "_blank";
    a.rel = "noopener";
    say((typeof lead === "string" ? lead + " " : "") + t("refer.session_ended"), a);
    const tail = el("span", "", " " + t("refer.then_again"));
    $("ref-error").append(tail);
    $("ref-h").focus();
  }

  // revive asks who is signed in after a lost session: the same user goes on; anyone
  // else gets an empty panel (session.js's forget drops it).
  async function revive() {
    let u;
    try {
      u = await H.refresh();
    } catch (e) {
      say(t("refer.not_sent") + " " + e.detail);
      return false;
    }
    if (!u) {
      lost(t("refer.not_sent"));
      return false;
    }
    if (u.id !== owner || !H.isProgram(u)) {
      return false;
    }
    stale = false;
    return true;
  }

  // write sends a change. When another tab signed in again meanwhile, the session (and
  // its CSRF token) changed: learn the new token and send once more.
  async function write(path, body) {
    try {
      return await api("POST", path, body);
    } catch (e) {
      if (e.status === 403 && /CSRF/i.test(e.detail || "")) {
        const u = await H.refresh().catch(() => null);
        if (u && u.id === owner) {
          return api("POST", path, body);
        }
      }
      throw e;
    }
  }

  // ---- the witness ----

  // loadColleagues fills the Witness choice with the program's active peers and
  // clinicians, once per signed-in user: the one signed in ("Me") comes first and is the
  // default. Without an answer (an ended session, the network) only "Me" is offered.
  async function loadColleagues() {
    if (!owner || colleagues !== null) {
      return;
    }
    const mine = owner;
    const list = await H.colleagues();
    if (!list || mine !== owner) {
      return; // no answer (asked again when the panel next opens), or someone else signed in
    }
    colleagues = list;
    fillWitnesses();
  }

  // fillWitnesses lists "Me" and the colleagues, keeping the choice made.
  function fillWitnesses() {
    const sel = $("ref-witness-who");
    const chosen = sel.value;
    const me = el("option", "", user && user.name ? t("refer.me_named", { name: user.name }) : t("refer.me"));
    me.value = "me";
    me.defaultSelected = true;
    const opts = [me];
    for (const c of colleagues || []) {
      opts.push(H.colleagueOption(c));
    }
    sel.replaceChildren(...opts);
    sel.value = opts.some((o) => o.value === chosen) ? chosen : "me";
  }

  // ---- sending ----

  // check finds what the API requires and the panel lacks, before anything is sent.
  function check() {
    const errs = [];
    if (!picker.named()) {
      errs.push(["person", ""]);
    }
    errs.push(...picker.missing());
    if (!$("ref-need").value) {
      errs.push(["need", ""]);
    }
    if (!picker.named() || covering()) {
      return errs;
    }
    const way = picked("ref-way");
    if (!way) {
      errs.push(["way", ""]);
    }
    if (way !== "consent") {
      return errs;
    }
    for (const k of ["information", "purpose", "discloser"]) {
      if (!$("ref-" + k).value.trim()) {
        errs.push([k, ""]);
      }
    }
    const until = untilDate();
    if (!$("ref-until").value) {
      errs.push(["until", ""]);
    } else if (!until || until.getTime() <= Date.now()) {
      errs.push(["until", t("refer.after_today")]);
    }
    const method = picked("ref-method");
    if (!method) {
      errs.push(["method", ""]);
    } else if (method === "verbal" && !$("ref-witness").checked) {
      errs.push(["witness", ""]);
    }
    return errs;
  }

  // untilDate is the end of the chosen day, on the phone's clock.
  function untilDate() {
    const m = /^(\d{4})-(\d\d)-(\d\d)$/.exec($("ref-until").value);
    return m ? new Date(+m[1], m[2] - 1, +m[3], 23, 59, 0) : null;
  }

  function consentBody() {
    const b = {
      discloser: $("ref-discloser").value.trim(), information: $("ref-information").value.trim(),
      purpose: $("ref-purpose").value.trim(), expires_at: untilDate().toISOString(), method: picked("ref-method"),
    };
    if (picked("ref-to") === "any") {
      b.any_treating_provider = true;
    } else {
      b.organization_ids = [svc.orgId];
    }
    if (b.method === "verbal" && $("ref-witness").checked) {
      const w = $("ref-witness-who").value;
      b.witnessed_by = w && w !== "me" ? w : owner; // a colleague, or the one signed in
    }
    return b;
  }

  // send makes the person's record, the consent and the referral, as the form asks, once
  // the form has been checked (H.guardSubmit).
  async function send() {
    let lead = t("refer.not_sent");
    if (stale && !(await revive())) {
      return;
    }
    let person;
    try {
      person = await picker.ensure();
    } catch (e) {
      refused(e, lead);
      return;
    }
    let mode = "live";
    if (!covering()) {
      if (picked("ref-way") === "logged" || !svc.orgId) {
        mode = "logged";
      } else {
        try {
          const k = await write("/api/v1/people/" + encodeURIComponent(person.id) + "/consents", consentBody());
          consents = (consents || []).concat([k]);
          lead = t("refer.consent_recorded");
        } catch (e) {
          refused(e, lead);
          return;
        }
      }
    }
    const body = { person_id: person.id, service_id: svc.id, need: $("ref-need").value, mode };
    const note = $("ref-note").value.trim();
    if (note) {
      body.note = note;
    }
    let r;
    try {
      r = await write("/api/v1/referrals", body);
    } catch (e) {
      // No connection: a record-only referral is kept on the phone, encrypted, and sent
      // when the connection returns (offline-queue.js); a live one needs the agency now.
      if (e.status === 0 && mode === "logged" && window.HandoffOffline && await window.HandoffOffline.queue.add("POST",
        "/api/v1/referrals", body, t("refer.queued_label", { person: person.name, service: svc.name })).catch(() => false)) {
        done({ mode: "logged", need: body.need }, person);
        $("ref-done-h").textContent = t("refer.kept_h");
        $("ref-done-what").replaceChildren(...words("refer.kept_what", { person: person.name, service: svc.name, org: svc.orgName }));
        return;
      }
      if (e.status === 422 && /no-consent/.test((e.body && e.body.type) || "")) {
        readFile(); // the file changed (or the clock): show the choice again
      }
      refused(e, lead);
      return;
    }
    done(r, person);
  }

  // ---- the result ----

  function done(r, person) {
    const live = r.mode === "live";
    const need = (NEEDS.find(([v]) => v === r.need) || [r.need, r.need])[1];
    $("ref-done-h").replaceChildren(...(live ? words("refer.sent_h", { org: svc.orgName }) : [t("refer.recorded_h")]));
    $("ref-done-what").replaceChildren(...words(live ? "refer.done_live" : "refer.done_logged",
      live ? { person: person.name, service: svc.name } : { person: person.name, service: svc.name, org: svc.orgName },
      { need: need.toLowerCase() }));
    const link = live ? r.agency_link || "" : "";
    $("ref-link-box").hidden = !link;
    $("ref-link").value = link;
    $("ref-copied").textContent = "";
    const next = [];
    if (live) {
      next.push(words("refer.next_staff", { org: svc.orgName }));
      if (link) {
        next.push(words("refer.next_link", { person: person.name, org: svc.orgName }, { date: day(r.agency_link_expires_at) }));
      }
      next.push([t("refer.next_answer")]);
    } else {
      next.push(words("refer.next_kept", { person: person.name }));
      next.push(words("refer.next_call", { person: person.name, org: svc.orgName }));
    }
    $("ref-next").replaceChildren(...next.map((parts) => {
      const li = el("li");
      li.append(...parts);
      return li;
    }));
    panel.dataset.state = live ? "sent" : "recorded";
    form.hidden = true;
    $("ref-done").hidden = false;
    emptyForm(); // what was typed is no longer needed
    $("ref-done-h").focus();
  }

  async function copy() {
    const input = $("ref-link");
    const msg = $("ref-copied");
    try {
      await navigator.clipboard.writeText(input.value);
      msg.textContent = t("refer.copied");
    } catch (e) {
      // No clipboard here (a page not served over https): select it for the phone's Copy.
      input.focus();
      input.select();
      let ok = false;
      try {
        ok = document.execCommand("copy");
      } catch (e2) {
        ok = false;
      }
      msg.textContent = ok ? t("refer.copied") : t("refer.selected");
    }
  }

  // ---- starting over ----

  function localDay(d) {
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate());
  }

  function day(iso) {
    const d = new Date(iso);
    return isNaN(d) ? "" : date(d, { month: "short", day: "numeric", year: "numeric" });
  }

  // emptyForm drops what was typed and sets the defaults again.
  function emptyForm() {
    form.reset();
    picker.reset();
    clearErrors();
    reading++;
    consents = null;
    readError = "";
    needTouched = false;
    stale = false;
    const now = new Date();
    const until = $("ref-until");
    until.value = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + CONSENT_DAYS));
    until.min = localDay(new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1));
    until.max = localDay(new Date(now.getFullYear() + CONSENT_YEARS, now.getMonth(), now.getDate() - 1));
    $("ref-need").value = svc ? presetNeed() : "";
    render();
  }

  // resetForm shows an empty form again (after a referral is done).
  function resetForm() {
    emptyForm();
    panel.dataset.state = "form";
    $("ref-done").hidden = true;
    $("ref-link").value = "";
    $("ref-next").replaceChildren();
    form.hidden = false;
  }

  // forgetAll drops everything of the panel: at sign-out, or when someone else signs in.
  function forgetAll() {
    resetForm();
    owner = "";
    colleagues = null;
    fillWitnesses();
    svc = null;
    panel.hidden = true;
    expanded();
  }

  // ---- start ----

  // The panel names the service and its organization as the directory does: not words
  // of the page (cards.js marks the card's names so too).
  for (const id of ["ref-service", "ref-org", "ref-to-org-name"]) {
    $(id).setAttribute("translate", "no");
  }
  for (const [v, label] of NEEDS) {
    const o = el("option", "", label);
    o.value = v;
    $("ref-need").append(o);
  }
  form.addEventListener("submit", submit.onSubmit);
  form.addEventListener("change", (e) => {
    if (e.target.id === "ref-need") {
      needTouched = true;
    }
    edited(e.target);
    if (e.target.name === "ref-method") {
      clearError("witness"); // asked again (or no longer) with the method
    }
    render();
  });
  form.addEventListener("input", (e) => edited(e.target));
  // Enter in a one-line field (the search, the phone keyboard's "Go") never sends the
  // referral half-filled: the button does.
  form.addEventListener("keydown", (e) => {
    const c = e.target;
    if (e.key === "Enter" && c.tagName === "INPUT" && !["checkbox", "radio", "submit", "button"].includes(c.type)) {
      e.preventDefault();
    }
  });
  panel.addEventListener("keydown", (e) => {
    if (e.key === "Escape" && !submit.busy()) {
      close();
    }
  });
  $("ref-new-name").addEventListener("input", render);
  $("ref-recheck").addEventListener("click", readFile);
  $("ref-close").addEventListener("click", close);
  $("ref-done-close").addEventListener("click", close);
  $("ref-copy").addEventListener("click", copy);
  $("ref-again").addEventListener("click", () => {
    resetForm();
    $("ref-h").focus();
  });
  emptyForm();
})();
