// The freshness queue page (/freshness): the listings most in need of a check, from
// GET /api/v1/freshness-queue, each with its phone to call and one tap to record what
// the call found (POST /api/v1/services/{id}/verifications, method "phone").
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const PER_PAGE = 20;
  let page = 0;

  const RESULTS = [
    ["confirmed", "Confirmed", "", "Confirmed: the listing is marked as checked today."],
    ["changes-needed", "Changes needed", "warn", "Recorded: changes needed. The listing stays in the queue."],
    ["could-not-reach", "Could not reach", "bad", "Recorded: could not reach them. The listing stays in the queue."],
  ];

  function card(it) {
    const li = H.el("li", "chk");
    li.dataset.crisis = String(!!it.crisis);
    li.dataset.service = it.service_id;
    const h = H.el("h3", "", it.name);
    h.id = "svc-" + it.service_id;
    h.tabIndex = -1;
    li.append(h);
    if (it.crisis) {
      li.append(H.el("span", "badge crisis", "Crisis service"));
    }
    if (it.organization_name) {
      li.append(H.el("p", "org", it.organization_name));
    }
    const why = H.el("ul", "why");
    for (const r of it.reasons || []) {
      if (r.code === "crisis") {
        continue; // the badge says it
      }
      why.append(H.el("li", "", r.text));
    }
    li.append(why);
    if (it.phone) {
      const a = H.el("a", "call", "Call " + it.phone);
      a.href = "tel:" + it.phone.replace(/[^0-9+]/g, "");
      li.append(a);
    } else {
      li.append(H.el("p", "muted", "No phone on the listing."));
    }
    const results = H.el("div", "results");
    results.setAttribute("role", "group");
    results.setAttribute("aria-label", "What the call found for " + it.name);
    const note = H.el("p", "done-note");
    note.setAttribute("role", "status");
    const err = H.el("p", "field-error");
    err.hidden = true;
    for (const [code, text, cls, done] of RESULTS) {
      const b = H.el("button", cls, text);
      b.type = "button";
      b.dataset.result = code;
      b.addEventListener("click", () => record(it, li, code, done, note, err));
      results.append(b);
    }
    li.append(results, note, err);
    return li;
  }

  async function record(it, li, result, done, note, err) {
    const buttons = li.querySelectorAll(".results button");
    buttons.forEach((b) => (b.disabled = true));
    err.hidden = true;
    try {
      await H.api("POST", "/api/v1/services/" + it.service_id + "/verifications", { method: "phone", result });
      note.textContent = done;
      li.dataset.done = result;
    } catch (e) {
      err.textContent = e.detail;
      err.hidden = false;
      buttons.forEach((b) => (b.disabled = false));
    }
  }

  async function load(next) {
    page = next;
    H.say("Loading the queue…");
    try {
      const r = await H.api("GET", "/api/v1/freshness-queue?page=" + page + "&per_page=" + PER_PAGE);
      if (page === 1) {
        $("queue").replaceChildren();
      }
      for (const it of r.items) {
        $("queue").append(card(it));
      }
      $("empty").hidden = r.total > 0;
      $("more").hidden = page * PER_PAGE >= r.total;
      H.say(r.total === 1 ? "1 listing to check." : r.total + " listings to check.");
    } catch (e) {
      H.failed(e);
    }
  }

  $("more").addEventListener("click", () => load(page + 1));
  H.on("signedin", () => load(1));
  H.on("forget", () => {
    $("queue").replaceChildren();
    $("more").hidden = true;
    $("empty").hidden = true;
  });
})();
