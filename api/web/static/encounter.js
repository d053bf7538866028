// The encounter form of the follow-up page: a peer records a call right after it, on a
// phone. Plain script, no framework, nothing from elsewhere; session.js signs in and
// person-picker.js finds or makes the person.
//
// Privacy rules this file keeps: what is typed lives in the form and this script's
// memory only, is sent in request bodies (the one exception is the person search, whose
// words go to GET /api/v1/people?q= as the API defines it; the page's own URL never
// changes), and is dropped at sign-out. When the session merely expires, the unsent form
// is kept for the same user to sign back in and send it; anyone else gets it empty.
"use strict";

(function () {
  const H = window.Handoff;
  const { $, el, api } = H;
  const { t } = window.HandoffI18n; // the catalog (i18n.js, loaded first)

  // care.Sources, care.Dispositions and the handoff:need and handoff:level_of_care codes
  // (directory/vocab.go), each with the catalog key of the words a peer would use
  // (TestEncounterFormCodes reads the codes here, TestEncounterWordsInCatalog the keys).
  const SOURCES = [
    ["911_coresponse", "encounter.source.911_coresponse"], ["direct_to_peer", "encounter.source.direct_to_peer"],
    ["walk_in", "encounter.source.walk_in"], ["follow_up", "encounter.source.follow_up"],
  ];
  const DISPOSITIONS = [
    ["resolved_on_scene", "encounter.disposition.resolved_on_scene"], ["referred", "encounter.disposition.referred"],
    ["ed_transport", "encounter.disposition.ed_transport"], ["arrest", "encounter.disposition.arrest"],
    ["other", "encounter.disposition.other"],
  ];
  const NEEDS = [
    ["crisis", "encounter.need.crisis"], ["treatment", "encounter.need.treatment"], ["housing", "encounter.need.housing"],
    ["food", "encounter.need.food"], ["health", "encounter.need.health"], ["legal", "encounter.need.legal"],
    ["employment", "encounter.need.employment"], ["transportation", "encounter.need.transportation"],
    ["benefits", "encounter.need.benefits"], ["other", "encounter.need.other"],
  ];
  const LEVELS = [
    ["community_support", "encounter.level.community_support"], ["peer_recovery_support", "encounter.level.peer_recovery_support"],
    ["outpatient", "encounter.level.outpatient"], ["intensive_outpatient", "encounter.level.intensive_outpatient"],
    ["crisis_line", "encounter.level.crisis_line"], ["living_room", "encounter.level.living_room"],
    ["mobile_crisis", "encounter.level.mobile_crisis"], ["crisis_stabilization", "encounter.level.crisis_stabilization"],
    ["withdrawal_management", "encounter.level.withdrawal_management"], ["residential", "encounter.level.residential"],
    ["inpatient", "encounter.level.inpatient"],
  ];
  const CORESPONSE = "911_coresponse";
  const FOLLOW_UP_VISIT = "follow_up";

  // Where each field the API names (errors[].field) is shown, and the control it marks.
  const FIELDS = {
    occurred_at: "when", source: "source", address: "where", zip: "where", town: "where", lat: "where",
    lon: "where", location: "where", location_unknown: "where", street_address: "street", police_department: "police", presenting_needs: "needs", assessed_level_of_care: "level",
    disposition: "disposition", ed_diverted: "diversions", arrest_diverted: "diversions", notes: "notes",
    no_follow_up_reason: "reason", person_id: "person",
  };
  const PERSON_FIELDS = window.HandoffPersonPicker.FIELDS;
  const CONTROLS = {
    when: "enc-when", source: "enc-source", where: "enc-where", street: "enc-street", police: "enc-police", needs: "enc-needs-box",
    level: "enc-level", disposition: "enc-disposition", diversions: "enc-diversions", notes: "enc-notes",
    reason: "enc-reason", person: "enc-person", "new-name": "enc-new-name", "new-phone": "enc-new-phone",
    "new-lang": "enc-new-lang",
  };
  const REQUIRED = {
    when: t("encounter.required.when"), source: t("encounter.required.source"), disposition: t("encounter.required.disposition"),
    "new-name": t("encounter.required.new_name"), reason: t("encounter.required.reason"), where: t("encounter.required.where"),
  };
  // How long before an open shift's start a call still counts in it (care.ShiftLeadIn).
  const SHIFT_LEAD_IN_MS = 15 * 60 * 1000;

  const form = $("enc-form");
  // The person: found by name or made on the spot (person-picker.js).
  const picker = window.HandoffPersonPicker.create("enc", { onChange: update, onLost: (e) => H.failed(e) });
  let point = null; // {lat, lon} from "Use my location", to five decimals
  let pristine = true; // not opened since the last reset: "When" starts at now on opening
  let owner = ""; // the user the unsent form belongs to

  // ---- building the options ----

  function choices(box, type, name, pairs) {
    for (const [v, key] of pairs) {
      const id = "enc-" + name + "-" + v;
      const input = el("input");
      input.type = type;
      input.name = name;
      input.value = v;
      input.id = id;
      const l = el("label", "", t(key));
      l.htmlFor = id;
      const d = el("div", "option");
      d.append(input, l);
      box.append(d);
    }
  }

  function options(select, pairs) {
    for (const [v, key] of pairs) {
      const o = el("option", "", t(key));
      o.value = v;
      select.append(o);
    }
  }

  // ---- reading the form ----

  const picked = (name) => {
    const c = form.querySelector("input[name=" + name + "]:checked");
    return c ? c.value : "";
  };

  function needs() {
    return [...form.querySelectorAll("input[name=need]:checked")].map((c) => c.value);
  }

  // withPerson: the encounter names someone (chosen, or about to be created).
  const withPerson = () => picker.named();
  // followUpOffered: recording schedules a follow-up unless turned off (care.NeedsFollowUp).
  const followUpOffered = () => withPerson() && picked("source") !== FOLLOW_UP_VISIT;

  function body() {
    const source = picked("source");
    const disposition = picked("disposition");
    const b = {
      occurred_at: new Date($("enc-when").value).toISOString(), source, disposition, presenting_needs: needs(),
      // A diversion flag is sent only where care allows it: an ED trip or an arrest
      // that did happen was not diverted.
      ed_diverted: disposition !== "ed_transport" && $("enc-ed").checked,
      arrest_diverted: disposition !== "arrest" && $("enc-arrest").checked,
    };
    if (picker.person()) {
      b.person_id = picker.person().id;
    }
    const where = $("enc-where").value.trim();
    const street = $("enc-street").value.trim();
    if (street) {
      b.street_address = street; // kept sealed; places group by its building, not its unit
    }
    if (source === CORESPONSE && placeUnknown()) {
      b.location_unknown = true;
    } else if (point) {
      b.lat = point.lat;
      b.lon = point.lon;
    } else if (where) {
      b.address = where; // a ZIP or a town; the API derives the town and keeps no address
    }
    const police = $("enc-police").value.trim();
    if (source === CORESPONSE && police) {
      b.police_department = police;
    }
    if ($("enc-level").value) {
      b.assessed_level_of_care = $("enc-level").value;
    }
    const notes = $("enc-notes").value.trim();
    if (notes) {
      b.notes = notes;
    }
    if (followUpOffered() && $("enc-nofu").checked) {
      b.no_follow_up_reason = $("enc-reason").value.trim();
    }
    return b;
  }

  // check finds what care requires and the form lacks, before anything is sent (and
  // before a new person's record is made).
  function check() {
    const errs = [];
    const when = $("enc-when").value;
    if (!when || isNaN(new Date(when).getTime())) {
      errs.push(["when", ""]);
    }
    if (!picked("source")) {
      errs.push(["source", ""]);
    }
    if (!picked("disposition")) {
      errs.push(["disposition", ""]);
    }
    // care.CheckPlace: a 911 call needs a place, or an explicit "unknown".
    if (picked("source") === CORESPONSE && !point && !$("enc-where").value.trim() && !$("enc-street").value.trim() && !placeUnknown()) {
      errs.push(["where", ""]);
    }
    errs.push(...picker.missing());
    if (followUpOffered() && $("enc-nofu").checked && !$("enc-reason").value.trim()) {
      errs.push(["reason", ""]);
    }
    return errs;
  }

  const placeUnknown = () => !$("enc-unknown-box").hidden && $("enc-unknown").checked;

  // ---- the shift the encounter counts in ----

  let shiftAsked = 0; // the latest question, so that a slow answer does not overwrite a newer one

  // checkShift warns when the time given falls outside every shift of the signed-in
  // user (care.Shift.Takes: within a shift, or up to SHIFT_LEAD_IN_MS before an open
  // one): the encounter is recorded all the same, but counts in no shift. Nothing is
  // said when the shifts cannot be read (a coordinator's, or offline).
  async function checkShift() {
    const warn = $("enc-shift-warn");
    const at = new Date($("enc-when").value).getTime();
    const ask = ++shiftAsked;
    if (isNaN(at)) {
      warn.hidden = true;
      return;
    }
    const q = new URLSearchParams({
      user: "me", per_page: "100",
      from: new Date(at - 24 * 3600 * 1000).toISOString(), to: new Date(at + SHIFT_LEAD_IN_MS + 1).toISOString(),
    });
    let shifts;
    try {
      shifts = (await api("GET", "/api/v1/shifts?" + q)).items || [];
    } catch (e) {
      return;
    }
    if (ask !== shiftAsked) {
      return;
    }
    const takes = shifts.some((s) => {
      const start = new Date(s.started_at).getTime();
      const end = s.ended_at ? new Date(s.ended_at).getTime() : Infinity;
      return (at >= start && at <= end) || (!s.ended_at && at < start && at >= start - SHIFT_LEAD_IN_MS);
    });
    warn.textContent = takes ? "" : t("encounter.shift_warn");
    warn.hidden = takes;
  }

  // ---- showing what depends on what ----

  function update() {
    const source = picked("source");
    const disposition = picked("disposition");
    $("enc-police-box").hidden = source !== CORESPONSE;
    $("enc-unknown-box").hidden = source !== CORESPONSE;
    $("enc-ed-box").hidden = disposition === "ed_transport";
    $("enc-arrest-box").hidden = disposition === "arrest";
    picker.render();
    const offered = followUpOffered();
    $("enc-nofu-box").hidden = !offered;
    $("enc-reason-box").hidden = !offered || !$("enc-nofu").checked;
    $("enc-fu-note").textContent = t(!withPerson()
      ? "encounter.fu_no_person"
      : source === FOLLOW_UP_VISIT
        ? "encounter.fu_visit"
        : $("enc-nofu").checked
          ? "encounter.fu_off"
          : "encounter.fu_next");
  }

  // ---- errors next to their fields ----

  function clearErrors() {
    $("enc-error").hidden = true;
    H.clearFieldErrors(form);
  }

  // showErrors puts each [key, message] next to its field, says how many there are, and
  // takes the focus to the first. Nothing typed is cleared.
  function showErrors(errs) {
    const shown = H.showFieldErrors(errs, {
      prefix: "enc", controls: CONTROLS, required: REQUIRED, inputs: "input:not([type=hidden])", lead: t("encounter.not_recorded"),
    });
    const box = $("enc-error");
    box.textContent = shown.summary;
    box.hidden = false;
    (shown.first || $("enc-h")).focus();
  }

  // refused shows an error of the API. A lost session goes to the sign-in form (the form
  // is kept for the same user); field errors go next to their fields.
  function refused(e, map) {
    if (e.status === 401) {
      H.failed(e);
      return;
    }
    const errs = e.status === 400 || e.status === 422 ? H.problemFields(e, map) : [];
    if (errs.length) {
      showErrors(errs);
      return;
    }
    const box = $("enc-error");
    box.textContent = t("encounter.not_recorded_detail", { detail: e.detail });
    box.hidden = false;
    $("enc-h").focus();
  }

  // ---- sending ----

  // send records the encounter, once the form has been checked (H.guardSubmit).
  async function send() {
    try {
      // From here a new record is the chosen person: sending again after an error in
      // the encounter reuses it rather than making a second one.
      await picker.ensure();
    } catch (e) {
      refused(e, PERSON_FIELDS);
      return;
    }
    let r;
    const b = body();
    try {
      r = await api("POST", "/api/v1/encounters", b);
    } catch (e) {
      // No connection: kept on the phone, encrypted, and sent when it returns (offline-queue.js).
      if (e.status === 0 && window.HandoffOffline &&
        await window.HandoffOffline.queue.add("POST", "/api/v1/encounters", b, t("encounter.queued", { time: H.clock(new Date()) })).catch(() => false)) {
        reset();
        close();
        $("enc-done").textContent = t("encounter.offline");
        $("enc-done").focus();
        return;
      }
      refused(e, FIELDS);
      return;
    }
    recorded(r);
  }

  function recorded(r) {
    const done = $("enc-done");
    let msg = r.town ? t("encounter.recorded_in", { town: r.town }) : t("encounter.recorded");
    msg += " " + (r.follow_up ? dueWords(new Date(r.follow_up.due_at)) : t("encounter.no_fu"));
    reset();
    close();
    done.textContent = msg;
    done.focus();
    H.emit("recorded", r);
  }

  // dueWords says when the follow-up is due: "Follow-up due tomorrow (Sun, Nov 29)." for a
  // whole day (due at midnight), "Follow-up due tomorrow at 9:00 AM." otherwise.
  function dueWords(d) {
    const now = new Date();
    const tomorrow = new Date(now.getFullYear(), now.getMonth(), now.getDate() + 1);
    const allDay = d.getHours() === 0 && d.getMinutes() === 0;
    const rel = H.sameDay(d, now) ? "today" : H.sameDay(d, tomorrow) ? "tomorrow" : "day";
    const key = "encounter.fu_due_" + rel + (allDay ? "" : "_at"); // encounter.fu_due_today_at …
    return t(key, { day: H.day(d), time: H.clock(d) });
  }

  // ---- where ----

  function locate() {
    if (!("geolocation" in navigator) || !window.isSecureContext) {
      showHere(t("encounter.geo_none"));
      $("enc-where").focus();
      return;
    }
    const button = $("enc-locate");
    button.disabled = true;
    showHere(t("encounter.locating"));
    navigator.geolocation.getCurrentPosition((pos) => {
      button.disabled = false;
      // Five decimals, about 1 m: the repeat-location measure groups calls into places
      // no wider than 50 m, and a coarser grid (three decimals were 110 × 80 m here)
      // split one building in two. The fix's own accuracy is what it is.
      point = { lat: Number(pos.coords.latitude.toFixed(5)), lon: Number(pos.coords.longitude.toFixed(5)) };
      $("enc-where").value = "";
      $("enc-unknown").checked = false;
      const acc = pos.coords.accuracy;
      showHere(acc ? t("encounter.using_within", { m: Math.max(1, Math.round(acc)) }) : t("encounter.using"), true);
    }, (err) => {
      button.disabled = false;
      point = null;
      showHere(t(err.code === err.PERMISSION_DENIED ? "encounter.geo_denied" : "encounter.geo_unavailable"));
      $("enc-where").focus();
    }, { enableHighAccuracy: true, timeout: 15000, maximumAge: 60000 });
  }

  function showHere(text, using) {
    $("enc-here-text").textContent = text;
    $("enc-here").hidden = !text;
    $("enc-unlocate").hidden = !using;
  }

  function unlocate() {
    point = null;
    showHere("");
    $("enc-where").focus();
  }

  // ---- opening, closing, starting over ----

  function localNow() {
    const d = new Date();
    const pad = (n) => String(n).padStart(2, "0");
    return d.getFullYear() + "-" + pad(d.getMonth() + 1) + "-" + pad(d.getDate()) + "T" + pad(d.getHours()) + ":" + pad(d.getMinutes());
  }

  function open() {
    if (pristine) {
      $("enc-when").value = localNow();
      pristine = false;
    }
    checkShift();
    owner = (H.user() || {}).id || "";
    $("enc-done").textContent = "";
    form.hidden = false;
    $("record-open").setAttribute("aria-expanded", "true");
    $("record-open").hidden = true;
    $("enc-h").focus();
  }

  function close() {
    form.hidden = true;
    $("record-open").setAttribute("aria-expanded", "false");
    $("record-open").hidden = false;
  }

  // reset empties the form: after recording, and at sign-out.
  function reset() {
    form.reset();
    clearErrors();
    picker.reset();
    point = null;
    pristine = true;
    owner = "";
    showHere("");
    $("enc-shift-warn").hidden = true;
    update();
  }

  // ---- start ----

  choices($("enc-sources"), "radio", "source", SOURCES);
  choices($("enc-dispositions"), "radio", "disposition", DISPOSITIONS);
  choices($("enc-needs"), "checkbox", "need", NEEDS);
  options($("enc-level"), LEVELS);
  const submit = H.guardSubmit({
    clear: clearErrors, check, show: showErrors, button: "enc-submit", working: t("encounter.recording"), send,
  });
  form.addEventListener("submit", submit.onSubmit);
  form.addEventListener("change", update);
  // Enter in a one-line field (the search, the place, the phone keyboard's "Go") never
  // sends the encounter half-filled: the Record button does.
  form.addEventListener("keydown", (e) => {
    const target = e.target;
    if (e.key === "Enter" && target.tagName === "INPUT" && !["checkbox", "radio", "submit", "button"].includes(target.type)) {
      e.preventDefault();
    }
  });
  $("enc-where").addEventListener("input", () => {
    if (point) {
      point = null; // a typed place replaces the location
      showHere("");
    }
  });
  $("enc-when").addEventListener("change", checkShift);
  $("enc-unknown").addEventListener("change", () => {
    if ($("enc-unknown").checked) {
      point = null; // "unknown" replaces a place given
      showHere("");
      $("enc-where").value = "";
      $("enc-street").value = "";
    }
  });
  for (const id of ["enc-where", "enc-street"]) {
    $(id).addEventListener("input", () => {
      $("enc-unknown").checked = false; // a place typed replaces "unknown"
    });
  }
  $("enc-locate").addEventListener("click", locate);
  $("enc-unlocate").addEventListener("click", unlocate);
  $("record-open").addEventListener("click", open);
  $("enc-close").addEventListener("click", () => {
    close();
    $("record-open").focus();
  });
  H.on("forget", ({ expired }) => {
    $("enc-done").textContent = "";
    if (!expired) {
      reset();
      close();
    }
  });
  H.on("signedin", (user) => {
    if (owner && owner !== user.id) {
      reset(); // someone else's unsent form
      close();
    }
  });
  update();
})();
