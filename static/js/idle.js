// Staff sessions end after some idle minutes (the server decides; see accounts/middleware.py).
// Two minutes before, show a warning whose button keeps the session, and move focus to it so
// a keyboard or screen-reader user can act. When the time is up, leave the page so the
// records on it are not left on screen. Without this script the session ends all the same.
(function () {
  "use strict";
  var box = document.getElementById("idle-warning");
  if (!box) { return; }
  var minutes = parseInt(box.getAttribute("data-idle-minutes"), 10);
  if (!(minutes > 2)) { return; }
  var WARN_BEFORE = 2 * 60 * 1000;
  var form = box.querySelector("form[data-stay-signed-in]");
  var button = form.querySelector("button");
  var warnTimer, endTimer, returnFocus;

  function start() {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(warn, minutes * 60 * 1000 - WARN_BEFORE);
    endTimer = setTimeout(end, minutes * 60 * 1000 + 5000);
  }
  function warn() {
    returnFocus = document.activeElement;
    box.hidden = false;
    button.focus();
  }
  function end() {
    // The server has ended the session by now: loading the page shows the sign-in page.
    window.location.assign(window.location.pathname + window.location.search);
  }
  form.addEventListener("submit", function (event) {
    if (!window.fetch) { return; }  // plain form post: the server sends the page back
    event.preventDefault();
    fetch(form.action, {
      method: "POST",
      body: new FormData(form),
      headers: { "X-Requested-With": "fetch" },
      credentials: "same-origin"
    }).then(function (response) {
      if (response.status === 204) {
        box.hidden = true;
        if (returnFocus && returnFocus.focus) { returnFocus.focus(); }
        start();
      } else {
        end();
      }
    }, end);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && !box.hidden) { button.click(); }
  });
  start();
})();
