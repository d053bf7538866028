// The admin page's audit log (GET /api/v1/audit): filtered by who, record type and id,
// action and days ("who read this person's record": the record's id, action read),
// newest first, a page at a time, and the same filter as a CSV download (format=csv).
// A bad filter is shown beside its field, as the API names it.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
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
      rec.append(H.el("span", "", e.record_type || "—"));
      if (e.record_id) {
        const b = A.button(e.record_id, "link", () => byRecord(e.record_type, e.record_id));
        b.setAttribute("aria-label", "Show the log of " + e.record_type + " " + e.record_id);
        rec.append(b);
      }
      const tr = A.row(table, [A.when(e.at), e.user_id ? A.userName(e.user_id) + " (" + A.roleName(e.role) + ")" : "No account",
        e.action, rec, e.allowed ? "Yes" : "Refused", e.detail || ""]);
      tr.dataset.seq = e.seq;
      if (!e.allowed) {
        tr.classList.add("refused");
      }
      return tr;
    });
    table.querySelector("tbody").append(...rows);
    const shown = table.querySelectorAll("tbody tr").length;
    $("audit-count").textContent = res.total === 0 ? "No entry matches." : "Showing " + shown + " of " + res.total + " entries, newest first.";
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
      sel.append(o);
    }
    sel.value = users.some((u) => u.id === keep) ? keep : "";
  }

  for (const [list, words] of [["au-types", TYPES], ["au-actions", ACTIONS]]) {
    for (const w of words) {
      const o = document.createElement("option");
      o.value = w;
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
