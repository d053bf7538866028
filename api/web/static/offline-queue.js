// The offline queue (issue 17): an encounter, a follow-up attempt or a record-only
// referral that could not be sent for want of a connection is kept on the phone and
// sent when the connection returns, each with its own Idempotency-Key, so that a send
// that reached the server but whose answer was lost is not recorded twice (the server
// answers the first result again).
//
// Each record is encrypted whole (AES-GCM, a fresh 96-bit IV each) under the session's
// queue key (GET /api/v1/offline/key), imported as a non-extractable CryptoKey: the
// page can use it but never read it back. Outside the ciphertext are only the key's id
// and when the record was queued. A key is for its user only, and expires: past its
// expires_at, or past the server's --offline-queue-ttl after queueing, a record is
// deleted unsent and the peer is told. Sign-out deletes everything (offline-store.js).
"use strict";
window.HandoffOffline = window.HandoffOffline || {};
window.HandoffOffline.queue = (function () {
  const S = () => window.HandoffOffline.store;
  const H = () => window.Handoff;
  const $ = (id) => document.getElementById(id);
  const t = (key, vars) => window.HandoffI18n.t(key, vars); // the catalog (i18n.js, loaded first)
  const enc = new TextEncoder(), dec = new TextDecoder();
  let syncing = null;
  let lastNote = "";

  function b64url(s) {
    const bin = atob(s.replace(/-/g, "+").replace(/_/g, "/"));
    return Uint8Array.from(bin, (c) => c.charCodeAt(0));
  }

  // ensureKey asks the server for the session's current key and keeps it, with its
  // owner, unless it is kept already.
  async function ensureKey(user) {
    const k = await H().api("GET", "/api/v1/offline/key");
    if (await S().get("keys", k.id)) return;
    const key = await crypto.subtle.importKey("raw", b64url(k.key), { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
    await S().put("keys", { id: k.id, key, owner: user.id, use_until: Date.parse(k.use_until),
      expires_at: Date.parse(k.expires_at), ttl_ms: k.ttl_seconds * 1000 });
  }

  // usableKey is the newest key of the user that has not expired.
  async function usableKey(userID) {
    const now = Date.now();
    let best = null;
    for (const k of await S().all("keys")) {
      if (k.expires_at > now && (!userID || k.owner === userID) && (!best || k.use_until > best.use_until)) best = k;
    }
    return best;
  }

  async function seal(k, value) {
    const iv = crypto.getRandomValues(new Uint8Array(12));
    const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, k.key, enc.encode(JSON.stringify(value)));
    return { iv, ct };
  }

  async function open(k, rec) {
    const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: rec.iv }, k.key, rec.ct);
    return JSON.parse(dec.decode(pt));
  }

  // holder is the id of the user whose newest unexpired key the phone keeps, or "": a
  // program user who signed in here and has not signed out since (sign-out deletes it).
  async function holder() {
    const k = await usableKey(null);
    return k ? k.owner : "";
  }

  // add keeps a request to send later; label names it for the peer ("Encounter at 14:05",
  // "Try on Ana's follow-up"), in the words of the page that queued it. It answers false
  // when the phone has no key to keep it with.
  async function add(method, path, body, label) {
    const me = H().user();
    const k = await usableKey(me && me.id).catch(() => null);
    if (!k) return false;
    const idem = crypto.randomUUID();
    const { iv, ct } = await seal(k, { method, path, body, label, idem });
    await S().put("queue", { id: idem, kid: k.id, queued_at: Date.now(), iv, ct });
    render();
    return true;
  }

  // prune deletes what may no longer wait: records past the TTL or whose key expired,
  // and expired keys. It answers how many records went.
  async function prune() {
    const now = Date.now();
    const keys = new Map((await S().all("keys")).map((k) => [k.id, k]));
    let gone = 0;
    for (const r of await S().all("queue")) {
      const k = keys.get(r.kid);
      if (!k || k.expires_at <= now || r.queued_at + k.ttl_ms <= now) {
        await S().del("queue", r.id);
        gone++;
      }
    }
    for (const r of await S().all("problems")) {
      const k = keys.get(r.kid);
      if (!k || k.expires_at <= now) await S().del("problems", r.id);
    }
    for (const k of keys.values()) if (k.expires_at <= now) await S().del("keys", k.id);
    if (gone) note(t("offline.expired", { count: gone }));
    return gone;
  }

  // sync sends what is queued, oldest first, stopping at the first sign that the
  // connection or the session is missing.
  function sync() {
    if (!syncing) syncing = doSync().finally(() => { syncing = null; render(); });
    return syncing;
  }

  async function doSync() {
    await prune();
    let me = H().user();
    if (!me) me = await H().refresh().catch(() => null);
    if (!me) return;
    const keys = new Map((await S().all("keys")).map((k) => [k.id, k]));
    const items = (await S().all("queue")).sort((a, b) => a.queued_at - b.queued_at);
    let sent = 0;
    for (const r of items) {
      const k = keys.get(r.kid);
      if (!k || k.owner !== me.id) continue; // another user's: never sent as this one
      const v = await open(k, r);
      try {
        await H().send(v.method, v.path, v.body, { "Idempotency-Key": v.idem });
        await S().del("queue", r.id);
        sent++;
      } catch (e) {
        if (e.status === 0 || e.status === 401 || e.status === 429 || e.status >= 500 || (e.status === 409 && /being processed/.test(e.detail || ""))) {
          break; // no connection, no session, or busy: try again later
        }
        // Refused for good (a follow-up closed meanwhile, a record gone): say so plainly.
        const { iv, ct } = await seal(k, { label: v.label, status: e.status, detail: e.detail || "", path: v.path });
        await S().put("problems", { id: r.id, kid: r.kid, at: Date.now(), iv, ct });
        await S().del("queue", r.id);
      }
    }
    if (sent) note(t("offline.sent", { count: sent }));
  }

  function note(text) {
    lastNote = text;
    render();
  }

  // explain words a refusal for the peer.
  function explain(p) {
    const what = p.label || t("offline.a_record");
    if (p.status === 409 && /\/attempts$/.test(p.path || "")) {
      return t("offline.closed_meanwhile", { what });
    }
    return t("offline.refused", { what, detail: p.detail || t("offline.refused_status", { status: String(p.status) }) });
  }

  // render shows how many records wait, the last sync's news and the refusals, in a
  // panel at the top of the page's main part.
  async function render() {
    const main = $("main") || document.querySelector("main");
    if (!main) return;
    let box = $("offline-queue");
    let waiting = [], problems = [];
    try {
      waiting = await S().all("queue");
      problems = await S().all("problems");
    } catch (e) {
      // no store (signed out): nothing to show
    }
    const me = H() && H().user();
    const keys = new Map((await S().all("keys").catch(() => [])).map((k) => [k.id, k]));
    const lines = [];
    for (const p of problems) {
      const k = keys.get(p.kid);
      if (!k || (me && k.owner !== me.id)) continue;
      try {
        lines.push({ id: p.id, text: explain(await open(k, p)) });
      } catch (e) {
        // a key that no longer opens it: prune removes it
      }
    }
    if (!waiting.length && !problems.length && !lastNote) {
      if (box) box.hidden = true;
      return;
    }
    if (!box) {
      box = document.createElement("section");
      box.id = "offline-queue";
      box.className = "offline-queue";
      box.setAttribute("aria-label", t("offline.kept_label"));
      main.prepend(box);
    }
    box.hidden = false;
    const parts = [];
    const status = document.createElement("p");
    status.id = "offline-queue-status";
    status.setAttribute("role", "status");
    const n = waiting.length;
    status.textContent = ((n ? t("offline.waiting", { count: n }) + " " : "") + lastNote).trim();
    parts.push(status);
    if (lines.length) {
      const ul = document.createElement("ul");
      ul.className = "offline-problems";
      ul.setAttribute("role", "alert");
      for (const l of lines) {
        const li = document.createElement("li");
        li.append(document.createTextNode(l.text + " "));
        const b = document.createElement("button");
        b.type = "button";
        b.className = "link";
        b.textContent = t("offline.dismiss");
        b.addEventListener("click", async () => {
          await S().del("problems", l.id);
          render();
        });
        li.append(b);
        ul.append(li);
      }
      parts.push(ul);
    }
    box.replaceChildren(...parts);
  }

  async function count() {
    return (await S().all("queue").catch(() => [])).length;
  }

  return { ensureKey, holder, add, sync, prune, render, count };
})();
