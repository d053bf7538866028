// The admin page's "Erase a person's record" (POST /api/v1/people/{id}/erase): first a
// preview of what would go (dry_run), then the erasure after a second, explicit press.
// The server requires the id twice (confirm) and audits both steps.
"use strict";

(function () {
  const H = window.Handoff;
  const { t } = window.HandoffI18n;
  const $ = H.$;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let pending = ""; // the id previewed, waiting for confirmation

  // What an erasure counts (the API's erased), in the order said; each is named by
  // the catalog (admin.erase.KIND), with its count.
  const KINDS = ["encounters", "follow_ups", "follow_up_attempts", "referrals", "consents", "disclosures"];

  // describe says what an erasure takes, in words.
  function describe(c) {
    const parts = KINDS.map((k) => t("admin.erase." + k, { count: c[k] }));
    return t("admin.erase.and", { list: parts.join(", "), last: t("admin.erase.people", { count: c.people }) });
  }

  function fieldError(text) {
    const p = $("er-err-id");
    p.textContent = text;
    p.hidden = !text;
    if (text) {
      $("er-id").setAttribute("aria-invalid", "true");
    } else {
      $("er-id").removeAttribute("aria-invalid");
    }
  }

  function reset() {
    pending = "";
    $("erase-confirm").hidden = true;
    $("erase-error").hidden = true;
    fieldError("");
  }

  async function erase(id, dryRun) {
    return H.api("POST", "/api/v1/people/" + encodeURIComponent(id) + "/erase", { confirm: id, dry_run: dryRun });
  }

  function failed(e) {
    if (e.status === 401) {
      H.failed(e);
    } else if (e.status === 404) {
      fieldError(t("admin.erase.no_person"));
      $("er-id").focus();
    } else {
      $("erase-error").textContent = e.detail || e.message;
      $("erase-error").hidden = false;
    }
  }

  $("erase-form").addEventListener("submit", async (ev) => {
    ev.preventDefault();
    reset();
    const id = $("er-id").value.trim();
    if (!UUID.test(id)) {
      fieldError(t("admin.erase.bad_id", { example: "1b4e28ba-2fa1-41d2-883f-0016d3cca427" }));
      $("er-id").focus();
      return;
    }
    $("er-check").disabled = true;
    try {
      const r = await erase(id, true);
      pending = id;
      $("erase-summary").replaceChildren(window.Admin.words("admin.erase.preview", { id: window.Admin.code(id), what: describe(r.erased) }));
      $("erase-confirm").hidden = false;
      $("er-go").focus();
    } catch (e) {
      failed(e);
    } finally {
      $("er-check").disabled = false;
    }
  });

  $("er-go").addEventListener("click", async () => {
    const id = pending;
    if (!id) {
      return;
    }
    $("er-go").disabled = true;
    try {
      const r = await erase(id, false);
      reset();
      $("er-id").value = "";
      H.say(t("admin.erase.done", { id, what: describe(r.erased) }));
      $("erase-h").focus();
    } catch (e) {
      failed(e);
    } finally {
      $("er-go").disabled = false;
    }
  });

  $("er-cancel").addEventListener("click", () => {
    reset();
    $("er-id").focus();
  });

  $("er-id").addEventListener("input", () => {
    if (pending) {
      reset();
    }
  });

  H.on("forget", () => {
    reset();
    $("er-id").value = "";
  });
})();
