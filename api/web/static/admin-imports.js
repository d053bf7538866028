// The admin page's import history: each `handoff import` run (GET /api/v1/imports):
// when, what it read, and what came of it.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const { t } = window.HandoffI18n;
  const $ = H.$;

  async function load() {
    let page;
    try {
      page = await H.api("GET", "/api/v1/imports?per_page=50");
    } catch (e) {
      H.failed(e);
      return;
    }
    const table = $("imports-table");
    const rows = (page.items || []).map((r) => {
      const read = H.el("div", "read");
      for (const line of (r.files || "").split("\n").filter(Boolean)) {
        const file = A.data(line);
        file.className = "file";
        read.append(file);
      }
      if (r.sources) {
        const src = H.el("span", "muted");
        src.append(A.words("admin.imports.source", { sources: A.data(r.sources.split("\n").join(", "), "bdi") }));
        read.append(src);
      }
      const result = r.error ? H.el("span", "bad") : H.el("span", "ok", t(r.strict ? "admin.imports.done_strict" : "admin.imports.done"));
      if (r.error) {
        result.append(A.words("admin.imports.stopped", { error: A.code(r.error) }));
      }
      const tr = A.row(table, [A.when(r.started_at), read, r.created, r.updated, r.rejected, r.warnings, result]);
      tr.dataset.import = r.id;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("imports-empty").hidden = rows.length > 0;
  }

  H.on("signedin", load);
  H.on("forget", () => {
    $("imports-table").querySelector("tbody").textContent = "";
  });
})();
