// The year-end report page: buttons with data-print print the page (print.css and the
// print rules of yearend.css lay it out as the document).
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (el) { window.print(); }
  });
})();
