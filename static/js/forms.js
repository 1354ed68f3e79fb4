// Forms that say their limits and cannot be sent twice by a quick second tap.
// Progressive enhancement: the server already refuses a second submission of one form
// render (core/submissions.py); this only keeps people from waiting on a second request.
(function () {
  "use strict";
  var lang = document.documentElement.lang || undefined;
  var numbers = window.Intl ? new Intl.NumberFormat(lang) : { format: String };

  // --- One submission in flight per form -------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (event.defaultPrevented) return;
    if (form.dataset.submitting) {
      event.preventDefault();
      return;
    }
    form.dataset.submitting = "1";
    // Disable after the browser has read the pressed button's name and value.
    window.setTimeout(function () {
      form.querySelectorAll("button[type='submit'], button:not([type]), input[type='submit']").forEach(function (button) {
        button.disabled = true;
        button.setAttribute("aria-disabled", "true");
      });
    }, 0);
  });
  // Back from the next page (bfcache): the form is usable again.
  window.addEventListener("pageshow", function (event) {
    // A filter form reached by Back keeps the choices made after the page was drawn (the
    // browser restores them, from its page cache or its saved form state), which no longer
    // match the list it shows: back to the values the list was drawn with.
    // Only then: a fresh load may already hold a choice made before it finished loading.
    var navigation = performance.getEntriesByType("navigation")[0];
    if (event.persisted || (navigation && navigation.type === "back_forward")) {
      document.querySelectorAll("form[method='get' i]").forEach(function (form) {
        form.reset();
      });
    }
    if (!event.persisted) return;
    document.querySelectorAll("form[data-submitting]").forEach(function (form) {
      delete form.dataset.submitting;
      form.querySelectorAll("[aria-disabled='true']").forEach(function (button) {
        button.disabled = false;
        button.removeAttribute("aria-disabled");
      });
    });
  });

  // --- Character counters ------------------------------------------------------------
  // The visible counter is described by the field; only crossings are announced, once.
  var announcer = document.createElement("div");
  announcer.className = "visually-hidden";
  announcer.setAttribute("aria-live", "polite");
  document.body.appendChild(announcer);

  function say(text) {
    announcer.textContent = "";
    window.setTimeout(function () { announcer.textContent = text; }, 50);
  }

  document.querySelectorAll("[data-counter][maxlength]").forEach(function (field) {
    var limit = parseInt(field.getAttribute("maxlength"), 10);
    if (!limit) return;
    var counter = document.createElement("div");
    counter.className = "form-text wp-counter";
    counter.id = field.id + "-counter";
    var cut = document.createElement("div");
    cut.className = "form-text wp-counter-cut";
    cut.id = field.id + "-cut";
    cut.hidden = true;
    field.insertAdjacentElement("afterend", cut);
    field.insertAdjacentElement("afterend", counter);
    var described = (field.getAttribute("aria-describedby") || "").split(" ").filter(Boolean);
    described.push(counter.id, cut.id);
    field.setAttribute("aria-describedby", described.join(" "));
    var lastBand = null;

    function band(left) {
      if (left <= 0) return 0;
      if (left <= Math.max(10, Math.round(limit * 0.1))) return 1;
      return 2;
    }
    function update(announce) {
      var left = limit - field.value.length;
      counter.textContent = field.dataset.counter.replace("{left}", numbers.format(Math.max(left, 0)));
      counter.classList.toggle("wp-counter-low", left <= Math.max(10, Math.round(limit * 0.1)));
      var now = band(left);
      if (announce && lastBand !== null && now < lastBand) say(counter.textContent);
      lastBand = now;
    }
    field.addEventListener("input", function () { update(true); });
    field.addEventListener("paste", function (event) {
      var pasted = (event.clipboardData || window.clipboardData).getData("text") || "";
      var selected = (field.selectionEnd || 0) - (field.selectionStart || 0);
      var room = limit - field.value.length + selected;
      if (pasted.length > room) {
        cut.textContent = field.dataset.counterCut.replace("{limit}", numbers.format(limit));
        cut.hidden = false;
        say(cut.textContent);
      } else {
        cut.hidden = true;
      }
    });
    update(false);
  });

  // --- Error summary links move focus to the field, with its label in view ------------
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("[data-error-summary] a[href^='#']");
    if (!link) return;
    var field = document.getElementById(link.getAttribute("href").slice(1));
    // A link to a whole form (or region) keeps the browser's own jump to it.
    if (!field || !field.matches("input, select, textarea, button")) return;
    event.preventDefault();
    var label = document.querySelector("label[for='" + field.id + "']");
    var legend = field.closest("fieldset") && field.closest("fieldset").querySelector("legend");
    (legend || label || field).scrollIntoView({ block: "start" });
    field.focus({ preventScroll: true });
  });
})();
