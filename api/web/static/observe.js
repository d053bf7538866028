// "I called": on the search page's result cards, a signed-in peer, clinician or
// coordinator records what they heard on the phone ("2 beds left") with
// POST /api/v1/services/{id}/capacity-observations. It is stored beside the agency's own
// figure, never over it, and the cards show it as said by phone, with its age. Added to
// each card with HandoffCards.decorate, like refer.js's Refer button.
"use strict";

(function () {
  const H = window.Handoff;
  const C = window.HandoffCards;
  const { t, has } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  const items = new WeakMap(); // card → its search result
  let user = null; // the signed-in program user; without one there is no form

  C.decorate((li, it) => {
    items.set(li, it);
    if (user) {
      add(li);
    }
  });

  // add puts the form in a card whose service counts something (beds, places).
  function add(li) {
    const it = items.get(li);
    if (!it || !it.service || !it.service.id || !it.capacity || li.querySelector(".heard")) {
      return;
    }
    const unit = it.capacity.unit || "place";
    // The unit's word for n: the catalog's (pub.unit.bed …, observe.place), else the unit as the agency wrote it.
    const units = (n) => unit === "place" ? t("observe.place", { count: n })
      : has("pub.unit." + unit) ? t("pub.unit." + unit, { count: n }) : unit;
    const d = C.el("details", "heard");
    d.append(C.el("summary", "", t("observe.summary", { units: units(2) })));
    const form = C.el("form", "heard-form");
    form.noValidate = true;
    const id = "heard-" + Math.random().toString(36).slice(2);
    const label = C.el("label", "", t("observe.ask", { units: units(2) }));
    label.htmlFor = id;
    const input = C.el("input");
    input.id = id;
    input.type = "number";
    input.min = "0";
    input.step = "1";
    input.inputMode = "numeric";
    input.autocomplete = "off";
    const save = C.el("button", "secondary", t("observe.save"));
    save.type = "submit";
    const note = C.el("p", "hint");
    note.setAttribute("role", "status");
    form.append(label, input, save, note);
    d.append(form);
    form.addEventListener("submit", async (ev) => {
      ev.preventDefault();
      const n = Number(input.value);
      if (input.value.trim() === "" || !Number.isInteger(n) || n < 0) {
        note.textContent = t("observe.invalid");
        input.setAttribute("aria-invalid", "true");
        input.focus();
        return;
      }
      input.removeAttribute("aria-invalid");
      save.disabled = true;
      try {
        await H.api("POST", "/api/v1/services/" + it.service.id + "/capacity-observations", { available: n, unit });
        note.textContent = t("observe.saved", { count: n, units: units(n) });
        input.value = "";
      } catch (e) {
        const errs = (e.body && e.body.errors) || [];
        note.textContent = errs.length ? errs.map((x) => x.field + " " + x.message).join("; ") + "." : e.detail;
      } finally {
        save.disabled = false;
      }
    });
    li.insertBefore(d, li.querySelector("details.about"));
  }

  H.on("signedin", (u) => {
    user = u;
    for (const li of document.querySelectorAll("#results li.card")) {
      add(li);
    }
  });
  H.on("forget", ({ expired }) => {
    if (expired) {
      return;
    }
    user = null;
    for (const d of document.querySelectorAll(".heard")) {
      d.remove();
    }
  });
})();
