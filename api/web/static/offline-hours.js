// Open now, until when and when next, on the phone, from the compiled hours the offline
// snapshot carries (directory/hours_pack.go), in each location's own time zone: the
// same rules as the server's directory.Hours (opennow.go), so that "Open now" offline
// is what it is online. A span is [weekdays, open, close, from, to, ordinals, monthDays];
// closures are [from, to] runs of yyyymmdd days on which nothing starts.
"use strict";
window.HandoffOffline = window.HandoffOffline || {};
window.HandoffOffline.hours = (function () {
  const DAY = 1440;
  const formats = new Map();

  // zoneWall reads an instant on a zone's clock with Intl: [y, m, d, minute of the day].
  function zoneWall(t, zone) {
    let f = formats.get(zone);
    if (!f) {
      f = new Intl.DateTimeFormat("en-US", { timeZone: zone, hourCycle: "h23", year: "numeric", month: "numeric",
        day: "numeric", hour: "numeric", minute: "numeric" });
      formats.set(zone, f);
    }
    const p = {};
    for (const part of f.formatToParts(new Date(t))) p[part.type] = part.value;
    return [+p.year, +p.month, +p.day, (+p.hour % 24) * 60 + +p.minute];
  }

  // Reading a clock through Intl is slow, and a search reads many. Where a zone's offset
  // is the same two days before and 64 days after an instant, it is the same all along
  // (clocks change twice a year, months apart): within that span the wall time is
  // arithmetic. Across a change, Intl answers.
  const spans = new Map(); // zone -> {from, to, off}: ms, ms, minutes east of UTC

  function offsetAt(t, zone) {
    const [y, m, d, min] = zoneWall(t, zone);
    return Math.round((Date.UTC(y, m - 1, d, 0, min) - Math.floor(t / 60000) * 60000) / 60000);
  }

  // wall reads an instant on a zone's clock: [y, m, d, minute of the day].
  function wall(t, zone) {
    let sp = spans.get(zone);
    if (!sp || t < sp.from || t > sp.to) {
      const from = t - 2 * 86400000, to = t + 64 * 86400000;
      const off = offsetAt(from, zone);
      sp = off === offsetAt(to, zone) ? { from, to, off } : null;
      if (!sp) return zoneWall(t, zone);
      spans.set(zone, sp);
    }
    const u = new Date(t + sp.off * 60000);
    return [u.getUTCFullYear(), u.getUTCMonth() + 1, u.getUTCDate(), u.getUTCHours() * 60 + u.getUTCMinutes()];
  }

  // day is a local calendar day with what the rules ask of it (months may overflow).
  function day(y, m, d) {
    const u = new Date(Date.UTC(y, m - 1, d));
    y = u.getUTCFullYear();
    m = u.getUTCMonth() + 1;
    d = u.getUTCDate();
    return { y, m, d, wd: u.getUTCDay(), inMonth: new Date(Date.UTC(y, m, 0)).getUTCDate(), ymd: y * 10000 + m * 100 + d };
  }

  // clock prepares an instant in a zone, once per zone and search.
  function clock(t, zone) {
    const [y, m, d, minute] = wall(t, zone);
    return { t, zone, minute, today: day(y, m, d), yesterday: day(y, m, d - 1) };
  }

  function closedOn(h, dd) {
    for (const c of h.c || []) if (dd.ymd >= c[0] && dd.ymd <= c[1]) return true;
    return false;
  }

  function startsOn(h, sp, dd) {
    const from = sp[3] || 0, to = sp[4] || 0;
    if ((from && dd.ymd < from) || (to && dd.ymd > to) || closedOn(h, dd)) return false;
    if (sp[0] & (1 << dd.wd)) return true;
    for (const v of sp[5] || []) {
      const ord = v > 0 ? Math.floor(v / 10) : -Math.floor(-v / 10), wd = Math.abs(v) % 10;
      if (wd !== dd.wd) continue;
      if (ord > 0 && Math.floor((dd.d - 1) / 7) + 1 === ord) return true;
      if (ord < 0 && Math.floor((dd.inMonth - dd.d) / 7) + 1 === -ord) return true;
    }
    for (const n of sp[6] || []) if (n === dd.d || (n < 0 && dd.inMonth + n + 1 === dd.d)) return true;
    return false;
  }

  // openAt answers whether the hours are open at the clock's instant.
  function openAt(h, c) {
    if (!h || !h.s) return false;
    for (const sp of h.s) {
      if (c.minute >= sp[1] && c.minute < sp[2] && startsOn(h, sp, c.today)) return true;
      if (sp[2] > DAY && c.minute < sp[2] - DAY && startsOn(h, sp, c.yesterday)) return true;
    }
    return false;
  }

  // instant turns a local day and minute (may exceed a day) in a zone into a Unix time in ms.
  function instant(dd, minute, zone) {
    const local = Date.UTC(dd.y, dd.m - 1, dd.d, 0, minute);
    let t = local;
    for (let i = 0; i < 2; i++) {
      const [y, m, d, min] = wall(t, zone);
      t += local - Date.UTC(y, m - 1, d, 0, min);
    }
    return t;
  }

  // iso writes an instant with the zone's offset, as the API does ("2026-12-05T17:00:00-05:00"),
  // so that the result cards show it on the place's own clock.
  function iso(t, zone) {
    const [y, m, d, min] = wall(t, zone);
    const off = Math.round((Date.UTC(y, m - 1, d, 0, min) - Math.floor(t / 60000) * 60000) / 60000);
    const two = (n) => String(n).padStart(2, "0");
    const a = Math.abs(off);
    return y + "-" + two(m) + "-" + two(d) + "T" + two(Math.floor(min / 60)) + ":" + two(min % 60) + ":00" +
      (off < 0 ? "-" : "+") + two(Math.floor(a / 60)) + ":" + two(a % 60);
  }

  // intervalEnd is the latest end of the intervals open at the clock's instant, or 0.
  function intervalEnd(h, c) {
    let best = 0;
    for (const sp of h.s) {
      if (c.minute >= sp[1] && c.minute < sp[2] && startsOn(h, sp, c.today)) best = Math.max(best, instant(c.today, sp[2], c.zone));
      if (sp[2] > DAY && c.minute < sp[2] - DAY && startsOn(h, sp, c.yesterday)) best = Math.max(best, instant(c.yesterday, sp[2], c.zone));
    }
    return best;
  }

  // state answers {known, open, until, next} as the API's open_now, open_until and
  // next_open: until is null when open around the clock, next null when open.
  function state(h, t, zone) {
    if (!h || !h.s || !h.s.length) return { known: false, open: null, until: null, next: null };
    const c = clock(t, zone);
    if (!openAt(h, c)) return { known: true, open: false, until: null, next: nextStart(h, t, zone) };
    let end = intervalEnd(h, c);
    for (let i = 0; i < 24 && end; i++) {
      const e = intervalEnd(h, clock(end, zone));
      if (!e || e <= end) return { known: true, open: true, until: iso(end, zone), next: null };
      if (e - t > 7 * 86400000) return { known: true, open: true, until: null, next: null };
      end = e;
    }
    return { known: true, open: true, until: null, next: null };
  }

  // nextStart finds the first opening after t on the local calendar, then turns only
  // that one into an instant (the zone's clock is costly to read).
  function nextStart(h, t, zone) {
    const [y, m, d, minute] = wall(t, zone);
    for (let k = 0; k <= 62; k++) {
      const dd = day(y, m, d + k);
      let best = -1;
      for (const sp of h.s) {
        if ((k === 0 && sp[1] <= minute) || (best >= 0 && sp[1] >= best) || !startsOn(h, sp, dd)) continue;
        best = sp[1];
      }
      if (best >= 0) return iso(instant(dd, best, zone), zone);
    }
    return null;
  }

  return { clock, openAt, state };
})();
