/* Thi Đua: the vote's small behaviours. Loaded as a file so the CSP can forbid inline scripts. */
(function () {
  "use strict";

  // The ballot: at most `data-quota` boxes per title; the others are disabled at the limit.
  // The server checks again (the engine refuses a ballot over the quota).
  function enforceQuota(fieldset) {
    var quota = parseInt(fieldset.getAttribute("data-quota"), 10);
    var boxes = fieldset.querySelectorAll("input[type=checkbox]");
    var checked = 0;
    boxes.forEach(function (box) { if (box.checked) { checked += 1; } });
    boxes.forEach(function (box) { box.disabled = !box.checked && checked >= quota; });
    var count = fieldset.querySelector(".ballot-count");
    if (count) { count.textContent = "(" + checked + "/" + quota + ")"; }
  }

  function initBallots(root) {
    root.querySelectorAll("fieldset[data-quota]").forEach(function (fieldset) {
      enforceQuota(fieldset);
      fieldset.addEventListener("change", function () { enforceQuota(fieldset); });
    });
  }

  // The conference screen: count down to the closing time, corrected by the server's clock.
  function pad(n) { return n < 10 ? "0" + n : String(n); }

  function initCountdown(el) {
    var closes = Date.parse(el.getAttribute("data-closes-at"));
    var serverNow = Date.parse(el.getAttribute("data-now"));
    var clock = el.querySelector("[data-countdown-clock]");
    var daysLine = el.querySelector("[data-countdown-days]");
    if (isNaN(closes) || isNaN(serverNow) || !clock) { return; }
    var offset = serverNow - Date.now();
    function tick() {
      var left = Math.floor((closes - (Date.now() + offset)) / 1000);
      if (left <= 0) {
        if (daysLine) { daysLine.textContent = ""; }
        clock.textContent = el.getAttribute("data-over");
        clock.classList.add("is-over");
        return;
      }
      var days = Math.floor(left / 86400);
      var h = Math.floor((left % 86400) / 3600);
      var m = Math.floor((left % 3600) / 60);
      var s = left % 60;
      if (daysLine) { daysLine.textContent = days > 0 ? days + " " + el.getAttribute("data-days") : ""; }
      clock.textContent = pad(h) + ":" + pad(m) + ":" + pad(s);
      window.setTimeout(tick, 1000 - (Date.now() % 1000));
    }
    tick();
  }

  document.addEventListener("DOMContentLoaded", function () {
    initBallots(document);
    document.querySelectorAll("[data-countdown]").forEach(initCountdown);
  });

  // Buttons with data-print print the page (the receipt).
  document.addEventListener("click", function (event) {
    var el = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (el) { window.print(); }
  });
})();
