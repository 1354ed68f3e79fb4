// Reminders as notifications on this phone (reminders/push.py): asks the browser's
// permission, subscribes through the service worker with our VAPID public key, and sends
// the subscription to Waypoint; or unsubscribes and asks Waypoint to forget it. Where the
// browser cannot take notifications, the section stays hidden.
(function () {
  "use strict";
  var section = document.getElementById("push");
  if (!section) return;
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window)) {
    return;
  }
  var start = section.querySelector("[data-push-start]");
  var stop = section.querySelector("[data-push-stop]");
  var status = section.querySelector("[data-push-status]");
  var token = section.querySelector("input[name=csrfmiddlewaretoken]").value;

  function key(base64url) {
    // The VAPID public key as bytes (applicationServerKey).
    var padded = (base64url + "===".slice((base64url.length + 3) % 4)).replace(/-/g, "+").replace(/_/g, "/");
    var raw = atob(padded);
    var bytes = new Uint8Array(raw.length);
    for (var i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
    return bytes;
  }
  function say(text) { status.textContent = text || ""; }
  function show(subscribed) {
    start.hidden = subscribed;
    stop.hidden = !subscribed;
  }
  function post(url, body) {
    return fetch(url, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": token },
      body: JSON.stringify(body)
    }).then(function (response) {
      if (!response.ok) throw new Error("refused");
      // The page shows the result (and, once subscribed, offers the choice in the form).
      window.location.reload();
    });
  }
  function busy(button, on) {
    button.disabled = on;
    if (on) say(section.dataset.working);
  }

  navigator.serviceWorker.ready.then(function (registration) {
    section.hidden = false;
    return registration.pushManager.getSubscription().then(function (current) {
      show(Boolean(current));
    });
  }).catch(function () { /* no worker: the section stays hidden */ });

  start.addEventListener("click", function () {
    busy(start, true);
    Notification.requestPermission().then(function (answer) {
      if (answer !== "granted") {
        busy(start, false);
        say(section.dataset.denied);
        return null;
      }
      return navigator.serviceWorker.ready.then(function (registration) {
        return registration.pushManager.subscribe({
          userVisibleOnly: true,
          applicationServerKey: key(section.dataset.pushKey)
        });
      }).then(function (subscription) {
        return post(section.dataset.subscribeUrl, subscription.toJSON()).catch(function (error) {
          // Waypoint did not keep it: undo it here too, so this page and the phone agree.
          return subscription.unsubscribe().then(function () { throw error; });
        });
      });
    }).catch(function () {
      busy(start, false);
      say(section.dataset.failed);
    });
  });

  stop.addEventListener("click", function () {
    busy(stop, true);
    navigator.serviceWorker.ready.then(function (registration) {
      return registration.pushManager.getSubscription();
    }).then(function (subscription) {
      if (!subscription) { show(false); busy(stop, false); say(""); return null; }
      var endpoint = subscription.endpoint;
      // Off in the browser first: even if Waypoint cannot be reached now, nothing shows here.
      return subscription.unsubscribe().then(function () {
        return post(section.dataset.unsubscribeUrl, { endpoint: endpoint });
      });
    }).catch(function () {
      busy(stop, false);
      say(section.dataset.failed);
    });
  });
})();
