// "My referrals" on the follow-up page (/follow-ups): the referrals the signed-in user
// made, latest moved first, with where each stands in plain words. Plain script, no
// framework, nothing from elsewhere; the API client is session.js's.
//
// Privacy rules this file keeps: the list comes from the API after sign-in and lives in
// the page only: never in the URL (the only query parameters are created_by=me, status
// codes and per_page), never in web storage or cookies, and it is dropped at sign-out.
"use strict";

(function () {
  const H = window.Handoff;
  const { $, el, api, failed, clock, day, sameDay } = H;
  const { t } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  const PER_PAGE = 50;

  // The Gravity Task.status codes (care.Statuses) in a peer's words, and how each looks.
  const STATUS = {
    draft: [t("referrals.status.draft"), "wait"],
    requested: [t("referrals.status.requested"), "wait"],
    accepted: [t("referrals.status.accepted"), "good"],
    rejected: [t("referrals.status.rejected"), "bad"],
    cancelled: [t("referrals.status.cancelled"), "bad"],
    "in-progress": [t("referrals.status.in_progress"), "good"],
    "on-hold": [t("referrals.status.on_hold"), "wait"],
    completed: [t("referrals.status.completed"), "good"],
    failed: [t("referrals.status.failed"), "bad"],
    "entered-in-error": [t("referrals.status.entered_in_error"), "bad"],
  };
  // The filter's groups of statuses; "all" asks for every one. count is the key of the
  // count line ("3 referrals waiting."), a plural message.
  const GROUPS = {
    all: { codes: [], empty: t("referrals.empty.all"), count: "referrals.count.all" },
    waiting: { codes: ["draft", "requested"], empty: t("referrals.empty.waiting"), count: "referrals.count.waiting" },
    accepted: { codes: ["accepted", "in-progress", "on-hold"], empty: t("referrals.empty.accepted"), count: "referrals.count.accepted" },
    closed: { codes: ["completed", "rejected", "cancelled", "failed", "entered-in-error"], empty: t("referrals.empty.closed"),
      count: "referrals.count.closed" },
  };
  // care.Outcomes, as the page says them.
  const OUTCOMES = {
    "got-help": t("referrals.outcome.got_help"),
    "could-not-contact": t("referrals.outcome.could_not_contact"),
    "not-eligible": t("referrals.outcome.not_eligible"),
    "no-capacity": t("referrals.outcome.no_capacity"),
    "no-longer-interested": t("referrals.outcome.no_longer_interested"),
    "referred-elsewhere": t("referrals.outcome.referred_elsewhere"),
  };

  let group = "all";
  let loads = 0; // the latest load; older answers are dropped

  function setGroup(g) {
    group = g;
    for (const b of document.querySelectorAll(".filters button")) {
      b.setAttribute("aria-pressed", String(b.dataset.group === g));
    }
    load();
  }

  async function load() {
    const mine = ++loads;
    const list = $("refs-list");
    const count = $("refs-count");
    list.setAttribute("aria-busy", "true");
    count.textContent = t("referrals.loading");
    let path = "/api/v1/referrals?created_by=me&per_page=" + PER_PAGE;
    for (const code of GROUPS[group].codes) {
      path += "&status=" + encodeURIComponent(code);
    }
    try {
      const page = await api("GET", path);
      if (mine !== loads) {
        return;
      }
      const items = page.items || [];
      list.replaceChildren(...items.map(item));
      if (items.length === 0) {
        count.textContent = GROUPS[group].empty;
      } else {
        let text = t(GROUPS[group].count, { count: page.total });
        if (page.total > items.length) {
          text += " " + t("referrals.showing", { count: items.length });
        }
        count.textContent = text;
      }
    } catch (e) {
      if (mine === loads) {
        list.replaceChildren();
        count.textContent = t("referrals.failed");
        failed(e);
      }
    } finally {
      if (mine === loads) {
        list.setAttribute("aria-busy", "false");
      }
    }
  }

  // item builds one referral's entry. Every value goes in as text, never as markup.
  function item(r) {
    const li = el("li", "ref");
    li.dataset.id = r.id;
    li.dataset.status = r.status;

    // Names (of the person, the service, its organization) and the agency's own reason are
    // not the page's words: marked translate="no".
    const known = r.person && r.person.display_name;
    li.append(known ? data(el("h3", "", r.person.display_name)) : el("h3", "", t("referrals.no_person")));

    const svc = [r.service_name, r.organization_name].filter((s) => !!s);
    if (svc.length === 2 && svc[0] === svc[1]) {
      svc.pop();
    }
    li.append(svc.length ? data(el("p", "svc", svc.join(" · "))) : el("p", "svc", t("referrals.no_service")));

    const [words, tone] = STATUS[r.status] || [r.status, ""];
    const st = el("p", "state");
    const badge = el("span", "badge st", words);
    if (tone) {
      badge.dataset.tone = tone;
    }
    st.append(badge);
    if (r.outcome && OUTCOMES[r.outcome]) {
      st.append(" ", el("span", "outcome", OUTCOMES[r.outcome]));
    }
    li.append(st);

    if (r.status_reason) {
      const reason = el("p", "reason", t("referrals.reason") + " ");
      reason.append(data(el("span", "", r.status_reason)));
      li.append(reason);
    }
    const moved = r.updated_at || r.created_at;
    if (moved) {
      const d = new Date(moved);
      const key = r.status === "requested" ? "referrals.sent" : r.status === "draft" ? "referrals.saved" : "referrals.changed";
      li.append(el("p", "moved", t(key, { when: sameDay(d, new Date()) ? t("referrals.today_at", { time: clock(d) })
        : t("referrals.day_at", { day: day(d), time: clock(d) }) })));
    }
    return li;
  }

  function data(e) {
    e.setAttribute("translate", "no");
    return e;
  }

  H.on("signedin", () => load());
  H.on("forget", () => {
    loads++;
    $("refs-list").replaceChildren();
    $("refs-count").textContent = "";
  });
  for (const b of document.querySelectorAll(".filters button")) {
    b.addEventListener("click", () => setGroup(b.dataset.group));
  }
})();
