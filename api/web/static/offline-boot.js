// Working without a connection (issue 17), for a signed-in program user: installs the
// service worker (the app shell), gets the offline queue's key, keeps the directory
// snapshot current in the background (If-None-Match: an unchanged snapshot is not
// downloaded again), sends what the queue holds when the connection returns, shows the
// "Offline: directory as of 07:40" banner, and wipes everything at sign-out.
// The search page asks HandoffOffline.searchSnapshot when the network is gone.
"use strict";
window.HandoffOffline = window.HandoffOffline || {};
(function (O) {
  const $ = (id) => document.getElementById(id);
  const { t, date } = window.HandoffI18n; // the catalog (i18n.js, loaded first)
  const REFRESH_MS = 15 * 60 * 1000; // the snapshot is checked this often while the page is open
  let snapshot = null; // { version, checked_at, data } as kept
  let booted = null;

  // ---- the snapshot ----

  async function kept() {
    if (!snapshot) {
      snapshot = (await O.store.get("snapshot", "current").catch(() => null)) || null;
      if (snapshot && O.search) O.search.prepare(snapshot.data); // read once, not at each search
    }
    return snapshot;
  }

  // refreshSnapshot asks for the snapshot, sending the version kept: 304 only re-dates it.
  async function refreshSnapshot() {
    const have = await kept();
    const headers = { Accept: "application/json" };
    if (have) headers["If-None-Match"] = '"' + have.version + '"';
    let res;
    try {
      res = await fetch("/api/v1/offline/snapshot", { credentials: "same-origin", cache: "no-store", headers });
    } catch (e) {
      return; // offline: keep what is kept
    }
    if (res.status === 304 && have) {
      have.checked_at = Date.now();
      await O.store.put("snapshot", have, "current");
    } else if (res.ok) {
      const data = await res.json();
      snapshot = { version: data.version, checked_at: Date.now(), data };
      await O.store.put("snapshot", snapshot, "current");
      if (O.search) O.search.prepare(data);
    }
  }

  // searchSnapshot answers a search from the kept snapshot: {status, body, asOf}, or null
  // when the phone keeps none.
  O.searchSnapshot = async function (p, page, perPage) {
    const s = await kept();
    if (!s || !O.search) return null;
    const started = performance.now();
    const r = O.search.run(s.data, p, page, perPage);
    r.ms = performance.now() - started;
    O.lastSearchMs = r.ms; // read by the tests' timing
    r.asOf = s.checked_at;
    return r;
  };

  // ---- the banner ----

  // asOfWords is when the copy was last checked: a 24-hour time ("07:40"), with the day
  // when it was not today, as the page's language writes them.
  function asOfWords(at) {
    const d = new Date(at), now = new Date();
    const time = { hour: "2-digit", minute: "2-digit", hourCycle: "h23" };
    return date(d, d.toDateString() === now.toDateString() ? time : Object.assign({ month: "short", day: "numeric" }, time));
  }

  // banner shows (asOf a time) or hides (null) the offline banner above the search.
  O.banner = function (asOf) {
    let b = $("offline-banner");
    if (asOf == null) {
      if (b) b.hidden = true;
      return;
    }
    if (!b) {
      b = document.createElement("p");
      b.id = "offline-banner";
      b.className = "offline-banner";
      b.setAttribute("role", "status");
      const main = $("main");
      if (!main) return;
      main.prepend(b);
    }
    // The search page is everyone's: the banner is in the words of the person's languages (pub.*).
    b.textContent = t("pub.offline.banner", { time: asOfWords(asOf) });
    b.hidden = false;
  };

  // ---- starting and signing out ----

  async function boot(user) {
    if (!user || !window.Handoff.isProgram(user)) return;
    O.store.allow();
    if (booted) return booted;
    booted = (async () => {
      if ("serviceWorker" in navigator && window.isSecureContext) {
        navigator.serviceWorker.register("/sw.js").catch(() => {});
      }
      await O.queue.ensureKey(user).catch(() => {});
      await refreshSnapshot().catch(() => {});
      // Not awaited: a send may ask who is signed in, which announces the user again.
      O.queue.sync().catch(() => {});
      setInterval(() => {
        if (navigator.onLine) refreshSnapshot().catch(() => {});
      }, REFRESH_MS);
    })();
    return booted;
  }

  function start() {
    const H = window.Handoff;
    if (!H) return;
    // Neither waits for the boot: the page's own work comes first.
    H.on("checked", (user) => {
      boot(user);
      O.queue.render();
    });
    H.on("signedin", (user) => {
      boot(user);
    });
    // Without a connection, the copy is read now, so that the first search is quick.
    if (!navigator.onLine) kept();
    window.addEventListener("offline", () => kept());
    window.addEventListener("online", () => {
      O.banner(null);
      O.queue.sync().catch(() => {});
      refreshSnapshot().catch(() => {});
    });
    // Records wait on the phone; a page left open retries now and then too, since not
    // every lost connection says so.
    setInterval(() => {
      O.queue.count().then((n) => { if (n && navigator.onLine) O.queue.sync().catch(() => {}); });
    }, 30000);
    // Sign-out deletes everything offline: the queue (after asking, when records wait),
    // its keys, the snapshot and the shell. The button's own handler then signs out.
    document.addEventListener("click", async (ev) => {
      const b = ev.target.closest && ev.target.closest("#signout");
      if (!b || b.dataset.offlineWiped) return;
      ev.preventDefault();
      ev.stopImmediatePropagation();
      const n = await O.queue.count();
      if (n && !window.confirm(t("offline.signout_confirm", { count: n }))) return;
      await O.store.wipe().catch(() => {});
      snapshot = null;
      booted = null;
      b.dataset.offlineWiped = "1";
      b.click();
      delete b.dataset.offlineWiped;
    }, true);
  }

  // Deferred after session.js: its listeners are registered before it asks who is in.
  start();
})(window.HandoffOffline);
