/* Thi Đua: the conference form's guest rows (remove, move up and down) and the usual
   title of the chosen kind of conference shown as the title's placeholder.
   Loaded as a file: the CSP forbids inline scripts. */
(function () {
  "use strict";

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) {
      return;
    }
    var remove = target.closest("[data-guest-remove]");
    var move = target.closest("[data-guest-move]");
    var row = (remove || move) ? (remove || move).closest("[data-guest-row]") : null;
    if (!row) {
      return;
    }
    event.preventDefault();
    if (remove) {
      row.remove();
      return;
    }
    if (move.getAttribute("data-guest-move") === "up" && row.previousElementSibling) {
      row.parentNode.insertBefore(row, row.previousElementSibling);
    } else if (move.getAttribute("data-guest-move") === "down" && row.nextElementSibling) {
      row.parentNode.insertBefore(row.nextElementSibling, row);
    }
    move.focus();
  });

  // A row added by HTMX: put the cursor in its rank field.
  document.addEventListener("htmx:afterSwap", function (event) {
    var box = event.detail && event.detail.target;
    if (box && box.id === "guest-rows" && box.lastElementChild) {
      var first = box.lastElementChild.querySelector("input[type=text]");
      if (first) {
        first.focus();
      }
    }
  });

  function titles() {
    var data = document.getElementById("default-titles");
    try {
      return data ? JSON.parse(data.textContent) : null;
    } catch (error) {
      return null;
    }
  }

  function showDefaultTitle() {
    var known = titles();
    var kind = document.querySelector(".conference-form select[name=kind]");
    var title = document.querySelector(".conference-form input[name=title]");
    if (known && kind && title && known[kind.value]) {
      title.placeholder = known[kind.value];
    }
  }

  document.addEventListener("change", function (event) {
    if (event.target instanceof HTMLSelectElement && event.target.name === "kind") {
      showDefaultTitle();
    }
  });
  document.addEventListener("DOMContentLoaded", showDefaultTitle);
})();
