// The follow-up page (/follow-ups): a peer's, clinician's or coordinator's list of
// call-backs, worked from a phone. Plain script, no framework, nothing from elsewhere.
// Signing in and the API client are session.js's; the encounter form is encounter.js's.
//
// Privacy rules this file keeps: the list comes from the API after sign-in and lives in
// this script's memory only: never in the URL (the only query parameters are due,
// assignee=me and per_page), never in web storage or cookies, and it is dropped at
// sign-out. So are the colleagues a follow-up can be handed to.
"use strict";

(function () {
  const H = window.Handoff;
  const { $, el, wrap, api, say, failed, clock, day, sameDay } = H;
  const { t, has, lang, languageName } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  // care.Channels and care.AttemptOutcomes, in this order; their words are the catalog's
  // (followups.channel.CODE, followups.outcome.CODE), the words a peer would use.
  const CHANNELS = ["phone", "text", "in_person", "video"];
  const OUTCOMES = ["reached", "no_answer", "left_message", "wrong_number", "declined"];
  const PER_PAGE = 100;
  const NOTE_MAX = 500;

  let due = "today"; // the tab: today, overdue or upcoming (followups.empty.DUE, followups.count.DUE)
  let loads = 0; // the latest list load; older answers are dropped
  const people = new Map(); // the follow-ups' person_id -> {name, phone, language} or null (not readable)
  let colleagues = null; // the active peers and clinicians but me, once asked (GET /api/v1/colleagues)
  let signins = 0; // counts sign-ins and sign-outs; answers for an earlier one are dropped

  // ---- the shift ----

  async function loadShift() {
    try {
      const page = await api("GET", "/api/v1/shifts?user=me&per_page=1");
      renderShift(page.items && page.items[0]);
    } catch (e) {
      $("shift-status").textContent = t("followups.shift_unread");
      failed(e);
    }
  }

  function renderShift(s) {
    const open = s && !s.ended_at;
    const text = $("shift-status");
    if (open) {
      const n = s.interactions || 0;
      text.textContent = t("followups.on_shift", { time: clock(new Date(s.started_at)), count: n });
    } else {
      text.textContent = t("followups.off_shift");
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
        say(t("followups.shift_ended", { count: n }));
      } else {
        say(t("followups.shift_started"));
      }
    } catch (e) {
      failed(e);
    } finally {
      button.disabled = false;
    }
    if (H.user()) {
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
    say(t("followups.loading"));
    try {
      const page = await api("GET", "/api/v1/follow-ups?due=" + due + "&assignee=me&per_page=" + PER_PAGE);
      const items = page.items || [];
      // Each item carries its person (name and contact): the list is one request. An
      // item without one (an older server) falls back to reading the person.
      for (const f of items) {
        if (f.person) {
          people.set(f.person_id, brief(f.person));
        }
      }
      await lookUpPeople(items.filter((f) => !f.person).map((f) => f.person_id));
      if (mine !== loads) {
        return;
      }
      list.replaceChildren(...items.map(item));
      $("empty").textContent = t("followups.empty." + due);
      $("empty").hidden = items.length > 0;
      if (page.total > items.length) {
        $("more").textContent = t("followups.more", { shown: items.length, total: page.total });
        $("more").hidden = false;
      }
      say(t("followups.count." + due, { count: page.total }));
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

  // brief keeps only what the list shows of a person; the rest is dropped here.
  function brief(p) {
    return { name: p.display_name, phone: p.phone || "", language: p.preferred_language || "" };
  }

  // lookUpPeople is the fallback for items that came without their person: it reads
  // them, a few at a time. Each read is audited by the server, as a look at the
  // person's file.
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
      return brief(await api("GET", "/api/v1/people/" + encodeURIComponent(id)));
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

    const h = el("h3", "name", p ? p.name : t("followups.unavailable"));
    h.tabIndex = -1;
    if (p) {
      h.setAttribute("translate", "no"); // a person's name
    }
    li.append(h);

    const meta = el("p", "meta");
    meta.append(el("span", "due" + (due === "overdue" ? " late" : ""), dueText(new Date(f.due_at))), " · ",
      el("span", "tries", tries(f.attempts.length)));
    if (f.status === "flagged") {
      meta.append(" ", el("span", "badge flagged", t("followups.flagged")));
    }
    if (f.status === "done") {
      meta.append(" ", el("span", "badge done", t("followups.done")));
    }
    li.append(meta);

    if (p && (p.phone || p.language)) {
      const contact = el("p", "contact");
      if (p.phone) {
        const dial = p.phone.replace(/[^0-9+]/g, "");
        const call = el("a", "call", t("followups.call", { phone: p.phone }));
        call.href = "tel:" + dial;
        const text = el("a", "sms", t("followups.text"));
        text.href = "sms:" + dial;
        text.setAttribute("aria-label", t("followups.text_to", { phone: p.phone }));
        contact.append(call, text);
      }
      if (p.language) {
        contact.append(el("span", "lang", t("followups.prefers", { language: languageName(p.language) })));
      }
      li.append(contact);
    }

    const last = f.attempts[f.attempts.length - 1];
    if (last) {
      li.append(el("p", "last", t("followups.last_try", { outcome: lower(outcomeWords(last.outcome)),
        channel: lower(channelWords(last.channel)), when: when(new Date(last.at)) })));
    }

    if (f.status === "done") {
      return li;
    }
    li.append(logForm(f), handForm(f));
    return li;
  }

  // logForm is the attempt logger: how, an optional note, and one button per outcome.
  // It is not a <form>, so that Enter in the note can never send anything by itself.
  function logForm(f) {
    const box = el("fieldset", "log");
    box.append(el("legend", "", t("followups.log")));

    const row = el("div", "fields");
    const chID = "ch-" + f.id;
    const noteID = "note-" + f.id;
    const chLabel = el("label", "", t("followups.how"));
    chLabel.htmlFor = chID;
    const ch = el("select");
    ch.id = chID;
    for (const v of CHANNELS) {
      const o = el("option", "", channelWords(v));
      o.value = v;
      ch.append(o);
    }
    const noteLabel = el("label", "", t("followups.note"));
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
    outcomes.setAttribute("aria-label", t("followups.what_happened"));
    for (const v of OUTCOMES) {
      const b = el("button", v === "reached" || v === "declined" ? "good" : "", outcomeWords(v));
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
    say(t("followups.saving"));
    const body = { channel, outcome };
    if (note.trim()) {
      body.note = note.trim();
    }
    try {
      const updated = await api("POST", "/api/v1/follow-ups/" + encodeURIComponent(f.id) + "/attempts", body);
      updated.attempts = updated.attempts || [];
      const old = box.closest("li");
      const li = item(updated);
      old.replaceWith(li);
      li.querySelector("h3").focus();
      const said = lower(outcomeWords(outcome));
      let msg = t("followups.logged", { outcome: said, count: updated.attempts.length });
      if (updated.status === "done") {
        msg = t("followups.logged_done", { outcome: said });
      } else if (updated.status === "flagged" && f.status !== "flagged") {
        msg += " " + t("followups.now_flagged");
      }
      say(msg);
      loadShift(); // attempts count for the open shift
    } catch (e) {
      buttons.forEach((b) => (b.disabled = false));
      // No connection: kept on the phone, encrypted, and sent when it returns (offline-queue.js).
      const who = (people.get(f.person_id) || {}).name || t("followups.a_person");
      if (e.status === 0 && window.HandoffOffline && await window.HandoffOffline.queue.add("POST",
        "/api/v1/follow-ups/" + encodeURIComponent(f.id) + "/attempts", Object.assign({ at: new Date().toISOString() }, body),
        t("followups.queued_try", { outcome: lower(outcomeWords(outcome)), who })).catch(() => false)) {
        const noteBox = box.querySelector("input[type=text], textarea");
        if (noteBox) {
          noteBox.value = "";
        }
        say(t("followups.offline_try"));
        return;
      }
      const detail = failed(e);
      if (detail) {
        err.textContent = detail;
        err.hidden = false;
      }
    }
  }

  // ---- handing a follow-up to a colleague ----

  // loadColleagues asks once per sign-in for the peers and clinicians a follow-up can be
  // handed to, and offers them in every item's "Hand to a colleague" choice. Without an
  // answer the choice stays hidden; it is asked again at the next sign-in.
  async function loadColleagues() {
    const mine = signins;
    const list = await H.colleagues();
    if (!list || mine !== signins) {
      return; // no answer, or signed out or someone else signed in meanwhile
    }
    colleagues = list;
    for (const box of $("list").querySelectorAll("fieldset.hand")) {
      fillColleagues(box);
    }
  }

  // fillColleagues offers the colleagues in an item's choice, keeping the one made; the
  // control shows only when there is someone to hand to.
  function fillColleagues(box) {
    const sel = box.querySelector("select");
    const chosen = sel.value;
    const none = el("option", "", t("followups.choose_colleague"));
    none.value = "";
    const opts = [none];
    for (const c of colleagues || []) {
      opts.push(H.colleagueOption(c));
    }
    sel.replaceChildren(...opts);
    sel.value = opts.some((o) => o.value === chosen) ? chosen : "";
    box.hidden = opts.length < 2;
  }

  // handForm is an open item's "Hand to a colleague" control: a choice and a button.
  function handForm(f) {
    const box = el("fieldset", "hand");
    box.append(el("legend", "", t("followups.hand")));
    const selID = "hand-" + f.id;
    const errID = "hand-err-" + f.id;
    const selLabel = el("label", "", t("followups.colleague"));
    selLabel.htmlFor = selID;
    const sel = el("select");
    sel.id = selID;
    sel.setAttribute("aria-describedby", errID);
    const b = el("button", "secondary", t("followups.hand_over"));
    b.type = "button";
    b.addEventListener("click", () => handOver(f, sel.value, box));
    const row = el("div", "hand-row");
    row.append(wrap(selLabel, sel), b);
    const err = el("p", "error");
    err.id = errID;
    err.setAttribute("role", "alert");
    err.hidden = true;
    box.append(row, err);
    fillColleagues(box);
    return box;
  }

  async function handOver(f, to, box) {
    const sel = box.querySelector("select");
    const button = box.querySelector("button");
    const err = box.querySelector(".error");
    const problem = (text) => {
      err.textContent = text;
      err.hidden = false;
      sel.setAttribute("aria-invalid", "true");
    };
    err.hidden = true;
    sel.removeAttribute("aria-invalid");
    const c = (colleagues || []).find((x) => x.id === to);
    if (!c) {
      problem(t("followups.choose_colleague_error"));
      sel.focus();
      return;
    }
    const mine = signins;
    sel.disabled = button.disabled = true;
    say(t("followups.handing"));
    let done;
    try {
      done = await reassign(f, c.id);
    } catch (e) {
      if (mine !== signins) {
        return;
      }
      sel.disabled = button.disabled = false;
      if (e.status === 412 || e.status === 409) {
        await loadList();
        if (mine === signins) {
          say(t("followups.changed"));
        }
        return;
      }
      if (e.status === 400) {
        const fe = H.problemFields(e, { assignee_id: "assignee" }).find(([k]) => k === "assignee");
        const msg = fe ? fe[1] : e.detail;
        problem(fe ? t("followups.this_colleague", { message: msg.replace(/[.!?]?$/, ".") }) : msg);
        say(e.detail);
        sel.focus();
        return;
      }
      const detail = failed(e);
      if (detail) {
        problem(detail);
      }
      return;
    }
    if (!done || mine !== signins) {
      return;
    }
    // It is no longer mine: it leaves the list, and the focus goes to the next item.
    const li = box.closest("li");
    const next = li && (li.nextElementSibling || li.previousElementSibling);
    if (li) {
      li.remove();
    }
    const rest = $("list").children.length;
    $("empty").textContent = t("followups.empty." + due);
    $("empty").hidden = rest > 0;
    (next ? next.querySelector("h3") : $("work-h")).focus();
    say(t("followups.handed", { name: c.name }));
  }

  // reassign PATCHes the follow-up's assignee, pinned with If-Match to the version the
  // list showed, so that a follow-up changed meanwhile is not handed on unseen.
  function reassign(f, assigneeID) {
    const pin = f.version > 0 ? { "If-Match": '"f' + f.version + '"' } : undefined;
    return api("PATCH", "/api/v1/follow-ups/" + encodeURIComponent(f.id), { assignee_id: assigneeID }, pin);
  }

  // ---- small helpers ----

  function tries(n) {
    return n === 0 ? t("followups.no_attempts") : t("followups.attempts", { count: n });
  }

  // The words of a code the API sends; a code the catalog does not know shows as itself.
  function words(kind, code) {
    return has("followups." + kind + "." + code) ? t("followups." + kind + "." + code) : code;
  }
  const channelWords = (code) => words("channel", code);
  const outcomeWords = (code) => words("outcome", code);
  // lower puts a label inside a sentence ("Logged: no answer.").
  const lower = (s) => s.toLocaleLowerCase(lang);

  function when(d) {
    return sameDay(d, new Date()) ? t("followups.today_at", { time: clock(d) }) : t("followups.day_at", { day: day(d), time: clock(d) });
  }

  // dueText says when a follow-up is due; a due time of midnight means "that day".
  function dueText(d) {
    const allDay = d.getHours() === 0 && d.getMinutes() === 0;
    if (sameDay(d, new Date())) {
      return allDay ? t("followups.due_today") : t("followups.due_today_at", { time: clock(d) });
    }
    return allDay ? t("followups.due_day", { day: day(d) }) : t("followups.due_day_at", { day: day(d), time: clock(d) });
  }

  // ---- start ----

  H.on("signedin", () => {
    signins++;
    colleagues = null;
    return Promise.all([loadShift(), loadList(), loadColleagues()]);
  });
  // A recorded encounter counts for the shift, and may have scheduled a follow-up.
  H.on("recorded", () => Promise.all([loadShift(), loadList()]));
  H.on("forget", () => {
    loads++;
    signins++;
    people.clear();
    colleagues = null;
    $("list").replaceChildren();
    $("empty").hidden = true;
    $("more").hidden = true;
    $("shift-status").textContent = "";
  });
  $("shift-start").addEventListener("click", () => shiftMove("start"));
  $("shift-end").addEventListener("click", () => shiftMove("end"));
  for (const b of document.querySelectorAll(".tabs button")) {
    b.addEventListener("click", () => setTab(b.dataset.due));
  }
})();
