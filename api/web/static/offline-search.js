// Search on the phone's copy of the directory (issue 17), when the network is gone: the
// same parameters as GET /api/v1/search and an answer of the same shape, so the search
// page shows it with its own cards. It reads the snapshot kept by offline-boot.js in
// IndexedDB (directory/snapshot on the server) and ranks as the server's search does
// (search/rank.go): nearness blended with relevance, lifted by open now, room and a
// recent check; the same filters (need, level of care, language, free, walk-in, a bed
// free, age, open now at the current time in each location's zone); distances from a
// ZIP code or a town of the region, or the phone's position. Words are matched by their
// beginnings, with the server's synonym sets, but not scored by BM25: the order of
// results for words can differ from the server's; by need and place it is the same.
"use strict";
window.HandoffOffline = window.HandoffOffline || {};
window.HandoffOffline.search = (function () {
  const H = () => window.HandoffOffline.hours;
  // The catalog (i18n.js, loaded first). What this file says shows on the search page,
  // which is everyone's: its words are the person's too (pub.*). (t is a time here.)
  const I = () => window.HandoffI18n;
  // search/rank.go's weights.
  const PROX_FLOOR = 0.35, MIN_HALF = 2, LIFT_OPEN = 0.15, LIFT_ROOM = 0.1, PEN_FULL = 0.05,
    LIFT_FRESH = 0.05, PEN_STALE = 0.1, FRESH_DAYS = 183, STALE_DAYS = 365, AREA_KM = 5;
  const KM_PER_DEGREE = 2 * Math.PI * 6378.137 / 360;
  const STOP = new Set(["a", "an", "the", "for", "and", "of", "to", "in", "on", "at", "with", "or", "de", "la", "el",
    "los", "las", "y", "para", "e", "do", "da", "pou"]);

  let prepared = null; // { version, snap, entries, towns, zips, synonyms }

  function fold(s) {
    s = String(s || "").toLowerCase();
    // Accents go (as the server's analysis does); most text has none, and skipping the
    // decomposition then keeps reading a large snapshot quick.
    return /[^\x00-\x7f]/.test(s) ? s.normalize("NFD").replace(/[\u0300-\u036f]/g, "") : s;
  }

  // stem is a light English stemmer: enough that "pantries" finds "pantry".
  function stem(w) {
    if (w.length > 4 && w.endsWith("ies")) return w.slice(0, -3) + "y";
    if (w.length > 5 && w.endsWith("ing")) return w.slice(0, -3);
    if (w.length > 3 && w.endsWith("s") && !w.endsWith("ss")) return w.slice(0, -1);
    return w;
  }

  function words(s) {
    return fold(s).split(/[^a-z0-9]+/).filter((w) => w && !STOP.has(w)).map(stem);
  }

  // prepare reads the snapshot once per version into entries: one per site with a map
  // point, else one for the service (found by its areas, or by words only).
  function prepare(snap) {
    if (prepared && prepared.version === snap.version) return prepared;
    const entries = [];
    const levelWords = window.HandoffCards ? window.HandoffCards.LEVELS : {};
    for (const s of snap.services) {
      const org = s.o >= 0 ? snap.orgs[s.o] : "";
      const name = " " + words(s.n).join(" ") + " ";
      const text = " " + words([s.n, org, s.d, (s.t || []).join(" "), (s.ne || []).join(" "),
        (s.lc || []).map((l) => l.replace(/_/g, " ") + " " + (levelWords[l] || "")).join(" ")].join(" ")).join(" ") + " ";
      const base = { s, org, name, text, areas: new Set(s.ar || []), langs: s.la || [],
        assuredDay: s.as ? Math.floor(Date.parse(s.as.slice(0, 10) + "T00:00:00Z") / 86400000) : null };
      if (s.l && s.l.length) {
        for (const site of s.l) {
          entries.push(Object.assign({}, base, { site, key: site.i, lat: site.y, lon: site.x, zone: snap.zones[site.z || 0],
            hours: site.h || null, langs: base.langs.concat(site.la || []), order: keyOrder(site.i) }));
        }
      } else {
        entries.push(Object.assign({}, base, { site: null, key: s.i, zone: snap.zones[s.z || 0], hours: s.h || null,
          byAreaOnly: !!(s.ar && s.ar.length), order: keyOrder(s.i) }));
      }
    }
    const zips = new Map(snap.zips.map((z) => [z[0], z]));
    const towns = new Map(snap.towns.map((t, i) => [fold(t[0]), i]));
    const synonyms = (snap.synonyms || []).map((line) => line.split(",").map((ph) => words(ph)).filter((ph) => ph.length));
    prepared = { version: snap.version, snap, entries, zips, towns, synonyms };
    return prepared;
  }

  // keyOrder reads the first eight hex digits of an id, as the server breaks ties.
  function keyOrder(id) {
    const v = parseInt(String(id).slice(0, 8), 16);
    return isNaN(v) ? 0 : v;
  }

  // place resolves near= (a ZIP code or a town of the region) or lat/lon.
  function place(pp, p) {
    const near = (p.get("near") || "").trim();
    if (near) {
      const zip = /^(\d{5})(?:-?\d{4})?$/.exec(near);
      if (zip) {
        const z = pp.zips.get(zip[1]);
        if (!z) return { error: I().t("pub.offline.not_zip") };
        const town = pp.snap.towns[z[3]];
        return { lat: z[1], lon: z[2], town: z[3], label: zip[1], townName: town ? town[0] : "", kind: "zip" };
      }
      const name = fold(near).replace(/,?\s*(ma|massachusetts)$/, "").trim();
      const i = pp.towns.get(name);
      if (i === undefined) return { error: I().t("pub.offline.not_town") };
      const t = pp.snap.towns[i];
      return { lat: t[1], lon: t[2], town: i, label: t[0], townName: t[0], kind: "town" };
    }
    const lat = parseFloat(p.get("lat")), lon = parseFloat(p.get("lon"));
    if (!isNaN(lat) && !isNaN(lon)) {
      // The town of a position is the town of its nearest ZIP point: the phone keeps no
      // town boundaries.
      let best = null, bestD = Infinity;
      for (const z of pp.snap.zips) {
        const d = (z[1] - lat) ** 2 + ((z[2] - lon) * Math.cos(lat * Math.PI / 180)) ** 2;
        if (d < bestD) { bestD = d; best = z; }
      }
      return { lat, lon, town: best ? best[3] : -1, label: "", townName: "", kind: "point" };
    }
    return null;
  }

  // haversine as geo.DistanceKm, for distances near the radius; elsewhere the server's
  // quick flat distance (search/geofilter.go), so that the two agree on who is inside.
  function distanceKm(g, lat, lon) {
    const dx = (lon - g.lon) * g.cosLat, dy = lat - g.lat;
    const d = Math.sqrt(dx * dx + dy * dy) * KM_PER_DEGREE;
    if (Math.abs(d - g.radius) < 0.01 * g.radius + 0.05 || d > 200) {
      const r = Math.PI / 180, a = Math.sin((lat - g.lat) * r / 2) ** 2 +
        Math.cos(g.lat * r) * Math.cos(lat * r) * Math.sin((lon - g.lon) * r / 2) ** 2;
      return 2 * 6378.137 * Math.asin(Math.sqrt(a));
    }
    return d;
  }

  // groups reads the words: each typed word, or phrase of a synonym set, must be found,
  // by one of its alternatives (each a list of words, all found).
  function groups(pp, q) {
    const ws = words(q);
    const out = [];
    for (let i = 0; i < ws.length;) {
      let hit = null;
      for (const set of pp.synonyms) {
        for (const ph of set) {
          if (ph.length && ph.every((w, j) => ws[i + j] === w) && (!hit || ph.length > hit.len)) hit = { set, len: ph.length };
        }
      }
      if (hit) {
        out.push({ typed: ws.slice(i, i + hit.len).join(" "), alts: hit.set });
        i += hit.len;
      } else {
        out.push({ typed: ws[i], alts: [[ws[i]]] });
        i++;
      }
    }
    return out;
  }

  // matchGroup scores one group on an entry: 1 found in the name, 0.6 in the text, 0 not
  // found. Words match the beginnings of the entry's words; an alternative of several
  // words needs them all.
  function matchGroup(e, g) {
    let best = 0;
    for (const alt of g.alts) {
      let inText = true, inName = true;
      for (const w of alt) {
        const needle = " " + w;
        if (e.text.indexOf(needle) < 0) { inText = false; break; }
        if (e.name.indexOf(needle) < 0) inName = false;
      }
      if (inText) best = Math.max(best, inName ? 1 : 0.6);
      if (best === 1) break;
    }
    return best;
  }

  function list(p, k) {
    return p.getAll(k).join(",").split(",").map((x) => x.trim()).filter(Boolean);
  }

  function capacityAt(c, t) {
    if (!c) return null;
    const expired = c.av != null && (!c.ex || Date.parse(c.ex) <= t);
    return { status: expired ? "" : c.st || "", available: c.av, maximum: c.mx, unit: c.u, updated: c.up || null, expired };
  }

  function hasRoom(c, t) {
    const cap = capacityAt(c, t);
    return !!cap && !cap.expired && (cap.status === "capacity" || (cap.available != null && cap.available > 0));
  }

  // run answers the search: {status: 200, body} like the API, or {status: 422, body: a
  // problem document naming the field}.
  function run(snap, p, page, perPage) {
    const pp = prepare(snap);
    const t = p.get("at") ? Date.parse(p.get("at")) : Date.now();
    const where = place(pp, p);
    if (where && where.error) {
      return { status: 422, body: { type: "about:blank", title: I().t("pub.problem.title.422"), status: 422,
        detail: I().t("pub.problem.the_request_has_invalid_fields"), errors: [{ field: "near", message: where.error }] } };
    }
    const radius = parseFloat(p.get("radius_km")) || 25;
    const g = where ? { lat: where.lat, lon: where.lon, radius, cosLat: Math.cos(where.lat * Math.PI / 180), town: where.town } : null;
    const needs = list(p, "need"), levels = list(p, "level_of_care"), langs = list(p, "language");
    const age = p.get("age") ? parseFloat(p.get("age")) : null;
    const flag = (k) => p.get(k) === "true" || p.get(k) === "1";
    const openNow = flag("open_now"), free = flag("free"), walkIn = flag("walk_in"), available = flag("available");
    const sort = p.get("sort") || "relevance";
    const gs = groups(pp, p.get("q") || "");
    const today = Math.floor(t / 86400000);
    const clocks = new Map();
    const clockOf = (zone) => {
      let c = clocks.get(zone);
      if (!c) { c = H().clock(t, zone); clocks.set(zone, c); }
      return c;
    };

    const found = [], loose = [];
    const latSpan = radius / KM_PER_DEGREE + 0.01;
    for (const e of pp.entries) {
      const s = e.s;
      if (needs.length && !needs.some((n) => (s.ne || []).includes(n))) continue;
      if (levels.length && !levels.some((l) => (s.lc || []).includes(l))) continue;
      if (langs.length && !langs.some((l) => e.langs.includes(l))) continue;
      if (free && s.f !== true) continue;
      if (walkIn && !(s.ac || []).includes("walk_in")) continue;
      if (age != null && ((s.mn != null && age < s.mn) || (s.mx != null && age > s.mx))) continue;
      let distance = null, byArea = false;
      if (g) {
        if (e.site) {
          // Far north or south of the circle: out, unless a service area covers the place.
          distance = Math.abs(e.lat - g.lat) > latSpan && !e.areas.has(g.town) ? Infinity : distanceKm(g, e.lat, e.lon);
          if (distance > radius) {
            if (!e.areas.has(g.town)) continue;
            byArea = true;
          }
        } else if (e.byAreaOnly && e.areas.has(g.town)) {
          byArea = true;
        } else continue;
      }
      // Words after the place: only what is near is read.
      let rel = 1, matched = gs.length;
      if (gs.length) {
        let sum = 0;
        matched = 0;
        for (const gr of gs) {
          const m = matchGroup(e, gr);
          if (m) { matched++; sum += m; }
        }
        if (!matched) continue;
        rel = sum / gs.length;
      }
      const open = e.hours ? H().openAt(e.hours, clockOf(e.zone)) : false;
      if (openNow && !open) continue;
      const room = hasRoom(s.cap, t);
      if (available && !room) continue;
      const hit = { e, distance, byArea, open, room, rel, score: 0 };
      hit.score = score(hit, g, sort, today, t);
      (matched === gs.length ? found : loose).push(hit);
    }
    const relaxed = gs.length > 0 && found.length === 0;
    const hits = relaxed ? loose : found;
    if (sort === "name") hits.sort((a, b) => a.e.s.n.localeCompare(b.e.s.n) || a.e.key.localeCompare(b.e.key));
    else hits.sort((a, b) => b.score - a.score || (a.e.key < b.e.key ? -1 : 1));

    const facet = (pick) => {
      const n = new Map();
      for (const h of hits) for (const c of pick(h.e.s) || []) n.set(c, (n.get(c) || 0) + 1);
      return [...n].map(([code, count]) => ({ code, count })).sort((a, b) => b.count - a.count || (a.code < b.code ? -1 : 1));
    };
    const from = (page - 1) * perPage;
    const items = hits.slice(from, from + perPage).map((h) => item(pp, h, t));
    const query = { relaxed, words: [], offline: true };
    if (where && where.kind !== "point") {
      query.near = { label: where.label, kind: where.kind, town: where.townName, state: "", lat: where.lat, lon: where.lon };
    }
    return { status: 200, body: { total: hits.length, page, per_page: perPage, items,
      facets: { need: facet((s) => s.ne), level_of_care: facet((s) => s.lc), language: facet((s) => s.la) }, query } };
  }

  // score is search/rank.go's score.
  function score(h, g, sort, today, t) {
    const tie = (1 - h.e.order / 4294967296) * 1e-7;
    if (sort === "distance") return 1 / (1 + (h.distance == null ? 0 : h.distance)) + tie;
    let prox = 1;
    if (g) {
      const d = h.byArea ? AREA_KM : h.distance;
      const half = Math.max(MIN_HALF, g.radius / 3);
      prox = PROX_FLOOR + (1 - PROX_FLOOR) / (1 + d / half);
    }
    let lift = 1;
    if (h.open) lift += LIFT_OPEN;
    const cap = h.e.s.cap;
    if (h.room) lift += LIFT_ROOM;
    else if (cap && cap.st === "no-capacity" && !(capacityAt(cap, t) || {}).expired) lift -= PEN_FULL;
    if (h.e.assuredDay != null) {
      const a = today - h.e.assuredDay;
      if (a <= FRESH_DAYS) lift += LIFT_FRESH;
      else if (a > STALE_DAYS) lift -= PEN_STALE;
    }
    return Math.round(h.rel * prox * lift * 1e6) / 1e6 + tie;
  }

  function phones(list) {
    return (list || []).map((ph) => ({ number: ph[0], type: ph[1] || "", extension: ph[2] || null, description: ph[3] || "" }));
  }

  // item is a result as the API writes it (api/search_json.go), for the cards.
  function item(pp, h, t) {
    const e = h.e, s = e.s, site = e.site;
    const st = H().state(e.hours, t, e.zone);
    const service = { id: s.i, name: s.n, organization: e.org ? { name: e.org } : null, description: s.d || "",
      phones: phones(s.ph), languages: e.langs, needs: s.ne || [], levels_of_care: s.lc || [], access: s.ac || [],
      free: s.f, fees_description: s.fd || "", alert: s.al || "", assured_date: s.as || "",
      hours_text: (site && site.ht) || s.ht || "", minimum_age: s.mn, maximum_age: s.mx };
    let location = null;
    if (site) {
      const a = site.a || [];
      location = { service_at_location_id: site.i, name: site.n || "", latitude: site.y, longitude: site.x, phones: phones(site.ph),
        address: a.length ? { address_1: a[0] || "", address_2: a[1] || "", city: a[2] || "", state_province: a[3] || "", postal_code: a[4] || "" } : null };
    }
    const why = [I().t("pub.offline.why")];
    if (h.byArea) why.push(I().t("pub.why.serves_area"));
    return { service, location, distance_km: h.distance == null || (h.byArea && !site) ? null : Math.round(h.distance * 100) / 100,
      serves_area: h.byArea, score: h.score, open_now: st.known ? st.open : null, open_until: st.until, next_open: st.next,
      capacity: capacityAt(s.cap, t), capacity_observation: null, why };
  }

  return { run, prepare };
})();
