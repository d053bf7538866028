// The repeat-location map of the dashboard (/dashboard): the region's town boundaries
// (GET /dashboard/towns.geojson, embedded in the server) as the only base layer — no
// tile server — and the places as circles sized by their calls in the measure's buckets
// (2–3, 4–5, 6+), with a dashed ring for places near an institution. Drawn with Leaflet
// (vendor/leaflet-1.9.4). The table beside the map lists the same places, each with a
// button, for keyboards and screen readers. Its words (the zoom buttons, the tooltips)
// are the catalog's; a town's name is a name.
"use strict";

window.DashMap = (function () {
  const { t } = window.HandoffI18n; // i18n.js, loaded first
  let map = null;
  let marks = null;
  let towns = null; // the towns' GeoJSON, asked once

  // bucket names a place's size class by its calls.
  function bucket(calls) {
    if (calls >= 6) {
      return "b6";
    }
    return calls >= 4 ? "b45" : "b23";
  }
  const RADIUS = { b23: 6, b45: 10, b6: 15 };
  const FILL = { b23: "#5b9bd5", b45: "#b25e00", b6: "#9b1c1c" };

  // ensure makes the map with its towns once, however many callers ask meanwhile: the
  // dashboard asks it as it signs in, beside the measures, so that the towns are there
  // when the places come.
  let ready = null;
  function ensure() {
    if (!ready) {
      ready = build().catch((e) => {
        ready = null; // asked again on the next show
        throw e;
      });
    }
    return ready;
  }

  async function build() {
    if (map || !window.L) {
      return map;
    }
    if (!towns) {
      const res = await fetch("/dashboard/towns.geojson", { credentials: "same-origin" });
      towns = await res.json();
    }
    map = window.L.map("map", { attributionControl: false, zoomControl: false, zoomSnap: 0.25, minZoom: 6, maxZoom: 16 });
    // Leaflet's own zoom buttons say "Zoom in" in English: named in the page's language.
    window.L.control.zoom({ zoomInTitle: t("dashboard.map.zoom_in"), zoomOutTitle: t("dashboard.map.zoom_out") }).addTo(map);
    window.L.geoJSON(towns, {
      interactive: false,
      style: () => ({ color: "#8a8a8a", weight: 0.7, fillColor: "#f1efe8", fillOpacity: 1 }),
    }).addTo(map);
    marks = window.L.layerGroup().addTo(map);
    map.setView([42.15, -72.6], 9); // western Massachusetts, until there are places
    return map;
  }

  // show draws the places (those not withheld) and calls open(place) when one is clicked.
  async function show(places, open) {
    const m = await ensure();
    if (!m) {
      return;
    }
    marks.clearLayers();
    const pts = [];
    for (const p of places) {
      if (p.lat == null || p.lon == null || p.calls == null) { // withheld with its calls
        continue;
      }
      const b = bucket(p.calls);
      const c = window.L.circleMarker([p.lat, p.lon], {
        radius: RADIUS[b], color: p.institutional ? "#222" : "#fff", weight: p.institutional ? 2.5 : 1.5,
        dashArray: p.institutional ? "3 2" : null, fillColor: FILL[b], fillOpacity: 0.85, className: "place-mark",
      });
      c.bindTooltip(tooltip(p));
      c.on("click", () => open(p));
      c.addTo(marks);
      const el = c.getElement();
      if (el) {
        el.dataset.place = key(p);
      }
      pts.push([p.lat, p.lon]);
    }
    if (pts.length) {
      // No animation: a zoom animated while the map is off screen (below the fold on a
      // phone) may never finish, leaving the layers scaled up.
      m.fitBounds(window.L.latLngBounds(pts).pad(0.4), { maxZoom: 13, animate: false });
    }
  }

  // tooltip is a place's town (a name, not translated) and its calls, as a node: a town's
  // name is text, never markup.
  function tooltip(p) {
    const box = document.createElement("span");
    const town = document.createElement("span");
    town.setAttribute("translate", "no");
    town.textContent = p.town || "—";
    const calls = p.institutional ? t("dashboard.map.calls_institution", { count: p.calls }) : t("dashboard.map.calls", { count: p.calls });
    box.append(town, ": " + calls);
    return box;
  }

  // key names a place as the API does: its centre, three decimals.
  function key(p) {
    return p.lat.toFixed(3) + "," + p.lon.toFixed(3);
  }

  function resize() {
    if (map) {
      map.invalidateSize();
    }
  }
  window.addEventListener("beforeprint", resize);

  // prepare starts the map and its towns ahead of the places (failures show on show).
  return { show, key, resize, bucket, prepare: () => { ensure().catch(() => null); } };
})();
