// Installable and offline (home/installable.py): registers the service worker, and lets a
// member keep their crisis card on this phone, or remove it. Signing out removes it too.
(function () {
  "use strict";
  var CARD = "waypoint-card"; // the worker (templates/home/sw.js) reads the same cache
  var REFRESH_MS = 60 * 60 * 1000;
  if (!("serviceWorker" in navigator) || !window.caches) return;

  navigator.serviceWorker.register("/sw.js", { scope: "/" }).then(function () {
    return navigator.serviceWorker.ready;
  }).then(function (registration) {
    if (registration.active) registration.active.postMessage({ kind: "refresh-public" });
  }).catch(function () { /* an older browser: the site works as before */ });

  var body = document.body;
  var cardUrl = body.getAttribute("data-card-url");

  function kept() {
    return caches.open(CARD).then(function (cache) { return cache.match(cardUrl); });
  }
  function keep() {
    return caches.open(CARD).then(function (cache) {
      return fetch(cardUrl, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
        if (!r.ok || r.redirected) throw new Error("not kept");
        localStorage.setItem("waypoint-card-kept-at", String(Date.now()));
        return cache.put(cardUrl, r);
      });
    });
  }
  function forget() {
    localStorage.removeItem("waypoint-card-kept-at");
    return caches.delete(CARD);
  }

  // Sign-out: remove the card before the form goes (the worker also does on the request).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.hasAttribute || !form.hasAttribute("data-sign-out") || form.dataset.cleared) return;
    event.preventDefault();
    var send = function () { form.dataset.cleared = "1"; form.submit(); };
    forget().then(send, send);
  });
  // A member's page: keep the card fresh (a new contact shows on the kept copy).
  if (cardUrl) {
    kept().then(function (card) {
      var at = Number(localStorage.getItem("waypoint-card-kept-at") || 0);
      if (card && Date.now() - at > REFRESH_MS && navigator.onLine) keep().catch(function () {});
    });
  }

  // Get help now, also its kept copy offline: the way to a card this phone keeps.
  var keptLink = document.querySelector("[data-kept-card]");
  if (keptLink) {
    caches.open(CARD).then(function (cache) {
      return cache.match(keptLink.querySelector("a").getAttribute("href"));
    }).then(function (card) { keptLink.hidden = !card; });
  }

  // The controls, where a page has them (Get help now and the card itself).
  var controls = document.querySelector("[data-card-controls]");
  if (!controls || !cardUrl) return;
  var keepButton = controls.querySelector("[data-card-keep]");
  var forgetButton = controls.querySelector("[data-card-forget]");
  var status = controls.querySelector("[data-card-status]");
  function show(isKept, message) {
    controls.hidden = false;
    keepButton.hidden = isKept;
    forgetButton.hidden = !isKept;
    status.textContent = message || (isKept ? controls.dataset.keptText : controls.dataset.notKeptText);
  }
  kept().then(function (card) { show(!!card); });
  keepButton.addEventListener("click", function () {
    keepButton.disabled = true;
    keep().then(function () { show(true, controls.dataset.justKeptText); forgetButton.focus(); },
                function () { show(false, controls.dataset.failedText); })
      .then(function () { keepButton.disabled = false; });
  });
  forgetButton.addEventListener("click", function () {
    forget().then(function () { show(false, controls.dataset.removedText); keepButton.focus(); });
  });
})();
