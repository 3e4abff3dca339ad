/* Awards: a collective's form hides the person's fields (they are not part of it). */
(function () {
  "use strict";
  function sync(form) {
    var checked = form.querySelector("input[name=recipient]:checked");
    var person = form.querySelector("[data-awd-person]");
    if (person) {
      person.hidden = !checked || checked.value !== "person";
    }
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-awd-recipient-form]").forEach(function (form) {
      sync(form);
      form.addEventListener("change", function (event) {
        if (event.target instanceof HTMLInputElement && event.target.name === "recipient") {
          sync(form);
        }
      });
    });
  });
})();
