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
  const PER_PAGE = 50;

  // The Gravity Task.status codes (care.Statuses) in a peer's words, and how each looks.
  const STATUS = {
    draft: ["Draft, not sent yet", "wait"],
    requested: ["Waiting for the agency", "wait"],
    accepted: ["Accepted", "good"],
    rejected: ["Declined", "bad"],
    cancelled: ["Cancelled", "bad"],
    "in-progress": ["In progress", "good"],
    "on-hold": ["On hold", "wait"],
    completed: ["Completed", "good"],
    failed: ["Did not work out", "bad"],
    "entered-in-error": ["Entered in error", "bad"],
  };
  // The filter's groups of statuses; "all" asks for every one.
  const GROUPS = {
    all: { codes: [], empty: "You have not made any referrals yet.", label: "" },
    waiting: { codes: ["draft", "requested"], empty: "No referrals waiting for an agency.", label: " waiting" },
    accepted: { codes: ["accepted", "in-progress", "on-hold"], empty: "No accepted referrals under way.", label: " accepted" },
    closed: { codes: ["completed", "rejected", "cancelled", "failed", "entered-in-error"], empty: "No closed referrals.", label: " closed" },
  };
  // care.Outcomes, as the page says them.
  const OUTCOMES = {
    "got-help": "Got help",
    "could-not-contact": "Could not be contacted",
    "not-eligible": "Not eligible",
    "no-capacity": "No room",
    "no-longer-interested": "No longer interested",
    "referred-elsewhere": "Referred elsewhere",
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
    count.textContent = "Loading your referrals…";
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
        let text = (page.total === 1 ? "1 referral" : page.total + " referrals") + GROUPS[group].label + ".";
        if (page.total > items.length) {
          text += " Showing the latest " + items.length + ".";
        }
        count.textContent = text;
      }
    } catch (e) {
      if (mine === loads) {
        list.replaceChildren();
        count.textContent = "Your referrals could not be read.";
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

    const name = r.person && r.person.display_name ? r.person.display_name : "No person on record";
    li.append(el("h3", "", name));

    const svc = [r.service_name, r.organization_name].filter((s) => !!s);
    if (svc.length === 2 && svc[0] === svc[1]) {
      svc.pop();
    }
    li.append(el("p", "svc", svc.length ? svc.join(" · ") : "A service no longer listed"));

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
      li.append(el("p", "reason", "Reason: " + r.status_reason));
    }
    const moved = r.updated_at || r.created_at;
    if (moved) {
      li.append(el("p", "moved", (r.status === "requested" ? "Sent " : r.status === "draft" ? "Saved " : "Last changed ") + when(new Date(moved))));
    }
    return li;
  }

  function when(d) {
    return sameDay(d, new Date()) ? "today at " + clock(d) : day(d) + " at " + clock(d);
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
