// The time-zone picker's search box (accounts.forms.TimezoneField). Without this script the
// select still works: common zones first, then every place, in order.
(function () {
  "use strict";
  function words(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }
  document.querySelectorAll("select[data-zone-search]").forEach(function (select) {
    var id = select.id + "-search";
    var wrap = document.createElement("div");
    wrap.className = "mb-2 zone-search";
    var label = document.createElement("label");
    label.className = "form-label";
    label.htmlFor = id;
    label.textContent = select.dataset.zoneSearch;
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "form-control";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", select.id);
    var hint = document.createElement("div");
    hint.className = "form-text";
    hint.id = id + "-hint";
    hint.textContent = select.dataset.zoneHint;
    hint.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", hint.id);
    wrap.append(label, input, hint);
    select.parentNode.insertBefore(wrap, select);

    // Enter in a search box searches: here it goes on to the choice it found instead of
    // submitting the form around it, which would save a zone the person has not looked at
    // (and move their reminders and their check-in day with it).
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });

    input.addEventListener("input", function () {
      var query = words(input.value.trim());
      var first = null;
      select.querySelectorAll("option").forEach(function (option) {
        var match = !query || words(option.textContent + " " + option.value).includes(query);
        option.hidden = !match;
        if (match && !first) first = option;
      });
      select.querySelectorAll("optgroup").forEach(function (group) {
        group.hidden = !group.querySelector("option:not([hidden])");
      });
      // The first match is chosen, so what the select shows is always something that matches.
      if (first && select.selectedOptions[0] && select.selectedOptions[0].hidden) {
        first.selected = true;
      }
      var chosen = select.selectedOptions[0];
      hint.textContent = !query ? select.dataset.zoneHint
        : first ? select.dataset.zoneChosen.replace("{zone}", chosen.textContent)
        : select.dataset.zoneNone;
    });
  });
})();
