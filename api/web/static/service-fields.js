// A service's cost and languages as the agency's edit page shows them, and back as
// HSDS rows. Cost has three answers, because "not known" is not "free": search shows a
// service as free only when a cost option says so (directory.IsFree), and a fee only
// when one names it (directory.HasFee). A cost option the page writes is named in the
// page's language, as the agency would write it (editor.cost.*): an amount of 0 is what
// marks it free.
"use strict";

window.ServiceFields = (function () {
  const { t } = window.HandoffI18n;
  const uuid = () => window.ScheduleEditor.uuid();
  const isFree = (c) => c.amount === 0 || String(c.option || "").trim().toLowerCase() === "free";

  // feeKind is "free", "cost" or "unknown", as directory.IsFree and HasFee read it.
  function feeKind(svc) {
    const opts = svc.cost_options || [];
    if (opts.some(isFree)) {
      return "free";
    }
    return opts.length ? "cost" : "unknown";
  }

  // costOptions answers the cost options for a kind, keeping the service's own that fit.
  function costOptions(kind, svc) {
    const opts = svc.cost_options || [];
    if (kind === "free") {
      const kept = opts.filter(isFree);
      return kept.length ? kept : [{ id: uuid(), option: t("editor.cost.free"), amount: 0 }];
    }
    if (kind === "cost") {
      const kept = opts.filter((c) => !isFree(c));
      return kept.length ? kept : [{ id: uuid(), option: t("editor.cost.fee") }];
    }
    return [];
  }

  const names = (list) => (list || []).map((l) => l.name || l.code || "").filter(Boolean);
  const splitNames = (text) => text.split(",").map((s) => s.trim()).filter(Boolean);

  // languagesFrom reads "English, Spanish" as language rows, keeping the service's own
  // (matched by name or code) with their ids.
  function languagesFrom(text, svc) {
    const old = svc.languages || [];
    const same = (l, n) => [l.name, l.code].some((v) => String(v || "").toLowerCase() === n.toLowerCase());
    return splitNames(text).map((n) => old.find((l) => same(l, n)) || { id: uuid(), name: n });
  }

  return { feeKind, costOptions, names, splitNames, languagesFrom };
})();
