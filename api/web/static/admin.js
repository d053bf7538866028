// The admin page (/admin): shared parts of its sections (admin-users.js, admin-tokens.js,
// admin-audit.js, admin-imports.js). The page holds no data: everything comes from the
// admin-only API routes after sign-in, lives in the scripts' memory, and is dropped at
// sign-out (session.js's "forget").
"use strict";

window.Admin = (function () {
  const H = window.Handoff;
  const I = window.HandoffI18n;
  const { t } = I;

  const ROLES = ["peer", "clinician", "coordinator", "agency", "admin"];

  // named is a code's name from the catalog (prefix + code), or the code itself when the
  // catalog has none (a role, action or record type newer than the page).
  const named = (prefix, code) => (code && I.has(prefix + code) ? t(prefix + code) : code);
  const roleName = (code) => named("admin.role.", code);

  // fillRoles puts the roles in a select, after what it holds already.
  function fillRoles(select) {
    for (const code of ROLES) {
      const o = H.el("option", "", roleName(code));
      o.value = code;
      select.append(o);
    }
  }

  // when writes an instant as the admin's local date and time, to the minute, as the
  // page's language writes them.
  function when(iso) {
    if (!iso) {
      return "";
    }
    const d = new Date(iso);
    if (isNaN(d)) {
      return "";
    }
    return I.date(d, { year: "numeric", month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
  }

  // data is what people and the server wrote (names, addresses, file names): not the
  // page's words, so no translator (the browser's or the tests') takes it for them.
  function data(text, tag) {
    const e = H.el(tag || "span", "", text == null ? "" : String(text));
    e.setAttribute("translate", "no");
    return e;
  }

  // code is a machine's word shown as is: a URL, an event kind, an error from elsewhere.
  const code = (text) => data(text, "code");

  // words is a catalog message with elements in its placeholders: vars holding a Node
  // go in as that node (a name marked as data), the rest as text.
  function words(key, vars) {
    const text = {};
    for (const [k, v] of Object.entries(vars || {})) {
      if (!(v instanceof Node)) {
        text[k] = v;
      }
    }
    const out = document.createDocumentFragment();
    t(key, text).split(/\{([a-z_]+)\}/).forEach((part, i) => {
      if (i % 2 === 0) {
        out.append(part);
      } else {
        out.append(vars[part] instanceof Node ? vars[part] : "{" + part + "}");
      }
    });
    return out;
  }

  // row makes a table row of cells; each cell carries its column's name (data-label),
  // which the narrow layout shows before the value, a table row then reading as a card.
  function row(table, cells) {
    const heads = [...table.querySelectorAll("thead th")].map((th) => th.textContent);
    const tr = document.createElement("tr");
    cells.forEach((c, i) => {
      const td = document.createElement("td");
      td.dataset.label = heads[i] || "";
      if (c instanceof Node) {
        td.append(c);
      } else {
        td.textContent = c == null ? "" : String(c);
      }
      tr.append(td);
    });
    return tr;
  }

  // button is a button of text, doing fn; action names it for scripts and tests
  // (data-action), whatever the language.
  function button(text, cls, fn, action) {
    const b = H.el("button", cls || "quiet", text);
    b.type = "button";
    if (action) {
      b.dataset.action = action;
    }
    b.addEventListener("click", fn);
    return b;
  }

  // tagged GETs a JSON resource with its ETag, for a change pinned with If-Match.
  async function tagged(path) {
    const res = await fetch(path, { credentials: "same-origin", cache: "no-store", headers: { Accept: "application/json" } });
    const data = await res.json().catch(() => null);
    if (!res.ok) {
      throw new H.ApiError(res.status, (data && (data.detail || data.title)) || t("pub.api.answered", { status: String(res.status) }), data);
    }
    return { data, etag: res.headers.get("ETag") || "" };
  }

  // ---- organizations: names by id, and a picker that searches them ----

  const orgNames = new Map();

  async function orgName(id) {
    if (!id) {
      return "";
    }
    if (!orgNames.has(id)) {
      orgNames.set(id, H.api("GET", "/api/v1/organizations/" + encodeURIComponent(id))
        .then((o) => o.name || id).catch(() => id));
    }
    return orgNames.get(id);
  }

  // orgPicker ties a search box to a select of matching organizations; current is kept
  // as the first option so that an account's organization stays chosen.
  function orgPicker(query, select) {
    let timer = 0;
    let seq = 0;
    async function find(current) {
      const n = ++seq;
      const q = query.value.trim();
      let items = [];
      try {
        const page = await H.api("GET", "/hsds/organizations?per_page=20" + (q ? "&search=" + encodeURIComponent(q) : ""));
        items = page.contents || [];
      } catch (e) {
        H.failed(e);
      }
      if (n !== seq) {
        return;
      }
      const keep = current !== undefined ? current : select.value;
      select.textContent = "";
      const none = H.el("option", "", t("admin.no_org"));
      none.value = "";
      select.append(none);
      if (keep && !items.some((o) => o.id === keep)) {
        const o = H.el("option", "", await orgName(keep));
        o.value = keep;
        o.setAttribute("translate", "no");
        select.append(o);
      }
      for (const it of items) {
        orgNames.set(it.id, Promise.resolve(it.name));
        const o = H.el("option", "", it.name);
        o.value = it.id;
        o.setAttribute("translate", "no");
        select.append(o);
      }
      select.value = keep || "";
    }
    query.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => find(), 250);
    });
    return { find };
  }

  // ---- the accounts, shared by the users list and the audit log's "who" ----

  let users = [];
  const listeners = [];

  function setUsers(list) {
    users = list;
    for (const fn of listeners) {
      fn(users);
    }
  }

  function userName(id) {
    const u = users.find((x) => x.id === id);
    return u ? u.name || u.email : id;
  }

  // fieldErrors shows a problem's errors[] beside their fields (#P-err-FIELD) and marks
  // the controls (controls[FIELD]); the rest goes to the form's own error line. It
  // answers the first control to focus. The caller clears the earlier errors first.
  function fieldErrors(e, prefix, controls, line) {
    const errs = (e.body && e.body.errors) || [];
    let first = null;
    const loose = [];
    for (const fe of errs) {
      const p = H.$(prefix + "-err-" + fe.field);
      if (!p || !controls[fe.field]) {
        loose.push(fe.field + ": " + fe.message);
        continue;
      }
      const msg = String(fe.message);
      p.textContent = msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? "" : ".");
      p.hidden = false;
      const c = H.$(controls[fe.field]);
      c.setAttribute("aria-invalid", "true");
      first = first || c;
    }
    const placed = errs.length - loose.length;
    line.textContent = (placed ? t("admin.not_saved", { count: placed }) : e.detail) +
      (loose.length ? " " + loose.join(" ") : "");
    line.hidden = false;
    return first;
  }

  H.on("forget", () => {
    users = [];
    orgNames.clear();
    setUsers([]);
  });

  return { named, roleName, fillRoles, when, data, code, words, row, button, tagged, orgName, orgPicker, setUsers, userName, fieldErrors,
    users: () => users, onUsers: (fn) => listeners.push(fn) };
})();
