// The admin page's audit log (GET /api/v1/audit): filtered by who, record type and id,
// action and days ("who read this person's record": the record's id, action read),
// newest first, a page at a time, and the same filter as a CSV download (format=csv).
// A bad filter is shown beside its field, as the API names it.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const { t } = window.HandoffI18n;
  const $ = H.$;
  const PER_PAGE = 50;
  const CONTROLS = { user: "au-user", record_type: "au-type", record: "au-record", action: "au-action", from: "au-from", to: "au-to" };
  const TYPES = ["person", "encounter", "referral", "follow_up", "consent", "user", "api_token", "service", "organization", "location", "update_link", "audit", "session"];
  const ACTIONS = ["read", "list", "search", "create", "update", "delete", "revoke", "login", "reset-password", "set-password"];
  let page = 0;
  let query = "";

  // dayStart is the start of a yyyy-mm-dd day in the admin's time zone, as an instant;
  // next moves it a day on, for an inclusive "to".
  function dayStart(v, next) {
    if (!v) {
      return "";
    }
    const [y, m, d] = v.split("-").map(Number);
    const t = new Date(y, m - 1, d + (next ? 1 : 0));
    return isNaN(t) ? v : t.toISOString();
  }

  function filterQuery() {
    const q = new URLSearchParams();
    const put = (k, v) => v && q.set(k, v);
    put("user", $("au-user").value);
    put("record_type", $("au-type").value.trim());
    put("record", $("au-record").value.trim());
    put("action", $("au-action").value.trim());
    put("from", dayStart($("au-from").value, false));
    put("to", dayStart($("au-to").value, true));
    return q.toString();
  }

  async function show(ev) {
    if (ev) {
      ev.preventDefault();
    }
    query = filterQuery();
    page = 0;
    $("audit-table").querySelector("tbody").textContent = "";
    $("au-csv").href = "/api/v1/audit?format=csv" + (query ? "&" + query : "");
    await more();
  }

  async function more() {
    H.clearFieldErrors($("audit-form"));
    $("audit-error").hidden = true;
    let res;
    try {
      res = await H.api("GET", "/api/v1/audit?per_page=" + PER_PAGE + "&page=" + (page + 1) + (query ? "&" + query : ""));
    } catch (e) {
      if (e.status === 401 || e.status === 0) {
        H.failed(e);
        return;
      }
      const first = A.fieldErrors(e, "au", CONTROLS, $("audit-error"));
      $("audit-count").textContent = "";
      (first || $("au-user")).focus();
      return;
    }
    page++;
    const table = $("audit-table");
    const rows = (res.items || []).map((e) => {
      const rec = H.el("div", "record");
      const type = A.named("admin.record.", e.record_type);
      rec.append(H.el("span", "", type || "—"));
      if (e.record_id) {
        const b = A.button(e.record_id, "link", () => byRecord(e.record_type, e.record_id));
        b.setAttribute("translate", "no");
        b.setAttribute("aria-label", t("admin.audit.by_record", { type, id: e.record_id }));
        rec.append(b);
      }
      let who = t("admin.audit.no_account");
      if (e.user_id) {
        who = document.createElement("span");
        who.append(A.data(A.userName(e.user_id)), " (" + A.roleName(e.role) + ")");
      }
      const tr = A.row(table, [A.when(e.at), who, A.named("admin.action.", e.action), rec,
        t(e.allowed ? "admin.audit.yes" : "admin.audit.refused"), e.detail ? A.code(e.detail) : ""]);
      tr.dataset.seq = e.seq;
      if (!e.allowed) {
        tr.classList.add("refused");
      }
      return tr;
    });
    table.querySelector("tbody").append(...rows);
    const shown = table.querySelectorAll("tbody tr").length;
    $("audit-count").textContent = res.total === 0 ? t("admin.audit.none") : t("admin.audit.showing", { shown, count: res.total });
    $("audit-more").hidden = shown >= res.total;
  }

  // byRecord filters the log by one record: who did what with it.
  function byRecord(type, id) {
    $("au-type").value = type;
    $("au-record").value = id;
    $("au-action").value = "";
    show().then(() => $("audit-h").focus());
  }

  function fillUsers(users) {
    const sel = $("au-user");
    const keep = sel.value;
    sel.replaceChildren(sel.options[0]);
    for (const u of users) {
      const o = H.el("option", "", (u.name || u.email) + " · " + A.roleName(u.role));
      o.value = u.id;
      o.setAttribute("translate", "no"); // a name
      sel.append(o);
    }
    sel.value = users.some((u) => u.id === keep) ? keep : "";
  }

  // The filter takes the API's codes; the lists show each with its name in the page's
  // language where that differs.
  for (const [list, words, prefix] of [["au-types", TYPES, "admin.record."], ["au-actions", ACTIONS, "admin.action."]]) {
    for (const w of words) {
      const o = document.createElement("option");
      o.value = w;
      if (A.named(prefix, w) !== w) {
        o.label = A.named(prefix, w);
      }
      $(list).append(o);
    }
  }
  A.onUsers(fillUsers);
  $("audit-form").addEventListener("submit", show);
  $("au-clear").addEventListener("click", () => {
    $("audit-form").reset();
    show();
  });
  $("audit-more").addEventListener("click", more);
  H.on("signedin", () => show());
  H.on("forget", () => {
    page = 0;
    query = "";
    $("audit-table").querySelector("tbody").textContent = "";
    $("audit-count").textContent = "";
  });
})();
