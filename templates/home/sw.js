{% autoescape off %}/* Waypoint's service worker (home/installable.py renders it; see its docstring).
   Online, every page comes from the network as usual and nothing private is stored.
   Offline, a page falls back to the copy kept for it: the public pages as a signed-out
   visitor sees them, the member's crisis card if they chose to keep it, else the offline
   page. */
"use strict";
const CONFIG = {{ config }};
const SHELL = "waypoint-shell-" + CONFIG.version;
const CARD = "waypoint-card"; // the member's own card; static/js/offline.js uses the same name
const PUBLIC_REFRESH_MS = 60 * 60 * 1000;
let lastPublicRefresh = 0;

function anonymous(url) {
  // Without cookies: what is kept is what anyone signed out sees, never someone's page.
  return new Request(url, { credentials: "omit", cache: "no-store" });
}

async function keepPublic() {
  const cache = await caches.open(SHELL);
  await cache.addAll(CONFIG.files);
  await Promise.all(
    CONFIG.pages.map(async (url) => {
      const response = await fetch(anonymous(url));
      if (response.ok) await cache.put(url, response);
    })
  );
  lastPublicRefresh = Date.now();
}

self.addEventListener("install", (event) => {
  event.waitUntil(keepPublic().then(() => self.skipWaiting()));
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((names) =>
        Promise.all(
          names
            .filter((name) => name.startsWith("waypoint-shell-") && name !== SHELL)
            .map((name) => caches.delete(name))
        )
      )
      .then(() => self.clients.claim())
  );
});

self.addEventListener("message", (event) => {
  const kind = event.data && event.data.kind;
  if (kind === "refresh-public" && Date.now() - lastPublicRefresh > PUBLIC_REFRESH_MS) {
    event.waitUntil(keepPublic().catch(() => undefined));
  }
});

async function fallback(request) {
  const path = new URL(request.url).pathname;
  if (path === CONFIG.card) {
    const card = await caches.match(CONFIG.card, { cacheName: CARD });
    if (card) return card;
  }
  const kept = await caches.match(path, { cacheName: SHELL });
  if (kept) return kept;
  return (await caches.match(CONFIG.offline, { cacheName: SHELL })) || Response.error();
}

self.addEventListener("fetch", (event) => {
  const request = event.request;
  const url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.method === "POST" && url.pathname === CONFIG.signOut) {
    // Signing out on this phone takes the kept card with it (offline.js does the same
    // before the form is sent; either is enough).
    event.waitUntil(caches.delete(CARD));
    return;
  }
  if (request.method !== "GET") return;
  if (request.mode === "navigate") {
    event.respondWith(fetch(request).catch(() => fallback(request)));
    return;
  }
  if (url.pathname.startsWith(CONFIG.static)) {
    // Hashed names never change content: the kept copy is as good as the network's.
    event.respondWith(
      caches.match(request, { cacheName: SHELL }).then((kept) => kept || fetch(request))
    );
  }
});
// A reminder as a notification (messaging.transports.PushTransport): fixed words only,
// as the payload carries them; a tap opens Waypoint at the page it names, on this site.
self.addEventListener("push", (event) => {
  let data = {};
  try {
    data = event.data ? event.data.json() : {};
  } catch (error) {
    data = {};
  }
  const title = typeof data.title === "string" && data.title ? data.title : "Waypoint";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: typeof data.body === "string" ? data.body : "",
      icon: CONFIG.icon,
      tag: "waypoint-reminder", // a newer reminder replaces one still showing
      data: { url: typeof data.url === "string" ? data.url : "/" },
    })
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  // Only a path on this site: never somewhere else, whatever the payload said.
  const target = new URL(event.notification.data && event.notification.data.url || "/", self.location.origin);
  const url = target.origin === self.location.origin ? target.href : self.location.origin + "/";
  event.waitUntil(
    self.clients.matchAll({ type: "window", includeUncontrolled: true }).then((windows) => {
      for (const client of windows) {
        if (client.url === url && "focus" in client) return client.focus();
      }
      return self.clients.openWindow(url);
    })
  );
});
{% endautoescape %}
