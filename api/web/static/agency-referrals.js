// The agency portal's referrals inbox (/agency): the referrals sent to the organization
// (GET /api/v1/agency/referrals, which shows the person only as their consent allows),
// under New, Accepted, In progress and Closed, answered with
// POST /api/v1/referrals/{id}/transitions: accept, decline with a reason, start, and end
// with the agency link page's plain outcomes (the words come from the listings' answer).
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const A = window.HandoffAgency;
  const TABS = {
    new: { statuses: ["requested"], empty: "No new referrals." },
    accepted: { statuses: ["accepted"], empty: "No accepted referrals waiting to start." },
    progress: { statuses: ["in-progress", "on-hold"], empty: "Nothing in progress." },
    closed: { statuses: ["completed", "failed", "rejected", "cancelled", "entered-in-error"], empty: "No closed referrals yet." },
  };
  let tab = "new";
  let seq = 0; // the latest read; older answers are dropped

  const words = () => A.words() || { outcomes: [], statuses: {} };
  const statusWords = (st) => words().statuses[st] || st;

  function card(r) {
    const li = H.el("li", "ref");
    li.dataset.referral = r.id;
    li.dataset.status = r.status;
    const h = H.el("h3", "", A.serviceName(r.service_id));
    h.id = "ref-" + r.id;
    h.tabIndex = -1;
    li.append(h, H.el("p", "meta", "Need: " + ((words().needs || {})[r.need] || r.need) + (r.requested_at ? " · sent " + A.ago(r.requested_at) : "")));
    li.append(H.el("p", "state", statusWords(r.status) + (r.outcome ? " — " + outcomeLabel(r.outcome) : "")));
    if (r.person) {
      const p = H.el("div", "contact");
      p.append(H.el("strong", "", r.person.display_name));
      if (r.person.phone) {
        const a = H.el("a", "", r.person.phone);
        a.href = "tel:" + r.person.phone.replace(/[^0-9+]/g, "");
        p.append(a);
      }
      if (r.person.preferred_language) {
        p.append(H.el("span", "lang", "Language: " + r.person.preferred_language));
      }
      li.append(p);
      if (r.note) {
        li.append(H.el("p", "note", r.note));
      }
    } else {
      li.append(H.el("p", "muted unshared", "Their name and phone are not shared with you: no consent of theirs covers your organization. The program calls you."));
    }
    // The reason, unless it only repeats the outcome already said on the state line.
    if (r.status_reason && !(r.outcome && r.status_reason === outcomeLabel(r.outcome))) {
      li.append(H.el("p", "reason", "Reason: " + r.status_reason));
    }
    li.append(actions(r, li));
    return li;
  }

  function outcomeLabel(code) {
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
      row.append(button("Accept", "accept", (ev) => move(r, li, ev.target, err, { to: "accepted" })));
    }
    if (allowed.includes("in-progress")) {
      row.append(button("Start working on it", "secondary start", (ev) => move(r, li, ev.target, err, { to: "in-progress" })));
    }
    if (allowed.includes("rejected")) {
      const form = H.el("form", "decline");
      form.hidden = true;
      form.noValidate = true;
      const id = "why-" + r.id;
      const l = H.el("label", "", "Why decline? The program reads it.");
      l.htmlFor = id;
      const input = H.el("input", "why");
      input.id = id;
      input.maxLength = 500;
      input.autocomplete = "off";
      const send = H.el("button", "bad", "Decline");
      send.type = "submit";
      form.append(l, input, send);
      form.addEventListener("submit", (ev) => {
        ev.preventDefault();
        if (!input.value.trim()) {
          err.textContent = "Give a reason to decline, such as “no beds tonight”.";
          err.hidden = false;
          input.setAttribute("aria-invalid", "true");
          input.focus();
          return;
        }
        input.removeAttribute("aria-invalid");
        move(r, li, send, err, { to: "rejected", reason: input.value.trim() });
      });
      row.append(button("Decline…", "quiet open-decline", () => {
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
      g.setAttribute("aria-label", "How did it end?");
      for (const o of words().outcomes) {
        // Got help completes it; any other outcome ends it, in the link page's words.
        const to = o.code === "got-help" ? "completed" : "failed";
        if (!allowed.includes(to)) {
          continue;
        }
        const b = button(o.label, o.code === "got-help" ? "good" : "", (ev) =>
          move(r, li, ev.target, err, { to, outcome: o.code, reason: to === "completed" ? "" : o.label }));
        b.dataset.outcome = o.code;
        g.append(b);
      }
      box.append(H.el("p", "ends-h", "How did it end?"), g);
    }
    box.append(err);
    return box;
  }

  async function move(r, li, b, err, body) {
    err.hidden = true;
    const buttons = li.querySelectorAll("button");
    buttons.forEach((x) => (x.disabled = true));
    try {
      const moved = await H.api("POST", "/api/v1/referrals/" + r.id + "/transitions", body, { "If-Match": '"r' + r.version + '"' });
      H.say("Done: " + A.serviceName(r.service_id) + " — " + statusWords(moved.status) +
        (moved.outcome ? ": " + outcomeLabel(moved.outcome) : "") + ".");
      await load();
      A.reload();
      $("inbox-h").focus();
    } catch (e) {
      buttons.forEach((x) => (x.disabled = false));
      err.textContent = e.status === 412 || e.status === 409 ? "This referral changed just now. It is shown as it is now." : H.failed(e);
      err.hidden = !err.textContent;
      if (e.status === 412 || e.status === 409) {
        await load();
      }
    }
  }

  async function read(name) {
    const q = TABS[name].statuses.map((s) => "status=" + s).join("&");
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
      b.querySelector(".n").textContent = pages[i].total ? "(" + pages[i].total + ")" : "";
    });
    const fresh = pages[0].total;
    $("new-count").textContent = fresh ? fresh + " new" : "";
    $("new-count").hidden = !fresh;
    const page = pages[names.indexOf(tab)];
    $("inbox").replaceChildren(...page.items.map(card));
    $("inbox-empty").textContent = TABS[tab].empty;
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
