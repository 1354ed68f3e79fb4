// Small keyboard and screen-reader helpers used on every page.
(function () {
  "use strict";
  // Links styled as buttons (they still work without JavaScript) answer Space like buttons.
  document.addEventListener("keydown", function (event) {
    var target = event.target;
    if (event.key === " " && target.matches && target.matches("a[role='button']")) {
      event.preventDefault();
      target.click();
    }
  });
  // After a failed save, move focus to the summary of what needs changing, so it is read out.
  var summary = document.querySelector("[data-error-summary]");
  if (summary) {
    summary.setAttribute("tabindex", "-1");
    summary.focus();
  }
})();
// The print button (the page's CSP allows no inline onclick).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("[data-print]");
  if (button) window.print();
});
// Disclosures marked data-open-wide (the redisclosure notice's full text) are open where there
// is room, and for printing: a printed record carries its whole notice.
(function () {
  "use strict";
  function openAll() {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
      details.open = true;
    });
  }
  if (window.matchMedia("(min-width: 768px)").matches) openAll();
  window.addEventListener("beforeprint", openAll);
})();
