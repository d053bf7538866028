// The agency portal's referrals inbox (/agency): the referrals sent to the organization
// (GET /api/v1/agency/referrals, which shows the person only as their consent allows),
// under New, Accepted, In progress and Closed, answered with
// POST /api/v1/referrals/{id}/transitions: accept, decline with a reason, start, and end
// with the agency link page's plain outcomes. Statuses, needs and outcomes are said by
// code from the catalog, in the agency link page's words (link.state.*, pub.need.*,
// link.outcome.*); the listings' answer gives the outcomes' order.
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const A = window.HandoffAgency;
  const { t, has, num, languageName } = window.HandoffI18n; // i18n.js, loaded before
  // Each tab's statuses; its empty words are agency.inbox.empty.NAME.
  const TABS = {
    new: ["requested"],
    accepted: ["accepted"],
    progress: ["in-progress", "on-hold"],
    closed: ["completed", "failed", "rejected", "cancelled", "entered-in-error"],
  };
  let tab = "new";
  let seq = 0; // the latest read; older answers are dropped

  const words = () => A.words() || { outcomes: [], statuses: {} };
  const byCode = (prefix, code, other) => (has(prefix + code) ? t(prefix + code) : other || code);
  const statusWords = (st) => byCode("link.state.", st, words().statuses[st]);
  const needWords = (need) => byCode("pub.need.", need, (words().needs || {})[need]);

  function card(r) {
    const li = H.el("li", "ref");
    li.dataset.referral = r.id;
    li.dataset.status = r.status;
    const h = H.el("h3", "", A.serviceName(r.service_id));
    h.id = "ref-" + r.id;
    h.tabIndex = -1;
    h.translate = false; // a name
    const sent = r.requested_at ? " · " + t("agency.ref.sent", { ago: A.ago(r.requested_at) }) : "";
    li.append(h, H.el("p", "meta", t("agency.ref.need", { need: needWords(r.need) }) + sent));
    li.append(H.el("p", "state", statusWords(r.status) + (r.outcome ? " — " + outcomeLabel(r.outcome) : "")));
    if (r.person) {
      const p = H.el("div", "contact");
      const name = H.el("strong", "", r.person.display_name);
      name.translate = false;
      p.append(name);
      if (r.person.phone) {
        const a = H.el("a", "", r.person.phone);
        a.href = "tel:" + r.person.phone.replace(/[^0-9+]/g, "");
        p.append(a);
      }
      if (r.person.preferred_language) {
        p.append(H.el("span", "lang", t("agency.ref.language", { language: languageName(r.person.preferred_language) })));
      }
      li.append(p);
      if (r.note) {
        const note = H.el("p", "note", r.note);
        note.translate = false;
        li.append(note);
      }
    } else {
      li.append(H.el("p", "muted unshared", t("agency.ref.unshared")));
    }
    // The reason, unless it only repeats the outcome already said on the state line (the
    // API's English words, which a move from here or the link page records as the reason).
    if (r.status_reason && !(r.outcome && [outcomeLabel(r.outcome), outcomeRecorded(r.outcome)].includes(r.status_reason))) {
      const why = H.el("p", "reason", t("agency.ref.reason") + " ");
      const text = H.el("span", "", r.status_reason);
      text.translate = false; // written by someone
      why.append(text);
      li.append(why);
    }
    li.append(actions(r, li));
    return li;
  }

  function outcomeLabel(code) {
    return byCode("link.outcome.", code, outcomeRecorded(code));
  }

  // outcomeRecorded is an outcome as the referral's record says it when it is the reason:
  // the API's words, the same in every language.
  function outcomeRecorded(code) {
    const w = words().outcomes.find((o) => o.code === code);
    return w ? w.label : code;
  }

  function actions(r, li) {
    const box = H.el("div", "ref-actions");
    const err = H.el("p", "field-error");
    err.hidden = true;
    const allowed = r.allowed || [];
    const button = (text, cls, fn) => {
      const b = H.el("button", cls, text);
      b.type = "button";
      b.addEventListener("click", fn);
      return b;
    };
    const row = H.el("div", "ref-row");
    if (allowed.includes("accepted")) {
      row.append(button(t("agency.ref.accept"), "accept", (ev) => move(r, li, ev.target, err, { to: "accepted" })));
    }
    if (allowed.includes("in-progress")) {
      row.append(button(t("agency.ref.start"), "secondary start", (ev) => move(r, li, ev.target, err, { to: "in-progress" })));
    }
    if (allowed.includes("rejected")) {
      const form = H.el("form", "decline");
      form.hidden = true;
      form.noValidate = true;
      const id = "why-" + r.id;
      const l = H.el("label", "", t("agency.ref.why_decline"));
      l.htmlFor = id;
      const input = H.el("input", "why");
      input.id = id;
      input.maxLength = 500;
      input.autocomplete = "off";
      const send = H.el("button", "bad", t("agency.ref.decline"));
      send.type = "submit";
      form.append(l, input, send);
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) {
          err.textContent = t("agency.ref.reason_needed");
          err.hidden = false;
          input.setAttribute("aria-invalid", "true");
          input.focus();
          return;
        }
        input.removeAttribute("aria-invalid");
        move(r, li, send, err, { to: "rejected", reason: input.value.trim() });
      });
      row.append(button(t("agency.ref.decline_open"), "quiet open-decline", () => {
        form.hidden = false;
        input.focus();
      }));
      box.append(row, form);
    } else {
      box.append(row);
    }
    if (allowed.includes("completed") || allowed.includes("failed")) {
      const g = H.el("div", "outcomes");
      g.setAttribute("role", "group");
      g.setAttribute("aria-label", t("agency.ref.how_ended"));
      for (const o of words().outcomes) {
        // Got help completes it; any other outcome ends it, in the link page's words. The
        // reason recorded is the outcome in the record's words, as the link page records it.
        const to = o.code === "got-help" ? "completed" : "failed";
        if (!allowed.includes(to)) {
          continue;
        }
        const b = button(outcomeLabel(o.code), o.code === "got-help" ? "good" : "", (ev) =>
          move(r, li, ev.target, err, { to, outcome: o.code, reason: to === "completed" ? "" : o.label }));
        b.dataset.outcome = o.code;
        g.append(b);
      }
      box.append(H.el("p", "ends-h", t("agency.ref.how_ended")), g);
    }
    box.append(err);
    return box;
  }

  async function move(r, li, b, err, body) {
    err.hidden = true;
    const buttons = li.querySelectorAll("button");
    buttons.forEach((x) => (x.disabled = true));
    try {
      const moved = await H.api("POST", "/api/v1/referrals/" + r.id + "/transitions", body, { "if-match": '"r' + r.version + '"' });
      const said = { service: A.serviceName(r.service_id), status: statusWords(moved.status) };
      H.say(moved.outcome ? t("agency.ref.done_outcome", { ...said, outcome: outcomeLabel(moved.outcome) }) : t("agency.ref.done", said));
      await load();
      A.reload();
      $("inbox-h").focus();
    } catch (e) {
      buttons.forEach((x) => (x.disabled = false));
      err.textContent = e.status === 412 || e.status === 409 ? t("agency.ref.changed") : H.failed(e);
      err.hidden = !err.textContent;
      if (e.status === 412 || e.status === 409) {
        await load();
      }
    }
  }

  async function read(name) {
    const q = TABS[name].map((s) => "status=" + s).join("&");
    return H.api("GET", "/api/v1/agency/referrals?per_page=100&" + q);
  }

  // load reads every tab (for the counts) and shows the chosen one.
  async function load() {
    const mine = ++seq;
    let pages;
    try {
      pages = await Promise.all(Object.keys(TABS).map(read));
    } catch (e) {
      H.failed(e);
      return;
    }
    if (mine !== seq) {
      return;
    }
    const names = Object.keys(TABS);
    names.forEach((name, i) => {
      const b = document.querySelector('.tabs button[data-tab="' + name + '"]');
      b.querySelector(".n").textContent = pages[i].total ? "(" + num(pages[i].total) + ")" : "";
    });
    const fresh = pages[0].total;
    $("new-count").textContent = fresh ? t("agency.new_count", { count: fresh }) : "";
    $("new-count").hidden = !fresh;
    const page = pages[names.indexOf(tab)];
    $("inbox").replaceChildren(...page.items.map(card));
    $("inbox-empty").textContent = t("agency.inbox.empty." + tab);
    $("inbox-empty").hidden = page.items.length > 0;
  }

  for (const b of document.querySelectorAll(".tabs button[data-tab]")) {
    b.addEventListener("click", () => {
      tab = b.dataset.tab;
      for (const o of document.querySelectorAll(".tabs button[data-tab]")) {
        o.setAttribute("aria-pressed", String(o === b));
      }
      load();
    });
  }

  H.on("signedin", async () => {
    await A.loaded();
    await load();
  });
  H.on("forget", () => {
    seq++;
    $("inbox").replaceChildren();
    $("new-count").hidden = true;
  });
})();
