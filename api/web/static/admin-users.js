// The admin page's users: the accounts (GET /api/v1/users), filtered by name or email,
// role and status; adding one (POST /api/v1/users, then a one-time link to set its
// password); changing name, role and organization and deactivating or reactivating one
// (PATCH /api/v1/users/{id}, pinned with If-Match); and a password reset link
// (POST /api/v1/users/{id}/password-reset), shown once.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const { t } = window.HandoffI18n;
  const $ = H.$;
  let editing = null; // {user, etag} while the change form is open

  async function load() {
    let page;
    try {
      page = await H.api("GET", "/api/v1/users?per_page=100");
    } catch (e) {
      H.failed(e);
      return;
    }
    A.setUsers(page.items || []);
    await render();
    if (page.total > (page.items || []).length) {
      H.say(t("admin.users.first_shown", { shown: page.items.length, total: page.total }));
    }
    return page.total;
  }

  // render shows the accounts that match the filters.
  async function render() {
    const text = $("uf-text").value.trim().toLowerCase();
    const role = $("uf-role").value;
    const status = $("uf-status").value;
    const body = $("users-table").querySelector("tbody");
    const shown = A.users().filter((u) => (!text || (u.name + " " + u.email).toLowerCase().includes(text)) &&
      (!status || (status === "disabled") === u.disabled) && (!role || u.role === role));
    const rows = await Promise.all(shown.map(async (u) => {
      const tr = A.row($("users-table"), [A.data(u.name), A.data(u.email), A.roleName(u.role), A.data(await A.orgName(u.organization_id)),
        t(u.disabled ? "admin.users.deactivated" : u.locked ? "admin.users.locked" : "admin.users.active"), actions(u)]);
      tr.dataset.user = u.id;
      tr.dataset.email = u.email;
      if (u.disabled) {
        tr.classList.add("off");
      }
      return tr;
    }));
    body.replaceChildren(...rows);
    $("users-empty").hidden = rows.length > 0;
  }

  function actions(u) {
    const box = H.el("div", "row-actions");
    box.append(A.button(t("admin.users.change"), "quiet", () => openEdit(u), "change"));
    if (u.disabled) {
      box.append(A.button(t("admin.users.reactivate"), "quiet", () => setDisabled(u, false), "reactivate"));
    } else {
      if (!H.user() || H.user().id !== u.id) { // one's own account stays active (the API refuses too)
        box.append(A.button(t("admin.users.deactivate"), "quiet warn", () => setDisabled(u, true), "deactivate"));
      }
      box.append(A.button(t("admin.users.reset_link"), "quiet", () => resetLink(u, null), "reset-link"));
    }
    for (const b of box.querySelectorAll("button")) {
      b.setAttribute("aria-label", b.textContent + ": " + (u.name || u.email));
    }
    return box;
  }

  // patch sends a merge patch of the account, pinned to the version the page read.
  async function patch(u, body, etag) {
    if (!etag) {
      etag = (await A.tagged("/api/v1/users/" + u.id)).etag;
    }
    return H.api("PATCH", "/api/v1/users/" + u.id, body, { "If-Match": etag });
  }

  async function setDisabled(u, disabled) {
    try {
      await patch(u, { disabled });
      H.say(t(disabled ? "admin.users.deactivated_done" : "admin.users.active_again", { name: u.name || u.email }));
      await load();
      focusRow(u.id);
    } catch (e) {
      H.failed(e);
    }
  }

  function focusRow(id) {
    const b = document.querySelector('#users-table tr[data-user="' + id + '"] button');
    if (b) {
      b.focus();
    }
  }

  // resetLink makes a one-time link for the account and shows it, once; lead, when
  // given, is what was done first, as [catalog key, vars].
  async function resetLink(u, lead) {
    try {
      const r = await H.api("POST", "/api/v1/users/" + u.id + "/password-reset");
      $("reset-what").replaceChildren(...(lead ? [A.words(lead[0], lead[1]), " "] : []),
        A.words("admin.users.give_link", { name: A.data(u.name || u.email), email: A.data(u.email) }));
      $("reset-url").value = r.url;
      $("reset-note").textContent = t("admin.users.link_until", { when: A.when(r.expires_at) });
      $("reset-box").hidden = false;
      $("reset-box").focus();
      $("reset-url").select();
      H.say(t("admin.users.link_shown", { name: u.name || u.email }));
    } catch (e) {
      H.failed(e);
    }
  }

  // ---- the change form ----

  const edOrg = A.orgPicker($("ed-org-q"), $("ed-org"));
  const adOrg = A.orgPicker($("ad-org-q"), $("ad-org"));
  const ED = { name: "ed-name", role: "ed-role", organization_id: "ed-org" };
  const AD = { name: "ad-name", email: "ad-email", role: "ad-role", organization_id: "ad-org" };

  async function openEdit(u) {
    try {
      editing = await A.tagged("/api/v1/users/" + u.id);
    } catch (e) {
      H.failed(e);
      return;
    }
    const f = $("edit-form");
    H.clearFieldErrors(f);
    $("edit-error").hidden = true;
    $("edit-h").replaceChildren(A.words("admin.users.change_who", { name: A.data(u.name || u.email) }));
    $("ed-name").value = editing.data.name;
    $("ed-role").value = editing.data.role;
    $("ed-org-q").value = "";
    await edOrg.find(editing.data.organization_id || "");
    $("ed-org-box").hidden = editing.data.role !== "agency";
    f.hidden = false;
    $("edit-h").focus();
  }

  function closeEdit() {
    const id = editing && editing.data.id;
    editing = null;
    $("edit-form").hidden = true;
    if (id) {
      focusRow(id);
    }
  }

  async function saveEdit(ev) {
    ev.preventDefault();
    if (!editing) {
      return;
    }
    const f = $("edit-form");
    H.clearFieldErrors(f);
    $("edit-error").hidden = true;
    const role = $("ed-role").value;
    const body = { name: $("ed-name").value.trim(), role, organization_id: role === "agency" ? $("ed-org").value : "" };
    try {
      await H.api("PATCH", "/api/v1/users/" + editing.data.id, body, { "If-Match": editing.etag });
      H.say(t("admin.users.saved", { name: body.name || editing.data.email, role: A.roleName(role) }));
      const id = editing.data.id;
      editing = null;
      f.hidden = true;
      await load();
      focusRow(id);
    } catch (e) {
      if (e.status === 401) {
        H.failed(e);
        return;
      }
      const first = A.fieldErrors(e, "ed", ED, $("edit-error"));
      (first || $("ed-name")).focus();
    }
  }

  // ---- adding a user ----

  // randomPassword is the new account's first password, which no one sees: the person
  // sets their own through the one-time link.
  function randomPassword() {
    const b = new Uint8Array(24);
    crypto.getRandomValues(b);
    return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
  }

  async function add(ev) {
    ev.preventDefault();
    const f = $("add-form");
    H.clearFieldErrors(f);
    $("add-error").hidden = true;
    const role = $("ad-role").value;
    const body = { name: $("ad-name").value.trim(), email: $("ad-email").value.trim(), role,
      organization_id: role === "agency" ? $("ad-org").value : "", password: randomPassword() };
    const button = $("ad-save");
    button.disabled = true;
    try {
      const u = await H.api("POST", "/api/v1/users", body);
      f.reset();
      $("ad-org-box").hidden = true;
      await load();
      await resetLink(u, ["admin.users.added", { name: A.data(u.name || u.email), role: A.roleName(u.role) }]);
    } catch (e) {
      if (e.status === 401) {
        H.failed(e);
        return;
      }
      const first = A.fieldErrors(e, "ad", AD, $("add-error"));
      (first || $("ad-name")).focus();
    } finally {
      button.disabled = false;
    }
  }

  function orgBox(select, box, picker) {
    select.addEventListener("change", () => {
      box.hidden = select.value !== "agency";
      if (!box.hidden) {
        picker.find();
      }
    });
  }

  A.fillRoles($("uf-role"));
  A.fillRoles($("ed-role"));
  A.fillRoles($("ad-role"));
  $("ad-role").value = "peer";
  orgBox($("ad-role"), $("ad-org-box"), adOrg);
  orgBox($("ed-role"), $("ed-org-box"), edOrg);
  $("uf-role").addEventListener("change", render);
  $("uf-text").addEventListener("input", render);
  $("uf-status").addEventListener("change", render);
  $("users-filter").addEventListener("submit", (ev) => ev.preventDefault());
  $("edit-form").addEventListener("submit", saveEdit);
  $("ed-cancel").addEventListener("click", closeEdit);
  $("add-form").addEventListener("submit", add);

  H.on("signedin", async () => {
    const mark = H.saidMark();
    const n = await load();
    // Not over an answer given meanwhile (a replay, a token made before the list came).
    if (n !== undefined && H.saidMark() === mark) {
      H.say(t("admin.users.count", { count: n }));
    }
  });
  H.on("forget", () => {
    editing = null;
    $("users-table").querySelector("tbody").textContent = "";
    $("edit-form").hidden = true;
    $("reset-box").hidden = true;
    $("reset-url").value = "";
  });
})();
