// Move plan lines up and down on a phone; the position numbers still work without this.
(function () {
  "use strict";
  var list = document.querySelector(".plan-items");
  if (!list) return;

  function renumber() {
    list.querySelectorAll(".plan-item").forEach(function (item, index) {
      // The legend names the line by where it is now ("Line 2"), not where it started.
      var legend = item.querySelector("legend[data-label]");
      if (legend) legend.textContent = legend.dataset.label.replace("{n}", index + 1);
      var order = item.querySelector('input[name$="-ORDER"]');
      if (order && (order.value !== "" || item.querySelector('input[name$="-id"]').value)) {
        order.value = index + 1;
      }
    });
  }

  list.addEventListener("click", function (event) {
    var button = event.target.closest("button[data-move]");
    if (!button) return;
    var item = button.closest(".plan-item");
    var sibling = button.dataset.move === "up" ? item.previousElementSibling : item.nextElementSibling;
    if (!sibling) return;
    if (button.dataset.move === "up") list.insertBefore(item, sibling);
    else list.insertBefore(sibling, item);
    renumber();
    button.focus();
    var status = document.getElementById("move-status");
    if (status) status.textContent = button.dataset.moved;
  });

  list.querySelectorAll(".move-buttons").forEach(function (group) {
    group.hidden = false;
  });
})();
