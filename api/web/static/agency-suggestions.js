// Suggested edits and problem reports to review (/agency/suggestions): the pending ones
// of the agency's listings (GET /api/v1/suggestions?status=pending), each with what it
// proposes, before → after, and Approve / Reject (POST /api/v1/suggestions/{id}/…).
"use strict";

(function () {
  const H = window.Handoff;
  const W = window.ListingWords;
  const { t, has } = window.HandoffI18n;
  const $ = H.$;
  const PER_PAGE = 20;
  let page = 0;

  // what says what a suggestion is: an edit, or a report of its problem.
  function what(g) {
    if (g.kind !== "report") {
      return t("suggestions.edit");
    }
    return has("suggestions.problem." + g.problem) ? t("suggestions.problem." + g.problem) : t("suggestions.report");
  }

  // from says who proposed it (their name is their own) with their role, or the public.
  function from(g) {
    if (!g.proposer_name) {
      return { text: t("suggestions.public"), own: false };
    }
    if (!g.proposer_role) {
      return { text: g.proposer_name, own: true };
    }
    const role = has("suggestions.role." + g.proposer_role) ? t("suggestions.role." + g.proposer_role) : g.proposer_role;
    return { text: g.proposer_name, role, own: true };
  }

  function card(g) {
    const li = H.el("li", "sug");
    li.dataset.id = g.id;
    const h = H.el("h3", "", g.service_name || t("suggestions.a_listing"));
    if (g.service_name) {
      h.setAttribute("translate", "no");
    }
    h.id = "sug-" + g.id;
    h.tabIndex = -1;
    li.append(h);
    const who = from(g);
    const d = new Date(g.created_at);
    const meta = H.el("p", "meta");
    meta.append(W.phrase(who.role ? "suggestions.meta_role" : "suggestions.meta",
      { what: what(g), by: who.text, role: who.role, when: H.day(d) + " " + H.clock(d) }, [who.own ? "by" : ""]));
    li.append(meta);
    if (g.note) {
      const note = H.el("p", "note");
      note.append(W.phrase("suggestions.note", { note: g.note }, ["note"]));
      li.append(note);
    }
    if (g.changes.length) {
      const ul = H.el("ul", "fields");
      for (const c of g.changes) {
        const row = H.el("li", "chg");
        row.append(H.el("span", "what", W.field(c.field)));
        row.append(W.beforeAfter(c.before, c.value, c.field));
        ul.append(row);
      }
      li.append(ul);
    } else {
      li.append(H.el("p", "muted", t("suggestions.no_change")));
    }
    const hist = H.el("a", "", t("suggestions.history"));
    hist.href = "/agency/history?service=" + encodeURIComponent(g.service_id);
    li.append(H.el("p", "", ""));
    li.lastChild.append(hist);
    const row = H.el("div", "decide");
    const ok = H.el("button", "approve", t(g.changes.length ? "suggestions.approve" : "suggestions.mark_handled"));
    ok.type = "button";
    const no = H.el("button", "reject", t("suggestions.reject"));
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
      const done = action === "reject" ? "suggestions.rejected" : g.changes.length ? "suggestions.approved" : "suggestions.handled";
      const note = H.el("p", "done-note", t(done));
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
      H.say(t("suggestions.count", { count: res.total }));
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
