// Suggested edits and problem reports to review (/agency/suggestions): the pending ones
// of the agency's listings (GET /api/v1/suggestions?status=pending), each with what it
// proposes, before → after, and Approve / Reject (POST /api/v1/suggestions/{id}/…).
"use strict";

(function () {
  const H = window.Handoff;
  const W = window.ListingWords;
  const $ = H.$;
  const PER_PAGE = 20;
  let page = 0;

  const PROBLEMS = {
    "wrong-phone": "Report: the phone number is wrong",
    closed: "Report: it has closed",
    "wrong-hours": "Report: the hours are wrong",
    other: "Report: something else",
  };

  function card(g) {
    const li = H.el("li", "sug");
    li.dataset.id = g.id;
    const h = H.el("h3", "", g.service_name || "A listing");
    h.id = "sug-" + g.id;
    h.tabIndex = -1;
    li.append(h);
    const what = g.kind === "report" ? PROBLEMS[g.problem] || "Report" : "Suggested edit";
    const by = g.proposer_name ? g.proposer_name + (g.proposer_role ? " (" + g.proposer_role + ")" : "") : "a member of the public";
    const d = new Date(g.created_at);
    li.append(H.el("p", "meta", what + " · from " + by + " · " + H.day(d) + " " + H.clock(d)));
    if (g.note) {
      li.append(H.el("p", "note", "“" + g.note + "”"));
    }
    if (g.changes.length) {
      const ul = H.el("ul", "fields");
      for (const c of g.changes) {
        const row = H.el("li", "chg");
        row.append(H.el("span", "what", W.field(c.field)));
        row.append(W.beforeAfter(c.before, c.value));
        ul.append(row);
      }
      li.append(ul);
    } else {
      li.append(H.el("p", "muted", "Proposes no change by itself: approve to mark it handled, then edit the listing if needed."));
    }
    const hist = H.el("a", "", "History of this listing");
    hist.href = "/agency/history?service=" + encodeURIComponent(g.service_id);
    li.append(H.el("p", "", ""));
    li.lastChild.append(hist);
    const row = H.el("div", "decide");
    const ok = H.el("button", "approve", g.changes.length ? "Approve and apply" : "Mark handled");
    ok.type = "button";
    const no = H.el("button", "reject", "Reject");
    no.type = "button";
    ok.setAttribute("aria-describedby", h.id);
    no.setAttribute("aria-describedby", h.id);
    ok.addEventListener("click", () => decide(li, g, "approve", [ok, no]));
    no.addEventListener("click", () => decide(li, g, "reject", [ok, no]));
    row.append(ok, no);
    li.append(row);
    const err = H.el("p", "field-error");
    err.hidden = true;
    err.setAttribute("role", "alert");
    li.append(err);
    return li;
  }

  async function decide(li, g, action, buttons) {
    const err = li.querySelector(".field-error");
    err.hidden = true;
    buttons.forEach((b) => (b.disabled = true));
    try {
      await H.api("POST", "/api/v1/suggestions/" + encodeURIComponent(g.id) + "/" + action, {});
      li.dataset.done = action;
      li.querySelector(".decide").remove();
      const note = H.el("p", "done-note", action === "approve" ? (g.changes.length ? "Approved: the listing is changed." : "Marked handled.") : "Rejected: nothing was changed.");
      note.tabIndex = -1;
      li.append(note);
      note.focus();
      H.say(note.textContent);
    } catch (e) {
      buttons.forEach((b) => (b.disabled = false));
      const detail = H.failed(e);
      if (detail) {
        err.textContent = detail;
        err.hidden = false;
      }
    }
  }

  async function load() {
    page++;
    try {
      const res = await H.api("GET", "/api/v1/suggestions?status=pending&page=" + page + "&per_page=" + PER_PAGE);
      for (const g of res.items) {
        $("pending").append(card(g));
      }
      $("empty").hidden = res.total > 0;
      $("more").hidden = page * PER_PAGE >= res.total;
      H.say(res.total === 1 ? "1 waiting." : res.total + " waiting.");
    } catch (e) {
      page--;
      H.failed(e);
    }
  }

  H.on("signedin", async () => {
    page = 0;
    $("pending").replaceChildren();
    await load();
  });
  H.on("forget", () => {
    $("pending").replaceChildren();
    page = 0;
  });
  $("more").addEventListener("click", load);
})();
