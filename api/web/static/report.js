// Report a problem with a listing (/report?service=ID): public, no sign-in. Sends the kind
// of problem, an optional note and, for a wrong phone, the right number if known, to
// POST /api/v1/services/{id}/reports. Nothing about the reporter is asked.
"use strict";

(function () {
  const H = window.Handoff;
  const { t } = window.HandoffI18n;
  const $ = H.$;
  const serviceID = () => new URLSearchParams(location.search).get("service") || "";
  const CONTROLS = { problem: "problem-set", phone: "phone", note: "note" };
  const REQUIRED = { problem: t("pub.report.choose"), note: t("pub.report.say") };

  function chosen() {
    const r = document.querySelector('input[name="problem"]:checked');
    return r ? r.value : "";
  }

  function showErrs(errs) {
    const o = { prefix: "r", controls: CONTROLS, required: REQUIRED, inputs: "input", lead: t("pub.report.not_sent") };
    const res = H.showFieldErrors(errs, o);
    const box = $("report-error");
    box.textContent = res.summary;
    box.hidden = false;
    if (res.first) {
      res.first.focus();
    }
  }

  const submit = H.guardSubmit({
    button: "send",
    working: t("pub.report.sending"),
    clear: () => {
      H.clearFieldErrors($("report-form"));
      $("report-error").hidden = true;
    },
    check: () => {
      const errs = [];
      if (!chosen()) {
        errs.push(["problem", ""]);
      }
      if (chosen() === "other" && !$("note").value.trim()) {
        errs.push(["note", ""]);
      }
      return errs;
    },
    show: showErrs,
    send: async () => {
      const body = { problem: chosen(), note: $("note").value.trim() };
      if (body.problem === "wrong-phone" && $("phone").value.trim()) {
        body.phone = $("phone").value.trim();
      }
      try {
        await H.api("POST", "/api/v1/services/" + encodeURIComponent(serviceID()) + "/reports", body);
        $("report-form").hidden = true;
        $("thanks").hidden = false;
        $("thanks-h").focus();
      } catch (e) {
        if (e.body && e.body.errors && e.body.errors.length) {
          showErrs(H.problemFields(e, { problem: "problem", phone: "phone", note: "note" }));
          return;
        }
        $("report-error").textContent = e.detail;
        $("report-error").hidden = false;
      }
    },
  });

  async function start() {
    const id = serviceID();
    if (!id) {
      $("service").textContent = t("pub.report.no_listing");
      $("report-form").hidden = true;
      return;
    }
    try {
      const s = await H.api("GET", "/api/v1/services/" + encodeURIComponent(id));
      $("service").textContent = s.name;
    } catch (e) {
      $("service").textContent = e.status === 404 ? t("pub.report.not_found") : e.detail;
      if (e.status === 404) {
        $("report-form").hidden = true;
      }
    }
  }

  $("report-form").addEventListener("submit", submit.onSubmit);
  $("problem-set").addEventListener("change", () => {
    $("phone-row").hidden = chosen() !== "wrong-phone";
    $("r-err-problem").hidden = true; // answered
    $("problem-set").removeAttribute("aria-invalid");
  });
  document.addEventListener("DOMContentLoaded", start);
})();
