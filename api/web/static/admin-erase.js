// The admin page's "Erase a person's record" (POST /api/v1/people/{id}/erase): first a
// preview of what would go (dry_run), then the erasure after a second, explicit press.
// The server requires the id twice (confirm) and audits both steps.
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
  let pending = ""; // the id previewed, waiting for confirmation

  function plural(n, one, many) {
    return n + " " + (n === 1 ? one : many);
  }

  // describe says what an erasure takes, in words.
  function describe(c) {
    const parts = [plural(c.encounters, "encounter", "encounters"), plural(c.follow_ups, "follow-up", "follow-ups"),
      plural(c.follow_up_attempts, "follow-up attempt", "follow-up attempts"), plural(c.referrals, "referral", "referrals"),
      plural(c.consents, "consent", "consents"), plural(c.disclosures, "disclosure", "disclosures")];
    return parts.join(", ") + " and " + plural(c.people, "person record", "person records");
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
      fieldError("No person record has this id.");
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
      fieldError("Enter the person's id: 36 letters, digits and dashes, such as 1b4e28ba-2fa1-41d2-883f-0016d3cca427.");
      $("er-id").focus();
      return;
    }
    $("er-check").disabled = true;
    try {
      const r = await erase(id, true);
      pending = id;
      $("erase-summary").textContent = "Erasing the record " + id + " deletes " + describe(r.erased) + ".";
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
      H.say("Erased the record " + id + ": " + describe(r.erased) + ".");
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
