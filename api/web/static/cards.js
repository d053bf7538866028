// The result cards of the home page: one service at one location, with what a peer on a
// call needs at a glance (distance, open now, room, why it matched, a number to tap) and
// the rest behind "Details". Everything the server sends goes in as text, never as HTML.
// app.js, loaded after this file, owns the form, the URL and the requests. Other scripts
// (refer.js) add to each card with decorate.
"use strict";
window.HandoffCards = (function () {
  const decorators = [];
  const { t, date, distance, languageName } = window.HandoffI18n; // i18n.js, loaded first

  // decorate registers fn(li, item), run on every card as it is made.
  function decorate(fn) {
    decorators.push(fn);
  }

  // handoff:level_of_care, lowest to highest (DESIGN.md). Imported codes outside it show as they are.
  // Their names are the catalog's pub.level.CODE.
  const LEVELS = ["community_support", "peer_recovery_support", "outpatient", "intensive_outpatient",
    "crisis_line", "living_room", "mobile_crisis", "crisis_stabilization", "withdrawal_management",
    "residential", "inpatient"];
  // Crisis-level care: someone to call, someone to come, a safe place to be now.
  const CRISIS_LEVELS = ["crisis_line", "living_room", "mobile_crisis", "crisis_stabilization"];

  function el(tag, cls, text) {
    const e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null && text !== "") e.textContent = text;
    return e;
  }

  function levelLabel(code) {
    return window.HandoffI18n.has("pub.level." + code) ? t("pub.level." + code) : code.replace(/_/g, " ");
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
      tags.append(el("span", "tag tag-crisis", t("pub.card.crisis")));
    }
    for (const l of levels) tags.append(el("span", "tag", levelLabel(l)));
    if (s.free) tags.append(el("span", "tag", t("pub.card.free")));
    if ((s.access || []).includes("walk_in")) tags.append(el("span", "tag", t("pub.card.walk_in")));
    li.append(data(el("h2", "name", s.name || t("pub.card.unnamed"))));
    if (s.organization && s.organization.name) li.append(data(el("p", "org", s.organization.name)));
    if (tags.childElementCount) li.append(tags);
    if (s.alert) {
      const p = el("p", "alert", t("pub.card.note") + " ");
      p.append(data(el("span", "", s.alert)));
      li.append(p);
    }

    const facts = el("p", "facts");
    if (it.distance_km != null) facts.append(el("span", "dist", distance(it.distance_km)));
    else if (it.serves_area) facts.append(el("span", "dist", t("pub.card.serves_area")));
    else if (!loc) facts.append(el("span", "dist", t("pub.card.remote")));
    facts.append(openNow(it, ref, planned));
    if (it.capacity) facts.append(capacity(it.capacity));
    if (it.capacity_observation) facts.append(observation(it.capacity_observation, it.capacity));
    li.append(facts);

    if (it.why && it.why.length) {
      const why = el("p", "why");
      why.append(el("span", "why-label", t("pub.card.why") + " "), document.createTextNode(it.why.join(" · ")));
      li.append(why);
    }
    const a = loc && loc.address;
    if (a) {
      const line = [a.address_1, a.address_2, a.city].filter(Boolean).join(", ");
      li.append(data(el("p", "addr", line + (a.state_province ? ", " + a.state_province : "") + (a.postal_code ? " " + a.postal_code : ""))));
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
    const a = el("a", "", t("pub.card.report"));
    a.href = "/report?service=" + encodeURIComponent(s.id);
    a.append(el("span", "visually-hidden", " " + t("pub.card.report_with", { name: s.name || t("pub.card.this_listing") })));
    p.append(a);
    return p;
  }

  // data marks what the directory says (names, addresses): not the page's words, so no
  // translator (the browser's or the catalog tests) takes it for them.
  function data(e) {
    e.setAttribute("translate", "no");
    return e;
  }

  function openNow(it, ref, planned) {
    if (it.open_now === true) {
      const open = t(planned ? "pub.card.open_then" : "pub.card.open_now");
      const until = it.open_until ? when(it.open_until, ref) : "";
      return el("span", "open open-yes", until ? t("pub.card.open_until", { open, until }) : open);
    }
    if (it.open_now === false) {
      const closed = t(planned ? "pub.card.closed_then" : "pub.card.closed_now");
      const next = it.next_open ? when(it.next_open, ref) : "";
      return el("span", "open open-no", next ? t("pub.card.opens", { closed, next }) : closed);
    }
    return el("span", "open open-unknown", t("pub.card.hours_unknown"));
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
    const fmt = (o) => date(wall, Object.assign({ timeZone: "UTC" }, o));
    const time = fmt({ hour: "numeric", minute: "2-digit" });
    if (days === 0) return time;
    if (days === 1) return t("pub.card.tomorrow", { time });
    if (days > 1 && days < 7) return fmt({ weekday: "short", hour: "numeric", minute: "2-digit" });
    return fmt({ month: "short", day: "numeric", hour: "numeric", minute: "2-digit" });
  }

  // capacity says what is free with how old the figure is: a count from last week is a hint,
  // not a bed. A count decides over the status, as in the server's "why".
  function capacity(c) {
    const unit = c.unit || "";
    let text, cls = "cap";
    if (c.expired) {
      // Past its time-to-live: what it said and when, not a bed to count on.
      text = t("pub.card.unknown_cap", { what: count(c.available, unit), ago: c.updated ? ago(c.updated) : "" });
      return el("span", cls + " cap-unknown", text);
    }
    if (c.available > 0) {
      const of = c.maximum != null ? c.maximum : c.available;
      text = c.maximum != null
        ? t("pub.card.free_of", { available: c.available, maximum: c.maximum, units: units(of, unit) })
        : t("pub.card.free_n", { count: c.available, units: units(of, unit) });
      cls += " cap-yes";
    } else if (c.available === 0) {
      text = t("pub.card.none_free", { units: units(0, unit || "room") });
      if (c.status === "waitlist") text = t("pub.card.waitlist_suffix", { text });
      cls += " cap-no";
    } else if (c.status === "capacity") { text = t("pub.card.has_room"); cls += " cap-yes"; }
    else if (c.status === "no-capacity") { text = t("pub.card.full"); cls += " cap-no"; }
    else if (c.status === "waitlist") { text = t("pub.card.waitlist"); cls += " cap-no"; }
    else if (c.status === "additional-assessment-required") text = t("pub.card.assessment");
    else text = c.status || t("pub.card.room_unknown");
    if (c.updated) text = t("pub.card.updated", { text, ago: ago(c.updated) });
    return el("span", cls, text);
  }

  // units names a capacity's unit in the page's language ("beds", "camas"), in the form
  // for n; a unit the catalog does not know stays as the agency wrote it.
  function units(n, unit) {
    if (!unit) return "";
    return window.HandoffI18n.has("pub.unit." + unit) ? t("pub.unit." + unit, { count: n }) : unit;
  }

  // count is "3 beds", "1 bed", "2" (no unit).
  function count(n, unit) {
    return t("pub.card.count", { n, units: units(n, unit) });
  }

  // observation is what a peer heard by phone, said as such and never as the agency's
  // figure: "2 beds left, said by phone to Ana 40 min ago" ("a peer" for the public).
  function observation(o, c) {
    const unit = o.unit || (c && c.unit) || "";
    return el("span", "cap cap-heard", t("pub.card.heard", { what: count(o.available, unit),
      who: o.observer || t("pub.card.a_peer"), ago: ago(o.observed_at) }));
  }

  // ago counts as the server's "why" does (whole hours, whole days), so the two agree.
  function ago(iso) {
    const min = (Date.now() - Date.parse(iso)) / 60000;
    if (isNaN(min)) return t("pub.card.unknown_time");
    if (min < 0) return t("pub.card.just_now");
    if (min < 60) return t("pub.card.min_ago", { count: Math.max(1, Math.floor(min)) });
    if (min < 48 * 60) return t("pub.card.h_ago", { count: Math.floor(min / 60) });
    return t("pub.card.days_ago", { count: Math.floor(min / 1440) });
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
      const number = ph.number + (ext ? " " + t("pub.card.ext", { ext }) : "");
      a.textContent = t(text ? "pub.card.text" : "pub.card.call", { number });
      const row = el("p", "phone-row");
      row.append(a);
      if (ph.description) row.append(data(el("span", "phone-note", ph.description)));
      box.append(row);
    }
    return box.childElementCount ? box : null;
  }

  function details(s, loc) {
    const d = el("details", "about");
    const sum = el("summary", "", t("pub.card.details"));
    sum.append(el("span", "visually-hidden", " " + t("pub.card.about", { name: s.name || t("pub.card.this_service") })));
    d.append(sum);
    const add = (label, text) => {
      if (!text) return;
      const p = el("p");
      p.append(el("strong", "", t("pub.card.label", { label })), " ", data(el("span", "", text)));
      d.append(p);
    };
    if (s.description) d.append(data(el("p", "", s.description)));
    add(t("pub.card.eligibility"), s.eligibility_description);
    add(t("pub.card.cost"), s.fees_description || (s.free ? t("pub.card.free") : ""));
    add(t("pub.card.how"), s.application_process);
    add(t("pub.card.hours"), (s.hours_texts && s.hours_texts[window.HandoffI18n.lang]) || s.hours_text || (s.schedules || []).map(hours).filter(Boolean).join("; "));
    add(t("pub.card.languages"), (s.languages || []).map(languageName).join(", "));
    add(t("pub.card.transport"), loc && loc.transportation);
    if (s.assured_date) add(t("pub.card.confirmed"), date(new Date(s.assured_date + "T12:00:00Z"), { dateStyle: "long", timeZone: "UTC" }));
    if (s.id) {
      const a = el("a", "", t("pub.card.hsds"));
      a.href = "/hsds/services/" + encodeURIComponent(s.id);
      const p = el("p");
      p.append(a);
      d.append(p);
    }
    return d;
  }

  // hours is a row's crude reading, for a result without hours_text (an older server).
  function hours(h) {
    if (h.description) return h.description;
    if (!h.opens_at) return "";
    return (h.byday || h.bymonthday || "") + " " + h.opens_at + "–" + (h.closes_at || "");
  }

  return { el, LEVELS, levelLabel, card, decorate };
})();
