// The schedule editor of the agency's edit page: a service's HSDS 3.0 schedule rows as
// lines a person can change — weekly hours (days, opens, closes, all day), a day each
// month ("2nd Tuesday"), a closed date — and back as rows. A row the editor cannot show
// (one of several ordinals, days of the month, bounded dates it does not offer) is kept
// as it is, and can only be removed. A row no one touched goes back exactly as it came,
// so that saving other fields never rewrites the hours. The words of the hours are the
// server's (POST /api/v1/schedules/describe): there is one place that writes them.
// The editor's own words are the catalog's (editor.*); the names of days and the
// ordinals are the ones the hours are written with (pub.hours.*), in the page's language.
"use strict";

window.ScheduleEditor = (function () {
  const { t } = window.HandoffI18n;
  // The days Monday first, by their RFC 5545 code and their number in pub.hours.day.N
  // (0 is Sunday, as Go's time.Weekday counts).
  const DAYS = [["MO", 1], ["TU", 2], ["WE", 3], ["TH", 4], ["FR", 5], ["SA", 6], ["SU", 0]].map(([code, n]) => [code, t("pub.hours.day." + n)]);
  const LONG = Object.fromEntries([["MO", 1], ["TU", 2], ["WE", 3], ["TH", 4], ["FR", 5], ["SA", 6], ["SU", 0]].map(([code, n]) => [code, t("pub.hours.longday." + n)]));
  const ORDS = ["1", "2", "3", "4", "-1"].map((n) => [n, t("pub.hours.ord." + n)]);
  const KIND = { weekly: t("editor.kind.weekly"), monthly: t("editor.kind.monthly"), closed: t("editor.kind.closed"), other: t("editor.kind.other") };
  // CLOSURE marks a closed date in HSDS's free text, as directory.IsClosure reads it (a
  // description starting with "closed", in any case): a code, not words for people.
  const CLOSURE = "closed";
  let seq = 0;

  // uuid is a random (version 4) id for a new row: ids the server would derive from
  // the row's place could collide with a kept row's after a removal.
  function uuid() {
    const b = crypto.getRandomValues(new Uint8Array(16));
    b[6] = (b[6] & 0x0f) | 0x40;
    b[8] = (b[8] & 0x3f) | 0x80;
    const h = [...b].map((x) => x.toString(16).padStart(2, "0")).join("");
    return h.slice(0, 8) + "-" + h.slice(8, 12) + "-" + h.slice(12, 16) + "-" + h.slice(16, 20) + "-" + h.slice(20);
  }

  const hhmm = (t) => (t || "").slice(0, 5);
  const upper = (s) => String(s || "").toUpperCase().trim();

  // lineOf reads a row into an editor line, or a kept "other" line.
  function lineOf(r) {
    const line = { orig: r, touched: false, kind: "other" };
    const freq = upper(r.freq);
    const days = upper(r.byday) ? upper(r.byday).split(",").map((d) => d.trim()) : [];
    const desc = String(r.description || "").trim().toLowerCase();
    if (!r.opens_at && !r.closes_at && desc.startsWith(CLOSURE) && r.valid_from) {
      return Object.assign(line, { kind: "closed", from: r.valid_from.slice(0, 10),
        to: r.valid_to && r.valid_to.slice(0, 10) !== r.valid_from.slice(0, 10) ? r.valid_to.slice(0, 10) : "" });
    }
    if (!r.opens_at || r.bymonthday || r.valid_from || r.valid_to || r.until) {
      return line;
    }
    const times = { opens: hhmm(r.opens_at), closes: hhmm(r.closes_at) };
    times.allDay = times.opens === "00:00" && (times.closes === "23:59" || times.closes === "00:00" || !times.closes);
    if ((freq === "WEEKLY" || freq === "") && days.every((d) => /^[A-Z]{2}$/.test(d))) {
      return Object.assign(line, times, { kind: "weekly", days: new Set(days.length ? days : DAYS.map((d) => d[0])) });
    }
    const m = days.length === 1 && /^(-?\d)([A-Z]{2})$/.exec(days[0]);
    if (freq === "MONTHLY" && m && ORDS.some((o) => o[0] === m[1])) {
      return Object.assign(line, times, { kind: "monthly", ord: m[1], wd: m[2] });
    }
    return line;
  }

  // rowOf writes a line back as an HSDS row: untouched lines as they came.
  function rowOf(line) {
    if (line.orig && !line.touched) {
      return line.orig;
    }
    const r = Object.assign({}, line.orig || { id: uuid() });
    for (const k of ["freq", "byday", "bymonthday", "opens_at", "closes_at", "valid_from", "valid_to", "description", "until", "count", "interval"]) {
      delete r[k];
    }
    const times = () => {
      r.opens_at = line.allDay ? "00:00" : line.opens;
      r.closes_at = line.allDay ? "23:59" : line.closes;
    };
    switch (line.kind) {
      case "weekly":
        r.freq = "WEEKLY";
        r.byday = DAYS.map((d) => d[0]).filter((d) => line.days.has(d)).join(",");
        times();
        break;
      case "monthly":
        r.freq = "MONTHLY";
        r.byday = line.ord + line.wd;
        times();
        break;
      case "closed": {
        // A closure keeps its own words ("Closed for Christmas"); a new one is marked.
        const own = line.orig && String(line.orig.description || "").trim();
        r.description = own && own.toLowerCase().startsWith(CLOSURE) ? own : CLOSURE;
        r.valid_from = line.from;
        r.valid_to = line.to || line.from;
        break;
      }
    }
    return r;
  }

  function el(tag, cls, text) {
    const n = document.createElement(tag);
    if (cls) {
      n.className = cls;
    }
    if (text !== undefined) {
      n.textContent = text;
    }
    return n;
  }

  function errBox(field) {
    const p = el("p", "field-error");
    p.dataset.err = field;
    p.hidden = true;
    return p;
  }

  // labelled is a label and its control, with the control's error below.
  function labelled(text, control, field) {
    const id = "se" + ++seq;
    control.id = id;
    const l = el("label", "", text);
    l.htmlFor = id;
    const d = el("div", "field");
    d.append(l, control, errBox(field));
    return d;
  }

  function select(pairs, value) {
    const s = el("select");
    for (const [v, t] of pairs) {
      const o = el("option", "", t);
      o.value = v;
      s.append(o);
    }
    s.value = value;
    return s;
  }

  // create makes an editor in the list ol; changed() runs after every change.
  function create(ol, changed) {
    let lines = [];

    function touch(line) {
      line.touched = true;
      changed();
    }

    function timeFields(line, li, p) {
      const box = el("div", "times");
      const opens = el("input");
      opens.type = "time";
      opens.value = line.opens || "";
      opens.dataset.f = "opens_at";
      const closes = el("input");
      closes.type = "time";
      closes.value = line.closes || "";
      closes.dataset.f = "closes_at";
      const next = el("p", "next-day");
      const allDay = el("input");
      allDay.type = "checkbox";
      allDay.checked = !!line.allDay;
      const allLabel = el("label", "choice");
      allLabel.append(allDay, " " + t("editor.all_day"));
      const sync = () => {
        opens.disabled = closes.disabled = allDay.checked;
        const overnight = !allDay.checked && opens.value && closes.value && closes.value < opens.value;
        next.textContent = overnight ? t("editor.next_day") : "";
        next.hidden = !overnight;
      };
      opens.addEventListener("input", () => { line.opens = opens.value; sync(); touch(line); });
      closes.addEventListener("input", () => { line.closes = closes.value; sync(); touch(line); });
      allDay.addEventListener("change", () => { line.allDay = allDay.checked; sync(); touch(line); });
      box.append(labelled(t("editor.opens"), opens, p + "opens_at"), labelled(t("editor.closes"), closes, p + "closes_at"));
      li.append(box, next, allLabel);
      sync();
    }

    function render(focusIndex) {
      ol.replaceChildren();
      lines.forEach((line, i) => ol.append(lineItem(line, i)));
      if (focusIndex !== undefined) {
        const li = ol.children[focusIndex];
        const c = li && (li.querySelector("input, select") || li.querySelector("button"));
        if (c) {
          c.focus();
        }
      }
      changed();
    }

    function lineItem(line, i) {
      const p = "schedules[" + i + "].";
      const li = el("li", "srow");
      li.dataset.kind = line.kind;
      li.dataset.index = String(i);
      const head = el("div", "rowhead");
      const title = el("span", "kind", KIND[line.kind]);
      const remove = el("button", "quiet remove", t("editor.remove"));
      remove.type = "button";
      remove.setAttribute("aria-label", t("editor.remove_line", { n: i + 1, kind: KIND[line.kind] }));
      remove.addEventListener("click", () => {
        lines.splice(i, 1);
        render();
        const next = ol.children[Math.min(i, ol.children.length - 1)];
        (next ? next.querySelector("button.remove") : document.querySelector("[data-add=weekly]")).focus();
      });
      head.append(title, remove);
      li.append(head);
      if (line.kind === "weekly") {
        const fs = el("fieldset", "days");
        const lg = el("legend", "", t("editor.days"));
        fs.append(lg);
        for (const [code, name] of DAYS) {
          const cb = el("input");
          cb.type = "checkbox";
          cb.value = code;
          cb.checked = line.days.has(code);
          cb.addEventListener("change", () => {
            if (cb.checked) {
              line.days.add(code);
            } else {
              line.days.delete(code);
            }
            touch(line);
          });
          const l = el("label", "day");
          l.append(cb, " " + name);
          fs.append(l);
        }
        li.append(fs, errBox(p + "byday"));
        timeFields(line, li, p);
      } else if (line.kind === "monthly") {
        const box = el("div", "times");
        const ord = select(ORDS, line.ord);
        const wd = select(DAYS.map(([c]) => [c, LONG[c]]), line.wd);
        ord.addEventListener("change", () => { line.ord = ord.value; touch(line); });
        wd.addEventListener("change", () => { line.wd = wd.value; touch(line); });
        ord.dataset.f = "ord";
        wd.dataset.f = "wd";
        box.append(labelled(t("editor.which"), ord, p + "byday"), labelled(t("editor.day"), wd, p + "freq"));
        li.append(box);
        timeFields(line, li, p);
      } else if (line.kind === "closed") {
        const box = el("div", "times");
        const from = el("input");
        from.type = "date";
        from.value = line.from || "";
        from.dataset.f = "valid_from";
        const to = el("input");
        to.type = "date";
        to.value = line.to || "";
        to.dataset.f = "valid_to";
        from.addEventListener("input", () => { line.from = from.value; touch(line); });
        to.addEventListener("input", () => { line.to = to.value; touch(line); });
        box.append(labelled(t("editor.closed_on"), from, p + "valid_from"), labelled(t("editor.through"), to, p + "valid_to"));
        li.append(box);
      } else {
        const kept = el("p", "muted", "");
        if (line.orig.description) {
          // The row's own words, as the agency or an import wrote them.
          const own = el("span", "", line.orig.description);
          own.setAttribute("translate", "no");
          const [before, after] = t("editor.kept", { what: "\u0000" }).split("\u0000");
          kept.append(before, own, after || "");
        } else {
          kept.textContent = t("editor.kept", { what: t("editor.kept_unknown") });
        }
        li.append(kept);
      }
      li.append(errBox(p.slice(0, -1)));
      return li;
    }

    return {
      load(rows) {
        lines = (rows || []).map(lineOf);
        render();
      },
      rows() {
        return lines.map(rowOf);
      },
      // check answers the [field, message] pairs the rows cannot say themselves: a
      // weekly line with no day would be read as every day.
      check() {
        const out = [];
        lines.forEach((l, i) => {
          if (l.kind === "weekly" && l.touched && l.days.size === 0) {
            out.push(["schedules[" + i + "].byday", t("editor.pick_day")]);
          }
        });
        return out;
      },
      // add appends a new line of a kind ("always": every day, all day, in place of the
      // weekly lines) and focuses it.
      add(kind) {
        if (kind === "always") {
          lines = lines.filter((l) => l.kind !== "weekly");
          lines.unshift({ kind: "weekly", orig: null, touched: true, days: new Set(DAYS.map((d) => d[0])), opens: "00:00", closes: "23:59", allDay: true });
          render(0);
          return;
        }
        const line = { kind, orig: null, touched: true };
        if (kind === "weekly") {
          Object.assign(line, { days: new Set(), opens: "09:00", closes: "17:00" });
        } else if (kind === "monthly") {
          Object.assign(line, { ord: "1", wd: "MO", opens: "09:00", closes: "17:00" });
        }
        lines.push(line);
        render(lines.length - 1);
      },
    };
  }

  return { create, uuid };
})();
