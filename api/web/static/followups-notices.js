// The follow-up page's notices: an agency's answer to one of the signed-in user's
// referrals (accepted, declined, completed, closed as not done), from GET
// /api/v1/me/notices?unread=true. "Seen" marks one read (POST .../read). A notice names
// the service and the answer, nothing about the person.
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const { t } = window.HandoffI18n; // the catalog (i18n.js, loaded first)

  async function load() {
    let page;
    try {
      page = await H.api("GET", "/api/v1/me/notices?unread=true");
    } catch (e) {
      H.failed(e);
      return;
    }
    const items = (page.items || []).map((n) => {
      const li = H.el("li", "notice-item");
      li.dataset.notice = n.id;
      li.append(H.el("span", "text", n.text));
      const seen = H.el("button", "quiet", t("followups.seen"));
      seen.type = "button";
      seen.setAttribute("aria-label", t("followups.seen_label", { text: n.text }));
      seen.addEventListener("click", () => markRead(n, seen));
      li.append(" ", seen);
      return li;
    });
    $("notices-list").replaceChildren(...items);
    $("notices").hidden = items.length === 0;
    $("notices-count").textContent = items.length ? String(items.length) : "";
  }

  async function markRead(n, button) {
    button.disabled = true;
    try {
      await H.api("POST", "/api/v1/me/notices/" + n.id + "/read");
    } catch (e) {
      if (e.status !== 404) {
        H.failed(e);
        button.disabled = false;
        return;
      }
    }
    await load();
    ($("notices").hidden ? $("work-h") : $("notices-h")).focus();
  }

  H.on("signedin", load);
  H.on("forget", () => {
    $("notices-list").replaceChildren();
    $("notices").hidden = true;
  });
})();
