// The history of one listing (/agency/history?service=ID): what changed, field by field,
// before → after, who, when and from where, from GET /api/v1/services/{id}/history
// with its sites' changes (include=locations).
// Rows of one write (same time, same person) are shown together.
"use strict";

(function () {
  const H = window.Handoff;
  const W = window.ListingWords;
  const { t } = window.HandoffI18n;
  const $ = H.$;
  const PER_PAGE = 50;
  let page = 0;
  let last = null; // the group the previous row went into

  const serviceID = () => new URLSearchParams(location.search).get("service") || "";

  function when(iso) {
    const d = new Date(iso);
    const today = new Date();
    return (H.sameDay(d, today) ? t("history.today") : H.day(d)) + " " + H.clock(d);
  }

  function group(row) {
    const li = H.el("li", "write");
    li.dataset.source = row.source;
    const h = H.el("h3", "", when(row.at));
    li.append(h);
    const by = H.el("p", "by");
    by.append(W.by(row));
    li.append(by);
    const ul = H.el("ul", "fields");
    li.append(ul);
    $("changes").append(li);
    return { key: row.at + "|" + row.who, ul };
  }

  function line(row) {
    const li = H.el("li", "chg");
    // A site's rows (include=locations) say so: its address is the site's, not the service's.
    const site = row.record_type === "location";
    li.dataset.record = row.record_type;
    if (row.action === "create") {
      li.append(H.el("span", "what", t(site ? "history.site_added" : "history.created")));
      return li;
    }
    if (row.action === "delete") {
      li.append(H.el("span", "what", t(site ? "history.site_deleted" : "history.deleted")));
      return li;
    }
    li.append(H.el("span", "what", site ? t("history.site_field", { field: W.field(row.field) }) : W.field(row.field)));
    li.append(W.beforeAfter(row.before, row.after, row.field));
    return li;
  }

  async function load() {
    const id = serviceID();
    if (!id) {
      H.say(t("history.no_listing"));
      return;
    }
    page++;
    try {
      const res = await H.api("GET", "/api/v1/services/" + encodeURIComponent(id) + "/history?include=locations&page=" + page + "&per_page=" + PER_PAGE);
      for (const row of res.items) {
        const key = row.at + "|" + row.who;
        if (!last || last.key !== key) {
          last = group(row);
        }
        last.ul.append(line(row));
      }
      $("empty").hidden = res.total > 0;
      $("more").hidden = page * PER_PAGE >= res.total;
      H.say(t("history.count", { count: res.total }));
    } catch (e) {
      page--;
      H.failed(e);
    }
  }

  async function title() {
    const id = serviceID();
    if (!id) {
      return;
    }
    try {
      const s = await H.api("GET", "/api/v1/services/" + encodeURIComponent(id));
      $("work-h").replaceChildren(W.phrase("history.of", { name: s.name }, ["name"]));
      $("to-suggestions").href = "/agency/suggestions";
    } catch (e) {
      // The history says what it can; the name is a nicety.
    }
  }

  H.on("signedin", async () => {
    page = 0;
    last = null;
    $("changes").replaceChildren();
    await Promise.all([title(), load()]);
  });
  H.on("forget", () => {
    $("changes").replaceChildren();
    last = null;
    page = 0;
  });
  $("more").addEventListener("click", load);
})();
