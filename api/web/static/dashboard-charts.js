// Charts of the dashboard (/dashboard), drawn with Chart.js (vendor/chart.js-4.4.7). Each
// chart is decoration for sighted readers: the table beside it holds the same numbers
// (the canvas is aria-hidden). No animation, so that a printed page shows the figures.
// The callers give the labels in the page's language; Chart.js writes the numbers of its
// axes and tooltips as that language does (its locale option).
"use strict";

window.DashCharts = (function () {
  const charts = {};
  const COLORS = ["#0b5cad", "#b25e00", "#2e7d32", "#7b3fa0", "#9b1c1c", "#555"];

  function base(extra) {
    return Object.assign({
      locale: window.HandoffI18n.lang,
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      devicePixelRatio: Math.max(2, window.devicePixelRatio || 1),
      plugins: { legend: { display: true, position: "bottom" }, tooltip: { enabled: true } },
      scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
    }, extra || {});
  }

  // draw replaces the chart on canvas id: type "bar" or "line", labels, and datasets
  // [{label, data}] (null values are gaps: withheld small counts).
  function draw(id, type, labels, datasets, options) {
    const canvas = document.getElementById(id);
    if (!canvas || !window.Chart) {
      return;
    }
    if (charts[id]) {
      charts[id].destroy();
    }
    const ds = datasets.map((d, i) => Object.assign({
      backgroundColor: COLORS[i % COLORS.length], borderColor: COLORS[i % COLORS.length], spanGaps: false,
    }, d));
    charts[id] = new window.Chart(canvas, { type, data: { labels, datasets: ds }, options: base(options) });
  }

  function clear() {
    for (const id of Object.keys(charts)) {
      charts[id].destroy();
      delete charts[id];
    }
  }

  // Before printing, charts take the size of the printed page's boxes.
  window.addEventListener("beforeprint", () => {
    for (const c of Object.values(charts)) {
      c.resize();
    }
  });

  return { draw, clear };
})();
