// The admin page's outbox: deliveries of notices and webhooks with every attempt
// (GET /api/v1/outbox), the dead-letter list and its replay (POST
// /api/v1/outbox/{id}/replay), and the webhook receivers (GET/POST/PATCH/DELETE
// /api/v1/webhooks): register one (its secret is shown once), pause, resume, remove.
"use strict";

(function () {
  const H = window.Handoff;
  const A = window.Admin;
  const { t } = window.HandoffI18n;
  const $ = H.$;

  // The kinds a receiver may choose; each is named by the catalog (admin.event.KIND).
  const HOOK_EVENTS = ["directory.changed", "referral.sent", "referral.accepted", "referral.declined", "referral.completed", "referral.failed"];
  const statusName = (code) => A.named("admin.outbox.status.", code);
  let hooks = [];

  function receiverName(d) {
    if (d.channel !== "webhook") {
      return d.receiver;
    }
    const h = hooks.find((x) => x.id === d.receiver);
    return h ? h.url : t("admin.outbox.receiver_gone", { id: d.receiver.slice(0, 8) });
  }

  // receiver is where a delivery goes, as shown: the channel's name, then the address
  // or the receiver's URL as data.
  function receiver(d) {
    const s = document.createElement("span");
    s.append(A.named("admin.outbox.channel.", d.channel) + " · ", d.channel === "webhook" ? A.code(receiverName(d)) : A.data(receiverName(d)));
    return s;
  }

  // attempts is a delivery's attempts in a details element: when, how long, what came back.
  function attempts(d) {
    const box = H.el("details", "attempts");
    box.append(H.el("summary", "", t("admin.outbox.attempt_count", { count: d.attempts }) +
      (d.history && d.history.length !== d.attempts ? " " + t("admin.outbox.in_all", { count: d.history.length }) : "")));
    const ol = H.el("ol");
    for (const a of d.history || []) {
      const li = H.el("li", a.ok ? "ok" : "bad", A.when(a.at) + " · ");
      li.append(a.ok ? t("admin.outbox.delivered") : A.code(a.error), " · " + window.HandoffI18n.num(a.duration_ms) + " ms");
      ol.append(li);
    }
    box.append(ol);
    return box;
  }

  // pausedWhy is a paused receiver's reason in the page's language: the store writes
  // one of two English sentences (store/outbox_queue.go, store/webhooks.go), read back
  // here; anything else is shown as it came.
  function pausedWhy(reason) {
    if (/^paused by an admin$/.test(reason)) {
      return t("admin.hooks.paused_by_admin");
    }
    const m = /^a delivery failed (\d+) times: ([\s\S]*)$/.exec(reason);
    const out = document.createDocumentFragment();
    if (m) {
      out.append(t("admin.hooks.paused_failed", { count: Number(m[1]) }) + " ", A.code(m[2]));
    } else {
      out.append(A.data(reason));
    }
    return out;
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
      const cells = [A.when(d.created_at), A.code(d.kind), receiver(d), statusName(d.status), attempts(d)];
      if (d.status === "dead") {
        const replay = A.button(t("admin.outbox.replay"), "quiet", () => replayDelivery(d, replay), "replay");
        replay.setAttribute("aria-label", t("admin.outbox.replay_label", { kind: d.kind, to: receiverName(d) }));
        cells.push(replay);
      } else {
        const err = d.last_error ? A.code(d.last_error) : "";
        if (err) {
          err.className = "muted";
        }
        cells.push(err);
      }
      const tr = A.row(table, cells);
      tr.dataset.delivery = d.id;
      tr.dataset.status = d.status;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("outbox-empty").hidden = rows.length > 0;
    $("outbox-count").textContent = t("admin.outbox.count." + (status || "all"), { count: page.total });
  }

  async function replayDelivery(d, button) {
    button.disabled = true;
    try {
      await H.api("POST", "/api/v1/outbox/" + d.id + "/replay");
      const h = d.channel === "webhook" && hooks.find((x) => x.id === d.receiver);
      H.say(t("admin.outbox.replayed", { kind: d.kind, to: receiverName(d) }) + (h && h.status === "paused" ? " " + t("admin.outbox.replayed_paused") : ""));
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
      const paused = w.status === "paused";
      const toggle = A.button(t(paused ? "admin.hooks.resume" : "admin.hooks.pause"), "quiet", () => setStatus(w, paused ? "active" : "paused"),
        paused ? "resume" : "pause");
      toggle.setAttribute("aria-label", t(paused ? "admin.hooks.resume_label" : "admin.hooks.pause_label", { url: w.url }));
      const del = A.button(t("admin.hooks.remove"), "quiet warn", () => removeHook(w, del), "remove");
      del.setAttribute("aria-label", t("admin.hooks.remove_label", { url: w.url }));
      acts.append(toggle, " ", del);
      const status = H.el("span", paused ? "bad" : "ok");
      if (!paused) {
        status.append(t("admin.hooks.active"));
      } else if (w.paused_reason) {
        status.append(A.words("admin.hooks.paused_why", { reason: pausedWhy(w.paused_reason) }));
      } else {
        status.append(t("admin.hooks.paused"));
      }
      const events = document.createElement("span");
      w.events.forEach((k, i) => events.append(...(i ? [", "] : []), A.code(k)));
      const tr = A.row(table, [A.code(w.url), events, status, A.data(w.admin_email || ""), acts]);
      tr.dataset.webhook = w.id;
      return tr;
    });
    table.querySelector("tbody").replaceChildren(...rows);
    $("webhooks-empty").hidden = rows.length > 0;
  }

  async function setStatus(w, status) {
    try {
      await H.api("PATCH", "/api/v1/webhooks/" + w.id, { status });
      H.say(t(status === "active" ? "admin.hooks.resumed" : "admin.hooks.paused_done", { url: w.url }));
    } catch (e) {
      H.failed(e);
    }
    await loadHooks();
    await loadDeliveries();
  }

  async function removeHook(w, button) {
    if (!window.confirm(t("admin.hooks.remove_confirm", { url: w.url }))) {
      return;
    }
    button.disabled = true;
    try {
      await H.api("DELETE", "/api/v1/webhooks/" + w.id);
      H.say(t("admin.hooks.removed", { url: w.url }));
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
    $("hook-secret-what").replaceChildren(A.words("admin.hooks.registered", { url: A.code(w.url) }));
    $("hook-secret-box").focus();
    await loadHooks();
  }

  function build() {
    const box = $("hook-events");
    HOOK_EVENTS.forEach((code, i) => {
      const id = i === 0 ? "hk-events-first" : "hk-ev-" + i;
      const c = H.el("input");
      c.type = "checkbox";
      c.value = code;
      c.id = id;
      const l = H.el("label", "check");
      l.htmlFor = id;
      l.append(c, " " + t("admin.event." + code));
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
