// The agency's edit page (/agency/edit?service=ID): one service's description, who it
// is for, its cost, languages, phones and hours. It reads the service with its ETag,
// sends only the fields the person changed as a JSON Merge Patch with If-Match, and when
// someone else saved first (412) it says so, shows what changed on the server beside
// what the person typed, and keeps every edit in the form to save again. The API decides
// who may change what; the page only says it first. Its words are the catalog's
// (listing.*), the hours in words the server's in the page's language.
"use strict";

(function () {
  const H = window.Handoff;
  const { t, has } = window.HandoffI18n;
  const $ = H.$;
  const form = $("edit");
  // label names a field of the form by the API's name ("schedules": Hours).
  const label = (f) => (has("listing.field." + f) ? t("listing.field." + f) : f);
  // feeWords says a kind of cost ("free", "cost", "unknown").
  const feeWords = (kind) => t("listing.fee." + kind);

  let id = "";
  let base = null; // the service as the person began editing it
  let etag = ""; // the version a save must replace
  const phones = window.PhoneEditor.create($("phones"), $("add-phone"));
  let describing = 0; // the latest words asked for
  let timer = 0;
  const hours = window.ScheduleEditor.create($("sched"), () => {
    clearTimeout(timer);
    timer = setTimeout(describe, 250);
  });

  const { feeKind, costOptions, names, splitNames, languagesFrom } = window.ServiceFields;
  const chosenFee = () => (form.querySelector("input[name=fees]:checked") || { value: "unknown" }).value;

  // ---- the form and the service ----

  // named puts the listing's name in the heading: its own name, not to be translated.
  function named(name) {
    const h = $("work-h");
    if (!name) {
      h.removeAttribute("translate");
      h.textContent = t("listing.heading");
      return;
    }
    h.setAttribute("translate", "no");
    h.textContent = name;
  }

  function fill(svc) {
    base = svc;
    named(svc.name);
    $("f-description").value = svc.description || "";
    $("f-eligibility").value = svc.eligibility_description || "";
    $("f-fees").value = svc.fees_description || "";
    const kind = feeKind(svc);
    for (const r of form.querySelectorAll("input[name=fees]")) {
      r.checked = r.value === kind;
    }
    $("f-languages").value = names(svc.languages).join(", ");
    phones.load(svc.phones || []);
    hours.load(svc.schedules || []);
    clearErrors(form);
  }

  // changes answers the merge patch of what the person changed since from: only those
  // fields, so that a save never undoes what someone else changed in the others.
  function changes(from) {
    const patch = {};
    for (const [key, ctl] of [["description", "f-description"], ["eligibility_description", "f-eligibility"]]) {
      if ($(ctl).value !== (from[key] || "")) {
        patch[key] = $(ctl).value;
      }
    }
    const kind = chosenFee();
    if (kind !== feeKind(from) || $("f-fees").value !== (from.fees_description || "")) {
      patch.fees_description = $("f-fees").value;
      patch.cost_options = costOptions(kind, from);
    }
    if (splitNames($("f-languages").value).join(", ") !== names(from.languages).join(", ")) {
      patch.languages = languagesFrom($("f-languages").value, from);
    }
    const ph = phones.rows();
    if (JSON.stringify(ph) !== JSON.stringify(from.phones || [])) {
      patch.phones = ph;
    }
    const rows = hours.rows();
    if (JSON.stringify(rows) !== JSON.stringify(from.schedules || [])) {
      patch.schedules = rows;
    }
    return patch;
  }

  // ---- the hours in words (the server's words: POST /api/v1/schedules/describe) ----

  async function words(rows) {
    try {
      return { text: (await H.api("POST", "/api/v1/schedules/describe", { schedules: rows })).text, errors: [] };
    } catch (e) {
      if (e.status === 422 && e.body) {
        return { text: (e.body.words || []).join("; "), errors: e.body.errors || [] };
      }
      throw e;
    }
  }

  async function describe() {
    if (!base) {
      return; // signed out, or nothing loaded: nothing to read back
    }
    const n = ++describing;
    const local = hours.check();
    try {
      const w = await words(hours.rows());
      if (n !== describing) {
        return; // a newer edit asked again
      }
      $("words").textContent = w.text || t("listing.no_hours");
      clearErrors($("hours"));
      const errs = local.concat(w.errors.map((e) => [e.field, sentence(e.message)]));
      showErrors(errs, false);
      $("words-problem").textContent = errs.length ? t("listing.lines_need_look") : "";
      $("words-problem").hidden = !errs.length;
    } catch (e) {
      if (n === describing) {
        $("words").textContent = "";
        H.failed(e);
      }
    }
  }

  // ---- field errors ----

  function sentence(msg) {
    msg = String(msg || "");
    return msg.charAt(0).toUpperCase() + msg.slice(1) + (/[.!?]$/.test(msg) ? "" : ".");
  }

  function clearErrors(root) {
    for (const p of root.querySelectorAll(".field-error")) {
      p.hidden = true;
      p.textContent = "";
    }
    for (const c of root.querySelectorAll("[aria-invalid]")) {
      c.removeAttribute("aria-invalid");
    }
  }

  // showErrors puts each [field, message] beside its field ("schedules[2].closes_at"),
  // or beside its line, or in the list under the form; it answers the first control.
  function showErrors(errs, loose) {
    let first = null;
    const rest = [];
    for (const [f, msg] of errs) {
      let box = form.querySelector('[data-err="' + CSS.escape(f) + '"]');
      if (!box) {
        const line = /^(\w+\[\d+\])\./.exec(f);
        box = line && form.querySelector('[data-err="' + CSS.escape(line[1]) + '"]');
      }
      if (!box) {
        rest.push(t("listing.field_error", { field: label(f), message: msg }));
        continue;
      }
      box.textContent = (box.textContent ? box.textContent + " " : "") + msg;
      box.hidden = false;
      const prev = box.previousElementSibling;
      const c = prev && (prev.matches("fieldset") ? prev.querySelector("input, select") : prev);
      if (c && c.matches("input, textarea, select")) {
        c.setAttribute("aria-invalid", "true");
        first = first || c;
      }
    }
    if (loose && rest.length) {
      $("save-error").textContent += " " + rest.join(" ");
    }
    return first;
  }

  // ---- saving, and when someone else saved first ----

  let saving = false;

  async function save(ev) {
    if (ev) {
      ev.preventDefault();
    }
    if (saving || !base) {
      return;
    }
    clearErrors(form);
    $("save-error").hidden = true;
    $("save-error").textContent = "";
    const local = hours.check();
    if (local.length) {
      const c = showErrors(local, false);
      $("save-error").textContent = t("listing.not_saved_line");
      $("save-error").hidden = false;
      (c || $("save-error")).focus();
      return;
    }
    const patch = changes(base);
    if (!Object.keys(patch).length) {
      H.say(t("listing.nothing_to_save"));
      return;
    }
    saving = true;
    $("save").disabled = $("reapply").disabled = true;
    H.say(t("listing.saving"));
    try {
      const r = await H.send("PATCH", "/api/v1/services/" + id, patch, { "If-Match": etag });
      etag = r.etag;
      fill(r.data);
      $("conflict").hidden = true;
      await describe();
      H.say(t("listing.saved", { hours: $("words").textContent || t("listing.none_given") }));
      $("work-h").focus();
    } catch (e) {
      await refused(e, patch);
    } finally {
      saving = false;
      $("save").disabled = $("reapply").disabled = false;
    }
  }

  async function refused(e, patch) {
    if (e.status === 401) {
      H.failed(e);
      return;
    }
    if (e.status === 412) {
      await conflict(patch);
      return;
    }
    const errs = ((e.body && e.body.errors) || []).map((fe) => [fe.field, sentence(fe.message)]);
    if (errs.length) {
      $("save-error").textContent = t("listing.not_saved_fields", { count: errs.length });
      const c = showErrors(errs, true);
      $("save-error").hidden = false;
      H.say(t("listing.not_saved"));
      (c || $("save-error")).focus();
      return;
    }
    const why = e.status === 403 || e.status === 404
      ? t("listing.cannot_change", { detail: e.detail })
      : t("listing.not_saved_because", { detail: e.detail });
    $("save-error").textContent = why;
    $("save-error").hidden = false;
    H.say(t("listing.not_saved"));
  }

  // conflict reads the server's version and shows, field by field, what changed there
  // since the person began and what they typed. The form is left as it is; the next
  // save sends the person's changes (only theirs) over the new version.
  async function conflict(patch) {
    let theirs;
    try {
      const r = await H.send("GET", "/api/v1/services/" + id);
      theirs = r.data;
      etag = r.etag;
    } catch (e) {
      H.failed(e);
      return;
    }
    const dl = $("conflict-list");
    dl.replaceChildren();
    const mine = { description: $("f-description").value, eligibility_description: $("f-eligibility").value };
    const empty = t("listing.empty");
    const none = t("listing.none");
    const fee = (kind, note) => (note ? t("listing.fee_with_note", { fee: feeWords(kind), note }) : feeWords(kind));
    const text = {
      description: (s) => s.description || empty,
      eligibility_description: (s) => s.eligibility_description || empty,
      fees: (s) => fee(feeKind(s), s.fees_description),
      languages: (s) => names(s.languages).join(", ") || none,
      phones: (s) => (s.phones || []).map((p) => p.number).join(", ") || none,
    };
    const typed = {
      description: () => mine.description || empty,
      eligibility_description: () => mine.eligibility_description || empty,
      fees: () => fee(chosenFee(), $("f-fees").value),
      languages: () => splitNames($("f-languages").value).join(", ") || none,
      phones: () => phones.rows().map((p) => p.number).join(", ") || none,
    };
    const touched = {
      description: "description" in patch, eligibility_description: "eligibility_description" in patch,
      fees: "cost_options" in patch, languages: "languages" in patch, phones: "phones" in patch, schedules: "schedules" in patch,
    };
    let n = 0;
    const add = (key, server, yours, theyChanged) => {
      if (!theyChanged && !touched[key]) {
        return;
      }
      n++;
      const dt = H.el("dt", "", label(key));
      const dd = H.el("dd");
      if (theyChanged) {
        dd.append(H.el("p", "theirs", t("listing.conflict.theirs", { value: server })));
      }
      if (touched[key]) {
        dd.append(H.el("p", "yours", t("listing.conflict.yours", { value: yours })));
      }
      dd.append(H.el("p", "muted", t(theyChanged && touched[key] ? "listing.conflict.both"
        : theyChanged ? "listing.conflict.theirs_only" : "listing.conflict.yours_only")));
      dt.dataset.key = dd.dataset.key = key;
      dl.append(dt, dd);
    };
    for (const key of ["description", "eligibility_description", "fees", "languages", "phones"]) {
      add(key, text[key](theirs), typed[key](), text[key](theirs) !== text[key](base));
    }
    try {
      const [was, now, yours] = await Promise.all([words(base.schedules || []), words(theirs.schedules || []), words(hours.rows())]);
      const noHours = t("listing.conflict.no_hours");
      add("schedules", now.text || noHours, yours.text || noHours, was.text !== now.text);
    } catch (e) {
      H.failed(e);
    }
    if (!n) {
      dl.append(H.el("p", "", t("listing.conflict.other_details")));
    }
    // The person's changes are still reckoned from what they began with; the server's
    // newer version is what a save now replaces.
    $("conflict").dataset.theirs = "1";
    conflictTheirs = theirs;
    $("conflict").hidden = false;
    H.say(t("listing.conflict.said"));
    $("conflict-h").focus();
  }

  let conflictTheirs = null;

  $("reapply").addEventListener("click", () => save());
  $("take-theirs").addEventListener("click", async () => {
    if (conflictTheirs) {
      fill(conflictTheirs);
      conflictTheirs = null;
      $("conflict").hidden = true;
      await describe();
      H.say(t("listing.took_theirs"));
      $("work-h").focus();
    }
  });

  // ---- loading ----

  function cannot(text) {
    form.hidden = true;
    $("cannot-text").textContent = text;
    $("cannot").hidden = false;
    H.say(text);
  }

  async function load(user) {
    id = new URLSearchParams(location.search).get("service") || "";
    form.hidden = true;
    $("cannot").hidden = true;
    if (!/^[0-9a-f-]{36}$/i.test(id)) {
      cannot(t("listing.none_chosen"));
      return;
    }
    H.say(t("listing.loading"));
    let r;
    try {
      r = await H.send("GET", "/api/v1/services/" + id);
    } catch (e) {
      if (e.status === 401) {
        H.failed(e);
      } else if (e.status === 404 || e.status === 403) {
        cannot(t("listing.cannot_open"));
      } else {
        H.failed(e);
      }
      return;
    }
    if (user.role === "agency" && r.data.organization_id !== user.organization_id) {
      $("work-h").removeAttribute("translate");
      $("work-h").textContent = t("listing.not_yours_h");
      cannot(t("listing.not_yours"));
      return;
    }
    etag = r.etag;
    fill(r.data);
    form.hidden = false;
    await describe();
    H.say("");
  }

  form.addEventListener("submit", save);
  for (const b of form.querySelectorAll("[data-add]")) {
    b.addEventListener("click", () => hours.add(b.dataset.add));
  }
  H.on("signedin", load);
  H.on("forget", () => {
    base = null;
    etag = "";
    conflictTheirs = null;
    form.hidden = true;
    $("conflict").hidden = true;
    $("conflict-list").replaceChildren();
    $("f-description").value = $("f-eligibility").value = $("f-fees").value = $("f-languages").value = "";
    phones.load([]);
    hours.load([]);
    $("words").textContent = "";
  });
})();
