// The admin page's API tokens: every account's (GET /api/v1/tokens), never the secrets,
// each revocable at once (DELETE /api/v1/tokens/{id}, audited by the server).
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const { t } = window.HandoffI18n;
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
    const rows = (page.items || []).map((tk) => {
      const owner = document.createElement("span");
      owner.append(A.data((tk.user_name || tk.user_email) + " · " + tk.user_email), " · " + A.roleName(tk.user_role));
      const revoke = A.button(t("admin.tokens.revoke"), "quiet warn", () => revokeToken(tk, revoke), "revoke");
      revoke.setAttribute("aria-label", t("admin.tokens.revoke_label", { token: tk.name, name: tk.user_name || tk.user_email }));
      const tr = A.row(table, [A.data(tk.name), owner, A.when(tk.created_at), tk.expires_at ? A.when(tk.expires_at) : t("admin.tokens.never"),
        tk.last_used_at ? A.when(tk.last_used_at) : t("admin.tokens.never_used"), revoke]);
      tr.dataset.token = tk.id;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("tokens-empty").hidden = rows.length > 0;
  }

  async function revokeToken(tk, button) {
    button.disabled = true;
    try {
      await H.api("DELETE", "/api/v1/tokens/" + tk.id);
      H.say(t("admin.tokens.revoked", { token: tk.name, name: tk.user_name || tk.user_email }));
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
