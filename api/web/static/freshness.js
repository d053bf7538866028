// The freshness queue page (/freshness): the listings most in need of a check, from
// GET /api/v1/freshness-queue, each with its phone to call and one tap to record what
// the call found (POST /api/v1/services/{id}/verifications, method "phone").
"use strict";

(function () {
  const H = window.Handoff;
  const { t, has } = window.HandoffI18n;
  const $ = H.$;
  const PER_PAGE = 20;
  let page = 0;

  // The results a call can record, each with its button's class; the words are the
  // catalog's: freshness.result.CODE on the button, freshness.done.CODE once recorded.
  const RESULTS = [["confirmed", ""], ["changes-needed", "warn"], ["could-not-reach", "bad"]];
  const DAY = 24 * 60 * 60 * 1000;

  // reason says why a listing is in the queue, in the page's language, from its code
  // (freshness.reason.CODE, by its count; "overdue" by the days since it was confirmed).
  // A code the catalog does not know keeps the API's English words.
  function reason(r, it) {
    const key = "freshness.reason." + r.code;
    if (!has(key)) {
      return r.text;
    }
    if (r.code === "overdue") {
      const days = it.last_confirmed ? Math.floor((Date.now() - new Date(it.last_confirmed).getTime()) / DAY) : NaN;
      return Number.isFinite(days) ? t(key, { count: days }) : r.text;
    }
    return t(key, { count: r.count || 1 });
  }

  function card(it) {
    const li = H.el("li", "chk");
    li.dataset.crisis = String(!!it.crisis);
    li.dataset.service = it.service_id;
    const h = H.el("h3", "", it.name);
    h.setAttribute("translate", "no");
    h.id = "svc-" + it.service_id;
    h.tabIndex = -1;
    li.append(h);
    if (it.crisis) {
      li.append(H.el("span", "badge crisis", t("freshness.crisis")));
    }
    if (it.organization_name) {
      const org = H.el("p", "org", it.organization_name);
      org.setAttribute("translate", "no");
      li.append(org);
    }
    const why = H.el("ul", "why");
    for (const r of it.reasons || []) {
      if (r.code === "crisis") {
        continue; // the badge says it
      }
      why.append(H.el("li", "", reason(r, it)));
    }
    li.append(why);
    if (it.phone) {
      const a = H.el("a", "call", t("freshness.call", { phone: it.phone }));
      a.href = "tel:" + it.phone.replace(/[^0-9+]/g, "");
      li.append(a);
    } else {
      li.append(H.el("p", "muted", t("freshness.no_phone")));
    }
    const results = H.el("div", "results");
    results.setAttribute("role", "group");
    results.setAttribute("aria-label", t("freshness.found_for", { name: it.name }));
    const note = H.el("p", "done-note");
    note.setAttribute("role", "status");
    const err = H.el("p", "field-error");
    err.hidden = true;
    for (const [code, cls] of RESULTS) {
      const b = H.el("button", cls, t("freshness.result." + code));
      b.type = "button";
      b.dataset.result = code;
      b.addEventListener("click", () => record(it, li, code, t("freshness.done." + code), note, err));
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
    H.say(t("freshness.loading"));
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
      H.say(t("freshness.count", { count: r.total }));
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
