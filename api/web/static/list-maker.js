// Make a resource list from the search page (POST /api/v1/resource-lists): a signed-in
// program user ticks "Add to list" on results, chooses the language the person reads
// (the page's by default), and gets the link to the printable list (/l/{token}). The
// list holds services only, nothing about the person.
"use strict";
(function () {
  const H = window.Handoff;
  const { t } = window.HandoffI18n;
  const $ = (id) => document.getElementById(id);
  const box = $("mklist");
  const picked = new Map(); // service id → name, in the order added
  let user = null;

  function render() {
    box.hidden = !user || picked.size === 0;
    $("mklist-count").textContent = t("pub.mklist.count", { count: picked.size });
    for (const b of document.querySelectorAll(".card-list")) {
      b.setAttribute("aria-pressed", String(picked.has(b.dataset.id)));
      b.textContent = t(picked.has(b.dataset.id) ? "pub.mklist.added" : "pub.mklist.add");
    }
  }

  function addButton(li, it) {
    const s = it && it.service;
    if (!user || !H.isProgram(user) || !s || !s.id || li.querySelector(".card-list")) {
      return;
    }
    // Named from the start: a card drawn again while the list is not yet rendered must
    // not show (or announce) an empty button.
    const b = H.el("button", "secondary card-list", t(picked.has(s.id) ? "pub.mklist.added" : "pub.mklist.add"));
    b.type = "button";
    b.dataset.id = s.id;
    b.setAttribute("aria-pressed", String(picked.has(s.id)));
    b.addEventListener("click", () => {
      if (picked.has(s.id)) picked.delete(s.id);
      else picked.set(s.id, s.name || "");
      $("mklist-done").hidden = true;
      render();
    });
    li.insertBefore(b, li.querySelector("details.about"));
  }

  const items = new WeakMap();
  window.HandoffCards.decorate((li, it) => {
    items.set(li, it);
    addButton(li, it);
    render();
  });

  function signedIn(u) {
    user = u && H.isProgram(u) ? u : null;
    for (const li of document.querySelectorAll("#results li.card")) addButton(li, items.get(li));
    render();
  }
  H.on("checked", signedIn);
  H.on("signedin", signedIn);
  H.on("forget", () => {
    user = null;
    picked.clear();
    for (const b of document.querySelectorAll(".card-list")) b.remove();
    render();
  });

  $("mklist-make").addEventListener("click", async () => {
    const err = $("mklist-error");
    err.hidden = true;
    try {
      const r = await H.api("POST", "/api/v1/resource-lists",
        { service_ids: [...picked.keys()], language: $("mklist-lang").value });
      $("mklist-link").value = r.url;
      $("mklist-open").href = r.url;
      $("mklist-done").hidden = false;
      $("mklist-link").focus();
    } catch (e) {
      err.textContent = e.detail || t("pub.mklist.failed");
      err.hidden = false;
    }
  });
})();
