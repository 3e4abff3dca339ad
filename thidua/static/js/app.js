/* Thi Đua: small behaviours. Loaded as a file so the CSP can forbid inline scripts. */
(function () {
  "use strict";
  // Elements with data-autosubmit submit their form when changed.
  document.addEventListener("change", function (event) {
    var el = event.target;
    if (el instanceof HTMLElement && el.dataset.autosubmit !== undefined && el.form) {
      el.form.requestSubmit();
    }
  });
  // Buttons with data-confirm ask before submitting.
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-confirm]") : null;
    if (el && !window.confirm(el.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
