// Search the directory through the HSDS API and list the results. No inline script, no
// third-party code: the page must work on a phone in the field with nothing but this server.
"use strict";
(function () {
  const form = document.getElementById("search");
  const q = document.getElementById("q");
  const status = document.getElementById("status");
  const list = document.getElementById("results");

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  async function search(term) {
    status.textContent = "Searching…";
    list.replaceChildren();
    const url = "/hsds/services?full=true&per_page=25&search=" + encodeURIComponent(term);
    try {
      const res = await fetch(url, { headers: { Accept: "application/json" } });
      const page = await res.json();
      if (!res.ok) { status.textContent = page.detail || "Search failed."; return; }
      status.textContent = page.total_items + " services";
      for (const s of page.contents) {
        const li = el("li");
        li.append(el("h2", "", s.name));
        if (s.organization) li.append(el("div", "org", s.organization.name));
        const loc = (s.service_at_locations || [])[0];
        const addr = loc && loc.location && (loc.location.addresses || [])[0];
        if (addr) li.append(el("div", "addr", addr.address_1 + ", " + addr.city));
        const phone = (s.phones || [])[0] || (loc && loc.location && (loc.location.phones || [])[0]);
        if (phone) {
          // A tap on the number calls it: peers work from a phone.
          const a = el("a", "phone", phone.number);
          a.href = "tel:" + phone.number.replace(/[^0-9+]/g, "");
          li.append(a);
        }
        if (s.description) li.append(el("p", "", s.description));
        list.append(li);
      }
    } catch (e) {
      status.textContent = "Search failed: the server did not answer.";
    }
  }

  form.addEventListener("submit", function (ev) {
    ev.preventDefault();
    const term = q.value.trim();
    history.replaceState(null, "", "/?q=" + encodeURIComponent(term));
    search(term);
  });
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) { q.value = initial; search(initial); }
})();
