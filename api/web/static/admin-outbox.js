// The admin page's outbox: deliveries of notices and webhooks with every attempt
// (GET /api/v1/outbox), the dead-letter list and its replay (POST
// /api/v1/outbox/{id}/replay), and the webhook receivers (GET/POST/PATCH/DELETE
// /api/v1/webhooks): register one (its secret is shown once), pause, resume, remove.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const $ = H.$;

  const HOOK_EVENTS = [
    ["directory.changed", "Directory changes"], ["referral.sent", "Referral sent"], ["referral.accepted", "Referral accepted"],
    ["referral.declined", "Referral declined"], ["referral.completed", "Referral completed"], ["referral.failed", "Referral failed"],
  ];
  const STATUS = { pending: "Waiting", sending: "Sending", sent: "Sent", dead: "Gave up" };
  let hooks = [];

  function receiverName(d) {
    if (d.channel !== "webhook") {
      return d.receiver;
    }
    const h = hooks.find((x) => x.id === d.receiver);
    return h ? h.url : "webhook " + d.receiver.slice(0, 8);
  }

  // attempts is a delivery's attempts in a details element: when, how long, what came back.
  function attempts(d) {
    const box = H.el("details", "attempts");
    box.append(H.el("summary", "", d.attempts + (d.attempts === 1 ? " attempt" : " attempts") +
      (d.history && d.history.length !== d.attempts ? " (" + d.history.length + " in all)" : "")));
    const ol = H.el("ol");
    for (const a of d.history || []) {
      ol.append(H.el("li", a.ok ? "ok" : "bad", A.when(a.at) + " · " + (a.ok ? "delivered" : a.error) + " · " + a.duration_ms + " ms"));
    }
    box.append(ol);
    return box;
  }

  async function loadDeliveries() {
    const status = $("ob-status").value;
    let page;
    try {
      page = await H.api("GET", "/api/v1/outbox?per_page=50" + (status ? "&status=" + encodeURIComponent(status) : ""));
    } catch (e) {
      H.failed(e);
      return;
    }
    const table = $("outbox-table");
    const rows = (page.items || []).map((d) => {
      const cells = [A.when(d.created_at), d.kind, d.channel + " · " + receiverName(d), STATUS[d.status] || d.status, attempts(d)];
      if (d.status === "dead") {
        const replay = A.button("Replay", "quiet", () => replayDelivery(d, replay));
        replay.dataset.action = "replay";
        replay.setAttribute("aria-label", "Replay the " + d.kind + " delivery to " + receiverName(d));
        cells.push(replay);
      } else {
        cells.push(d.last_error ? H.el("span", "muted", d.last_error) : "");
      }
      const tr = A.row(table, cells);
      tr.dataset.delivery = d.id;
      tr.dataset.status = d.status;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("outbox-empty").hidden = rows.length > 0;
    $("outbox-count").textContent = page.total + (page.total === 1 ? " delivery" : " deliveries") + (status ? " (" + (STATUS[status] || status).toLowerCase() + ")" : "") + ".";
  }

  async function replayDelivery(d, button) {
    button.disabled = true;
    try {
      await H.api("POST", "/api/v1/outbox/" + d.id + "/replay");
      const h = d.channel === "webhook" && hooks.find((x) => x.id === d.receiver);
      H.say("Replayed the " + d.kind + " delivery to " + receiverName(d) + "." + (h && h.status === "paused" ? " Its receiver is paused: resume it to send." : ""));
    } catch (e) {
      H.failed(e);
    }
    await loadDeliveries();
    $("outbox-h").focus();
  }

  async function loadHooks() {
    let page;
    try {
      page = await H.api("GET", "/api/v1/webhooks");
    } catch (e) {
      H.failed(e);
      return;
    }
    hooks = page.items || [];
    const table = $("webhooks-table");
    const rows = hooks.map((w) => {
      const acts = H.el("div", "actions");
      const toggle = A.button(w.status === "paused" ? "Resume" : "Pause", "quiet", () => setStatus(w, w.status === "paused" ? "active" : "paused"));
      toggle.setAttribute("aria-label", (w.status === "paused" ? "Resume " : "Pause ") + w.url);
      const del = A.button("Remove", "quiet warn", () => removeHook(w, del));
      del.setAttribute("aria-label", "Remove " + w.url);
      acts.append(toggle, " ", del);
      const status = w.status === "paused" ? H.el("span", "bad", "Paused" + (w.paused_reason ? ": " + w.paused_reason : "")) : H.el("span", "ok", "Active");
      const tr = A.row(table, [w.url, w.events.join(", "), status, w.admin_email || "", acts]);
      tr.dataset.webhook = w.id;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("webhooks-empty").hidden = rows.length > 0;
  }

  async function setStatus(w, status) {
    try {
      await H.api("PATCH", "/api/v1/webhooks/" + w.id, { status });
      H.say((status === "active" ? "Resumed " : "Paused ") + w.url + ".");
    } catch (e) {
      H.failed(e);
    }
    await loadHooks();
    await loadDeliveries();
  }

  async function removeHook(w, button) {
    if (!window.confirm("Remove the receiver " + w.url + "? Its deliveries not yet sent are dropped.")) {
      return;
    }
    button.disabled = true;
    try {
      await H.api("DELETE", "/api/v1/webhooks/" + w.id);
      H.say("Removed " + w.url + ".");
    } catch (e) {
      H.failed(e);
    }
    await loadHooks();
    $("webhooks-h").focus();
  }

  function clearErrors() {
    for (const p of document.querySelectorAll("#hook-form .field-error")) {
      p.hidden = true;
    }
    for (const c of document.querySelectorAll("#hook-form [aria-invalid]")) {
      c.removeAttribute("aria-invalid");
    }
    $("hook-error").hidden = true;
  }

  async function register(ev) {
    ev.preventDefault();
    clearErrors();
    const events = [...document.querySelectorAll("#hook-events input:checked")].map((c) => c.value);
    const body = { url: $("hk-url").value.trim(), events };
    if ($("hk-admin").value.trim()) {
      body.admin_email = $("hk-admin").value.trim();
    }
    let w;
    try {
      w = await H.api("POST", "/api/v1/webhooks", body);
    } catch (e) {
      const first = A.fieldErrors(e, "hk", { url: "hk-url", events: "hk-events-first", admin_email: "hk-admin" }, $("hook-error"));
      (first || $("hook-error")).focus?.();
      return;
    }
    $("hook-form").reset();
    $("hook-secret").value = w.secret;
    $("hook-secret-box").hidden = false;
    $("hook-secret-what").textContent = "Registered " + w.url + ". Its signing secret:";
    $("hook-secret-box").focus();
    await loadHooks();
  }

  function build() {
    const box = $("hook-events");
    HOOK_EVENTS.forEach(([code, label], i) => {
      const id = i === 0 ? "hk-events-first" : "hk-ev-" + i;
      const c = H.el("input");
      c.type = "checkbox";
      c.value = code;
      c.id = id;
      const l = H.el("label", "check");
      l.htmlFor = id;
      l.append(c, " " + label);
      box.append(l);
    });
    $("hook-form").addEventListener("submit", register);
    $("ob-status").addEventListener("change", loadDeliveries);
  }

  build();
  H.on("signedin", async () => {
    await loadHooks();
    await loadDeliveries();
  });
  H.on("forget", () => {
    hooks = [];
    $("outbox-table").querySelector("tbody").textContent = "";
    $("webhooks-table").querySelector("tbody").textContent = "";
    $("hook-secret").value = "";
    $("hook-secret-box").hidden = true;
  });
})();
