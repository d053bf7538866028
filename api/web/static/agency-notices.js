// The agency portal's "Notices" section: where the organization is told of what waits
// for it (a new referral, an answer recorded, a problem reported, a suggested edit), by
// email or text, and which of those each address wants. GET and PUT
// /api/v1/organizations/{id}/notice-addresses; the notices themselves never carry
// anything about the person, only where to open it. The events are named by code from
// the catalog (agency.event.*).
"use strict";

(function () {
  const H = window.Handoff;
  const $ = H.$;
  const { t, has } = window.HandoffI18n; // i18n.js, loaded before

  // The events an organization may be told of, until the API says which.
  const EVENTS = ["referral.sent", "referral.accepted", "referral.declined", "referral.completed",
    "referral.failed", "listing.flagged", "suggestion.waiting"];
  const eventWords = (code) => (has("agency.event." + code) ? t("agency.event." + code) : code);
  let org = "";
  let events = EVENTS;
  let rows = [];

  function addressRow(a, i) {
    const li = H.el("li", "notice-address");
    li.dataset.index = i;
    const kind = H.el("select");
    kind.id = "na-channel-" + i;
    kind.setAttribute("aria-label", t("agency.na.channel", { n: i + 1 }));
    for (const v of ["email", "sms"]) {
      const o = H.el("option", "", t("agency.na." + v));
      o.value = v;
      kind.append(o);
    }
    kind.value = a.channel || "email";
    const addr = H.el("input");
    addr.id = "na-address-" + i;
    addr.type = kind.value === "sms" ? "tel" : "email";
    addr.value = a.address || "";
    addr.autocomplete = "off";
    addr.setAttribute("aria-label", t("agency.na.address", { n: i + 1 }));
    addr.setAttribute("aria-describedby", "na-err-" + i);
    addr.placeholder = kind.value === "sms" ? "+14135550100" : "intake@example.org";
    kind.addEventListener("change", () => {
      addr.type = kind.value === "sms" ? "tel" : "email";
      addr.placeholder = kind.value === "sms" ? "+14135550100" : "intake@example.org";
    });
    const line = H.el("div", "na-line");
    line.append(kind, addr);
    const fs = H.el("fieldset", "na-events");
    fs.append(H.el("legend", "", t(i === 0 ? "agency.na.tell_first" : "agency.na.tell")));
    for (const code of events) {
      const c = H.el("input");
      c.type = "checkbox";
      c.value = code;
      c.id = "na-ev-" + i + "-" + code;
      c.checked = (a.events || []).includes(code);
      const l = H.el("label", "check");
      l.htmlFor = c.id;
      l.append(c, " " + eventWords(code));
      fs.append(l);
    }
    const err = H.el("p", "field-error");
    err.id = "na-err-" + i;
    err.hidden = true;
    const remove = H.el("button", "quiet warn", t("agency.na.remove"));
    remove.type = "button";
    remove.setAttribute("aria-label", t("agency.na.remove_n", { n: i + 1 }));
    remove.addEventListener("click", () => {
      rows = collect();
      rows.splice(i, 1);
      render();
      $("na-add").focus();
    });
    li.append(line, err, fs, remove);
    return li;
  }

  function collect() {
    return [...$("na-list").children].map((li) => {
      const i = li.dataset.index;
      return {
        channel: $("na-channel-" + i).value,
        address: $("na-address-" + i).value.trim(),
        events: [...li.querySelectorAll(".na-events input:checked")].map((c) => c.value),
      };
    });
  }

  function render() {
    $("na-list").replaceChildren(...rows.map(addressRow));
    $("na-empty").hidden = rows.length > 0;
  }

  async function load() {
    const data = window.HandoffAgency && (await window.HandoffAgency.loaded(), window.HandoffAgency.organization());
    org = data || "";
    if (!org) {
      return;
    }
    let got;
    try {
      got = await H.api("GET", "/api/v1/organizations/" + encodeURIComponent(org) + "/notice-addresses");
    } catch (e) {
      H.failed(e);
      return;
    }
    events = got.events || events;
    rows = got.addresses.map((a) => ({ channel: a.channel, address: a.address, events: a.events }));
    render();
  }

  async function save(ev) {
    ev.preventDefault();
    $("na-error").hidden = true;
    rows = collect();
    try {
      const got = await H.api("PUT", "/api/v1/organizations/" + encodeURIComponent(org) + "/notice-addresses", { addresses: rows });
      rows = got.addresses.map((a) => ({ channel: a.channel, address: a.address, events: a.events }));
      render();
      H.say(t("agency.na.saved"));
    } catch (e) {
      const errs = (e.body && e.body.errors) || [];
      render();
      let first = null;
      for (const fe of errs) {
        const m = /^addresses\[(\d+)\]\.(\w+)$/.exec(fe.field);
        const p = m && $("na-err-" + m[1]);
        if (!p) {
          continue;
        }
        p.textContent = (p.hidden ? "" : p.textContent + " ") + (m[2] === "events" ? t("agency.na.choose") : fe.message.charAt(0).toUpperCase() + fe.message.slice(1) + ".");
        p.hidden = false;
        const c = $("na-" + (m[2] === "events" ? "ev-" + m[1] + "-" + events[0] : m[2] + "-" + m[1]));
        if (c) {
          c.setAttribute("aria-invalid", "true");
          first = first || c;
        }
      }
      $("na-error").textContent = t("agency.na.not_saved", { why: errs.length ? t("agency.na.check_marked") : e.detail });
      $("na-error").hidden = false;
      (first || $("na-error")).focus();
    }
  }

  $("na-add").addEventListener("click", () => {
    rows = collect();
    rows.push({ channel: "email", address: "", events: ["referral.sent"] });
    render();
    $("na-address-" + (rows.length - 1)).focus();
  });
  $("na-form").addEventListener("submit", save);
  H.on("signedin", load);
  H.on("forget", () => {
    org = "";
    rows = [];
    $("na-list").replaceChildren();
  });
})();
