// What a program user's phone keeps for working without a connection (issue 17), in one
// IndexedDB database, "handoff-offline":
//   snapshot  the directory snapshot (GET /api/v1/offline/snapshot: services, sites,
//             hours, phones, needs; no people), with its version and when it was last
//             checked against the server;
//   keys      the offline queue's keys, as non-extractable AES-GCM CryptoKeys, each with
//             when it expires (GET /api/v1/offline/key);
//   queue     encounters, follow-up attempts and record-only referrals not sent yet, each
//             encrypted whole (offline-queue.js): outside the ciphertext only its key's
//             id and when it was queued;
//   problems  what the server refused when a queued record was sent (a follow-up closed
//             by a colleague meanwhile), encrypted the same way, until the peer has read it.
// wipe() deletes all of it and the service worker's caches: sign-out calls it; allow()
// lets it be made again at the next sign-in.
"use strict";
window.HandoffOffline = window.HandoffOffline || {};
window.HandoffOffline.store = (function () {
  const DB = "handoff-offline";
  const STORES = ["snapshot", "keys", "queue", "problems"];
  // The catalog (i18n.js, loaded first): the reasons the store fails, seen by the callers.
  const t = (key) => window.HandoffI18n.t(key);
  let opening = null;
  // wiped: sign-out deleted the database. Nothing opens it again until a program user
  // signs in (allow): a read or write still under way at sign-out (a sync, the queue's
  // panel redrawn) would otherwise create it anew, and a late write would keep its
  // record on the phone after sign-out.
  let wiped = false;

  function open() {
    if (!("indexedDB" in window) || wiped) {
      return Promise.reject(new Error(t("offline.no_store")));
    }
    if (!opening) {
      opening = new Promise((resolve, reject) => {
        const req = indexedDB.open(DB, 1);
        req.onupgradeneeded = () => {
          const db = req.result;
          db.createObjectStore("snapshot");
          db.createObjectStore("keys", { keyPath: "id" });
          db.createObjectStore("queue", { keyPath: "id" });
          db.createObjectStore("problems", { keyPath: "id" });
        };
        req.onsuccess = () => {
          const db = req.result;
          // Another tab deleting the database (sign-out there) closes this one.
          db.onversionchange = () => {
            db.close();
            opening = null;
          };
          resolve(db);
        };
        req.onerror = () => {
          opening = null;
          reject(req.error);
        };
        req.onblocked = () => {
          opening = null;
          reject(new Error(t("offline.blocked")));
        };
      });
    }
    return opening;
  }

  // run performs fn(objectStore) in a transaction and answers the request's result.
  async function run(store, mode, fn) {
    const db = await open();
    return new Promise((resolve, reject) => {
      const tx = db.transaction(store, mode);
      let out;
      const req = fn(tx.objectStore(store));
      if (req) {
        req.onsuccess = () => {
          out = req.result;
        };
      }
      tx.oncomplete = () => resolve(out);
      tx.onerror = () => reject(tx.error);
      tx.onabort = () => reject(tx.error || new Error("aborted"));
    });
  }

  const get = (store, key) => run(store, "readonly", (s) => s.get(key));
  const put = (store, value, key) => run(store, "readwrite", (s) => (key === undefined ? s.put(value) : s.put(value, key)));
  const del = (store, key) => run(store, "readwrite", (s) => s.delete(key));
  const all = (store) => run(store, "readonly", (s) => s.getAll());

  // wipe deletes the database and the shell's caches, and unregisters the worker: after
  // sign-out the phone holds nothing of Handoff's but what the browser caches of any page.
  async function wipe() {
    wiped = true;
    if (opening) {
      try {
        (await opening).close();
      } catch (e) {
        // not open: nothing to close
      }
      opening = null;
    }
    await new Promise((resolve) => {
      const req = indexedDB.deleteDatabase(DB);
      req.onsuccess = req.onerror = req.onblocked = () => resolve();
    });
    if ("caches" in window) {
      const keys = await caches.keys();
      await Promise.all(keys.filter((k) => k.startsWith("handoff-")).map((k) => caches.delete(k)));
    }
    if ("serviceWorker" in navigator) {
      const regs = await navigator.serviceWorker.getRegistrations();
      await Promise.all(regs.map((r) => r.unregister()));
    }
  }

  // allow lets the database be opened again after a wipe: a program user signed in.
  function allow() {
    wiped = false;
  }

  return { open, get, put, del, all, wipe, allow, STORES };
})();
