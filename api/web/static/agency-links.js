// The agency portal's no-login update links (/agency): per listing, behind "No-login
// update link", the service's live links (GET .../update-links, asked when opened), with
// "Make a link" (POST), "New address" (rotate: the old one stops) and "Stop this link"
// (DELETE). A link's address is answered once, when made or rotated: the page shows it
// with Copy, and forgets it when the section is closed or the list is read again.
"use strict";

window.HandoffAgencyLinks = (function () {
  const H = window.Handoff;
  const { t } = window.HandoffI18n; // i18n.js, loaded before

  function day(iso) {
    return H.day(new Date(iso));
  }

  // shown is the address just made, with Copy: the only time anyone sees it.
  function shown(url) {
    const box = H.el("div", "fresh-link");
    const id = "link-" + Math.random().toString(36).slice(2);
    const l = H.el("label", "", t("agency.links.shown_once"));
    l.htmlFor = id;
    const input = H.el("input", "link-url");
    input.id = id;
    input.readOnly = true;
    input.value = url;
    input.autocomplete = "off";
    const copy = H.el("button", "quiet copy", t("agency.links.copy"));
    copy.type = "button";
    const said = H.el("span", "copied");
    said.setAttribute("role", "status");
    copy.addEventListener("click", async () => {
      input.select();
      try {
        await navigator.clipboard.writeText(url);
        said.textContent = t("agency.links.copied");
      } catch (e) {
        said.textContent = t("agency.links.selected");
      }
    });
    const row = H.el("div", "copy-row");
    row.append(input, copy);
    box.append(l, row, said, H.el("p", "hint", t("agency.links.warning")));
    return box;
  }

  // section is the listing's update links, read when first opened.
  function section(l) {
    const d = H.el("details", "links");
    d.dataset.service = l.id;
    d.append(H.el("summary", "", t("agency.links.title")));
    const body = H.el("div", "links-body");
    const list = H.el("ul", "link-list");
    const fresh = H.el("div", "fresh-slot");
    const note = H.el("p", "links-note");
    note.setAttribute("role", "status");
    const make = H.el("button", "make", t("agency.links.make"));
    make.type = "button";
    body.append(H.el("p", "hint", t("agency.links.hint")),
      list, fresh, make, note);
    d.append(body);

    // reads counts the reads begun: only the latest may fill the list, or a read begun
    // before a Make (the section just opened) that answers after it would put back a list
    // without the link just made.
    let reads = 0;
    async function read() {
      const mine = ++reads;
      note.textContent = "";
      try {
        const r = await H.api("GET", "/api/v1/services/" + l.id + "/update-links");
        if (mine !== reads) {
          return;
        }
        const live = (r.items || []).filter((x) => !x.revoked_at);
        list.replaceChildren(...live.map(row));
        if (!live.length) {
          list.append(H.el("li", "muted", t("agency.links.none")));
        }
      } catch (e) {
        if (mine === reads) {
          note.textContent = H.failed(e);
        }
      }
    }

    function row(x) {
      const li = H.el("li", "link");
      li.dataset.link = x.id;
      const made = day(x.rotated_at || x.created_at);
      const when = x.last_used_at ? t("agency.links.made_used", { day: made, ago: window.HandoffAgency.ago(x.last_used_at) })
        : t("agency.links.made_unused", { day: made });
      li.append(H.el("span", "link-when", when));
      const rotate = H.el("button", "quiet rotate", t("agency.links.rotate"));
      const revoke = H.el("button", "quiet revoke", t("agency.links.revoke"));
      rotate.type = revoke.type = "button";
      rotate.addEventListener("click", () => act(rotate, "POST", "/" + x.id + "/rotate", t("agency.links.rotated")));
      revoke.addEventListener("click", () => act(revoke, "DELETE", "/" + x.id, t("agency.links.revoked")));
      const b = H.el("div", "link-actions");
      b.append(rotate, revoke);
      li.append(b);
      return li;
    }

    async function act(button, method, path, done) {
      button.disabled = true;
      fresh.replaceChildren();
      try {
        const r = await H.api(method, "/api/v1/services/" + l.id + "/update-links" + path);
        await read();
        note.textContent = done;
        if (r && r.url) {
          fresh.append(shown(r.url));
          fresh.querySelector("input").focus();
        }
      } catch (e) {
        note.textContent = H.failed(e);
      } finally {
        button.disabled = false;
      }
    }

    make.addEventListener("click", () => act(make, "POST", "", t("agency.links.made")));
    d.addEventListener("toggle", () => {
      if (d.open) {
        read();
      } else {
        fresh.replaceChildren(); // the address is shown once: closing forgets it
      }
    });
    return d;
  }

  return { section };
})();
