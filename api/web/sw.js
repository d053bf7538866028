// Handoff's service worker (issue 17): it keeps the app shell (the search and follow-up
// pages and the files they load) on the phone, so that the pages open without a
// connection. Registered only for a signed-in program user (offline-boot.js).
//
// What it never keeps: answers of the API. No route below matches /api/, so every API
// request goes to the network as if there were no service worker: people's records,
// follow-up lists and searches are never in Cache Storage. The directory snapshot that
// offline search reads is kept by the page in IndexedDB (offline-store.js), not here.
//
// Workbox is loaded from this server (/static/vendor/workbox-7.4.1/), never a CDN.
"use strict";
importScripts("/static/vendor/workbox-7.4.1/workbox-sw.js");
workbox.setConfig({ modulePathPrefix: "/static/vendor/workbox-7.4.1/", debug: false });

// The server fills in the shell's files, each with a revision (a hash of the pages and
// files embedded in the binary): a new Handoff replaces them all at once.
const PRECACHE = /*PRECACHE*/[];

workbox.core.setCacheNameDetails({ prefix: "handoff", precache: "shell", runtime: "unused" });
workbox.core.skipWaiting();
workbox.core.clientsClaim();
workbox.precaching.cleanupOutdatedCaches();
// The shell's files, cache first: their URLs are exact, their revisions change with them.
workbox.precaching.precacheAndRoute(PRECACHE);

// Pages with a query ("/?need=food&near=01040") or not kept: from the network; without
// one, the kept page of the same path, else the search page, which then searches the
// snapshot. Nothing a navigation answers is stored.
const fallback = {
  handlerDidError: async ({ request }) => {
    const path = new URL(request.url).pathname;
    return (await workbox.precaching.matchPrecache(path)) || (await workbox.precaching.matchPrecache("/")) || Response.error();
  },
};
workbox.routing.registerRoute(new workbox.routing.NavigationRoute(new workbox.strategies.NetworkOnly({ plugins: [fallback] })));

// Sign-out wipes the shell too: the page posts "wipe" (offline-store.js).
self.addEventListener("message", (ev) => {
  if (ev.data && ev.data.type === "wipe") {
    ev.waitUntil(caches.keys().then((keys) => Promise.all(keys.filter((k) => k.startsWith("handoff-")).map((k) => caches.delete(k)))));
  }
});
