// The admin page's API tokens: every account's (GET /api/v1/tokens), never the secrets,
// each revocable at once (DELETE /api/v1/tokens/{id}, audited by the server).
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const $ = H.$;

  async function load() {
    let page;
    try {
      page = await H.api("GET", "/api/v1/tokens");
    } catch (e) {
      H.failed(e);
      return;
    }
    const table = $("tokens-table");
    const rows = (page.items || []).map((t) => {
      const owner = (t.user_name || t.user_email) + " · " + t.user_email + " · " + A.roleName(t.user_role);
      const revoke = A.button("Revoke", "quiet warn", () => revokeToken(t, revoke));
      revoke.dataset.action = "revoke";
      revoke.setAttribute("aria-label", "Revoke the token " + t.name + " of " + (t.user_name || t.user_email));
      const tr = A.row(table, [t.name, owner, A.when(t.created_at), t.expires_at ? A.when(t.expires_at) : "Never",
        t.last_used_at ? A.when(t.last_used_at) : "Never used", revoke]);
      tr.dataset.token = t.id;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("tokens-empty").hidden = rows.length > 0;
  }

  async function revokeToken(t, button) {
    button.disabled = true;
    try {
      await H.api("DELETE", "/api/v1/tokens/" + t.id);
      H.say("Revoked the token " + t.name + " of " + (t.user_name || t.user_email) + ".");
    } catch (e) {
      if (e.status !== 404) { // already gone: the list is refreshed all the same
        H.failed(e);
        button.disabled = false;
        return;
      }
    }
    await load();
    $("tokens-h").focus();
  }

  H.on("signedin", load);
  H.on("forget", () => {
    $("tokens-table").querySelector("tbody").textContent = "";
  });
})();
