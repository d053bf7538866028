// The result cards of the home page: one service at one location, with what a peer on a
// call needs at a glance (distance, open now, room, why it matched, a number to tap) and
// the rest behind "Details". Everything the server sends goes in as text, never as HTML.
// app.js, loaded after this file, owns the form, the URL and the requests. Other scripts
// (refer.js) add to each card with decorate.
"use strict";
window.HandoffCards = (function () {
  const decorators = [];

  // decorate registers fn(li, item), run on every card as it is made.
  function decorate(fn) {
    decorators.push(fn);
  }

  // handoff:level_of_care, lowest to highest (DESIGN.md). Imported codes outside it show as they are.
  const LEVELS = {
    community_support: "Community support", peer_recovery_support: "Peer recovery support",
    outpatient: "Outpatient", intensive_outpatient: "Intensive outpatient", crisis_line: "Crisis line",
    living_room: "Living Room (peer-run)", mobile_crisis: "Mobile crisis team",
    crisis_stabilization: "Crisis stabilization", withdrawal_management: "Withdrawal management (detox)",
    residential: "Residential", inpatient: "Inpatient",
  };
  // Crisis-level care: someone to call, someone to come, a safe place to be now.
  const CRISIS_LEVELS = ["crisis_line", "living_room", "mobile_crisis", "crisis_stabilization"];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null && text !== "") e.textContent = text;
    return e;
  }

  function levelLabel(code) {
    return LEVELS[code] || code.replace(/_/g, " ");
  }

  function card(it, ref, planned) {
    const s = it.service || {}, loc = it.location || null;
    const li = el("li", "card");
    li.tabIndex = -1;
    const levels = s.levels_of_care || [];
    const crisis = (s.needs || []).includes("crisis") || levels.some((l) => CRISIS_LEVELS.includes(l));
    const tags = el("p", "tags");
    if (crisis) {
      li.classList.add("crisis");
      tags.append(el("span", "tag tag-crisis", "Crisis"));
    }
    for (const l of levels) tags.append(el("span", "tag", levelLabel(l)));
    if (s.free) tags.append(el("span", "tag", "Free"));
    if ((s.access || []).includes("walk_in")) tags.append(el("span", "tag", "Walk-in"));
    li.append(el("h2", "name", s.name || "Unnamed service"));
    if (s.organization && s.organization.name) li.append(el("p", "org", s.organization.name));
    if (tags.childElementCount) li.append(tags);
    if (s.alert) li.append(el("p", "alert", "Note: " + s.alert));

    const facts = el("p", "facts");
    if (it.distance_km != null) facts.append(el("span", "dist", distance(it.distance_km)));
    else if (it.serves_area) facts.append(el("span", "dist", "Serves this area"));
    else if (!loc) facts.append(el("span", "dist", "By phone or online"));
    facts.append(openNow(it, ref, planned));
    if (it.capacity) facts.append(capacity(it.capacity));
    if (it.capacity_observation) facts.append(observation(it.capacity_observation, it.capacity));
    li.append(facts);

    if (it.why && it.why.length) {
      const why = el("p", "why");
      why.append(el("span", "why-label", "Why: "), document.createTextNode(it.why.join(" · ")));
      li.append(why);
    }
    const a = loc && loc.address;
    if (a) {
      const line = [a.address_1, a.address_2, a.city].filter(Boolean).join(", ");
      li.append(el("p", "addr", line + (a.state_province ? ", " + a.state_province : "") + (a.postal_code ? " " + a.postal_code : "")));
    }
    const phones = phoneLinks(s, loc);
    if (phones) li.append(phones);
    li.append(details(s, loc));
    if (s.id) li.append(reportLink(s));
    for (const fn of decorators) fn(li, it);
    return li;
  }

  // reportLink opens the public form to report a problem with the listing (no sign-in).
  function reportLink(s) {
    const p = el("p", "report-link");
    const a = el("a", "", "Report a problem");
    a.href = "/report?service=" + encodeURIComponent(s.id);
    a.append(el("span", "visually-hidden", " with " + (s.name || "this listing")));
    p.append(a);
    return p;
  }

  function distance(km) {
    const mi = km * 0.621371;
    const f = (x) => (x < 10 ? x.toFixed(1) : String(Math.round(x)));
    return f(km) + " km (" + f(mi) + " mi)";
  }

  function openNow(it, ref, planned) {
    const now = planned ? "then" : "now";
    if (it.open_now === true) {
      const until = it.open_until ? when(it.open_until, ref) : "";
      return el("span", "open open-yes", "Open " + now + (until ? ", until " + until : ""));
    }
    if (it.open_now === false) {
      const next = it.next_open ? when(it.next_open, ref) : "";
      return el("span", "open open-no", "Closed " + now + (next ? " · opens " + next : ""));
    }
    return el("span", "open open-unknown", "Hours not listed");
  }

  // when writes a time the API gives in the location's own offset ("2026-11-30T09:00:00-05:00")
  // on that place's clock: "9:00 AM", "tomorrow 9:00 AM", "Mon 9:00 AM" or "Dec 17, 9:00 AM".
  function when(iso, ref) {
    const m = /^(\d{4})-(\d\d)-(\d\d)T(\d\d):(\d\d)(?::\d\d(?:\.\d+)?)?(Z|[+-]\d\d:\d\d)$/.exec(iso);
    if (!m) return "";
    const off = m[6] === "Z" ? 0 : (m[6][0] === "-" ? -1 : 1) * (Number(m[6].slice(1, 3)) * 60 + Number(m[6].slice(4, 6)));
    const wall = new Date(Date.UTC(+m[1], m[2] - 1, +m[3], +m[4], +m[5]));
    const there = new Date(ref + off * 60000); // the reference moment on that place's clock
    const days = Math.round((Date.UTC(+m[1], m[2] - 1, +m[3]) -
      Date.UTC(there.getUTCFullYear(), there.getUTCMonth(), there.getUTCDate())) / 86400000);
    const fmt = (o) => wall.toLocaleString("en-US", Object.assign({ timeZone: "UTC" }, o));
    const time = fmt({ hour: "numeric", minute: "2-digit" });
    if (days === 0) return time;
    if (days === 1) return "tomorrow " + time;
    if (days > 1 && days < 7) return fmt({ weekday: "short" }) + " " + time;
    return fmt({ month: "short", day: "numeric" }) + ", " + time;
  }

  // capacity says what is free with how old the figure is: a count from last week is a hint,
  // not a bed. A count decides over the status, as in the server's "why".
  function capacity(c) {
    const unit = c.unit || "";
    const units = (n) => (unit ? (n === 1 ? unit : unit + "s") : "");
    let text, cls = "cap";
    if (c.expired) {
      // Past its time-to-live: what it said and when, not a bed to count on.
      text = "Unknown — " + (c.available + " " + units(c.available)).trim() + (c.updated ? " " + ago(c.updated) : "");
      return el("span", cls + " cap-unknown", text.replace(/ {2,}/g, " "));
    }
    if (c.available > 0) {
      const of = c.maximum != null ? c.maximum : c.available;
      text = c.available + (c.maximum != null ? " of " + c.maximum : "") + " " + units(of) + " free";
      cls += " cap-yes";
    } else if (c.available === 0) {
      text = "No " + (units(0) || "room") + " free" + (c.status === "waitlist" ? ", waitlist" : "");
      cls += " cap-no";
    } else if (c.status === "capacity") { text = "Has room"; cls += " cap-yes"; }
    else if (c.status === "no-capacity") { text = "Full"; cls += " cap-no"; }
    else if (c.status === "waitlist") { text = "Waitlist"; cls += " cap-no"; }
    else if (c.status === "additional-assessment-required") text = "Assessment required first";
    else text = c.status || "Room unknown";
    if (c.updated) text += ", updated " + ago(c.updated);
    return el("span", cls, text.replace(/ {2,}/g, " "));
  }

  // observation is what a peer heard by phone, said as such and never as the agency's
  // figure: "2 beds left, said by phone to Ana 40 min ago" ("a peer" for the public).
  function observation(o, c) {
    const unit = o.unit || (c && c.unit) || "";
    const n = o.available;
    const what = (n + " " + (unit ? (n === 1 ? unit : unit + "s") : "")).trim();
    return el("span", "cap cap-heard", what + " left, said by phone to " + (o.observer || "a peer") + " " + ago(o.observed_at));
  }

  // ago counts as the server's "why" does (whole hours, whole days), so the two agree.
  function ago(iso) {
    const min = (Date.now() - Date.parse(iso)) / 60000;
    if (isNaN(min)) return "at an unknown time";
    if (min < 0) return "just now";
    if (min < 60) return Math.max(1, Math.floor(min)) + " min ago";
    if (min < 48 * 60) return Math.floor(min / 60) + " h ago";
    return Math.floor(min / 1440) + " days ago";
  }

  // phoneLinks makes each number a link that calls (or texts) it with one tap: peers work
  // from a phone. The service's own lines come first, then the location's.
  function phoneLinks(s, loc) {
    const seen = new Set();
    const box = el("div", "phones");
    for (const ph of [].concat(s.phones || [], (loc && loc.phones) || [])) {
      const digits = (ph.number || "").replace(/[^0-9+]/g, "");
      if (!digits || seen.has(digits + ph.type) || seen.size >= 3) continue;
      seen.add(digits + ph.type);
      let intl = digits;
      if (/^\d{10}$/.test(digits)) intl = "+1" + digits; // the directory's numbers are North American
      else if (/^1\d{10}$/.test(digits)) intl = "+" + digits;
      const text = ph.type === "text" || ph.type === "sms";
      const a = el("a", "call");
      const ext = ph.extension != null ? String(ph.extension) : "";
      // The comma makes the phone pause after answering, then dial the extension.
      a.href = (text ? "sms:" + intl : "tel:" + intl + (ext ? "," + ext : ""));
      a.textContent = (text ? "Text " : "Call ") + ph.number + (ext ? " ext. " + ext : "");
      const row = el("p", "phone-row");
      row.append(a);
      if (ph.description) row.append(el("span", "phone-note", ph.description));
      box.append(row);
    }
    return box.childElementCount ? box : null;
  }

  function details(s, loc) {
    const d = el("details", "about");
    const sum = el("summary", "", "Details");
    sum.append(el("span", "visually-hidden", " about " + (s.name || "this service")));
    d.append(sum);
    const add = (label, text) => {
      if (!text) return;
      const p = el("p");
      p.append(el("strong", "", label + ": "), document.createTextNode(text));
      d.append(p);
    };
    if (s.description) d.append(el("p", "", s.description));
    add("Who can use it", s.eligibility_description);
    add("Cost", s.fees_description || (s.free ? "Free" : ""));
    add("How to get in", s.application_process);
    add("Hours", (s.schedules || []).map(hours).filter(Boolean).join("; "));
    add("Languages", (s.languages || []).map(languageName).join(", "));
    add("Getting there", loc && loc.transportation);
    if (s.assured_date) add("Listing last confirmed", s.assured_date);
    if (s.id) {
      const a = el("a", "", "Full record (HSDS)");
      a.href = "/hsds/services/" + encodeURIComponent(s.id);
      const p = el("p");
      p.append(a);
      d.append(p);
    }
    return d;
  }

  function hours(h) {
    if (h.description) return h.description;
    if (!h.opens_at) return "";
    return (h.byday || h.bymonthday || "") + " " + h.opens_at + "–" + (h.closes_at || "");
  }

  let languageNames = null;
  function languageName(code) {
    try {
      languageNames = languageNames || new Intl.DisplayNames(["en"], { type: "language" });
      return languageNames.of(code) || code;
    } catch (e) {
      return code;
    }
  }

  return { el, LEVELS, levelLabel, card, decorate };
})();
