/* Thi Đua: behaviour of the scoring pages beyond htmx. Loaded as a file (strict CSP):
   positions and widths come from data attributes (inline styles are not allowed), and the
   unit profile's charts are drawn from the JSON the page carries (vendored Chart.js).
   Without it the tables still carry every number. */
(function () {
  "use strict";

  function clamp(value) { return Math.max(0, Math.min(100, value)); }

  function layout(root) {
    root.querySelectorAll(".sc-dist-dot[data-p]").forEach(function (dot) {
      dot.style.left = clamp(parseFloat(dot.getAttribute("data-p"))) + "%";
    });
    root.querySelectorAll(".sc-progress-bar[data-total]").forEach(function (bar) {
      var total = parseFloat(bar.getAttribute("data-total"));
      var done = parseFloat(bar.getAttribute("data-done"));
      bar.style.width = (total > 0 ? clamp(done / total * 100) : 0) + "%";
    });
  }

  function percentText(value) {
    if (value === null || value === undefined) return "—";
    return String(Math.round(value * 100) / 100).replace(".", ",") + "%";
  }

  function charts() {
    var source = document.getElementById("sc-chart-data");
    if (!source || typeof window.Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var trend = document.querySelector("canvas[data-sc-chart='trend']");
    if (trend) {
      new window.Chart(trend, {
        type: "line",
        data: { labels: data.labels, datasets: [{ label: data.names.percent, data: data.percent, borderColor: "#b3261e", backgroundColor: "#b3261e", tension: 0 }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false,
          scales: { y: { suggestedMin: 50, suggestedMax: 100, ticks: { callback: percentText } } },
          plugins: { tooltip: { callbacks: { label: function (ctx) { return percentText(ctx.parsed.y); } } } } }
      });
    }
    var groups = document.querySelector("canvas[data-sc-chart='groups']");
    if (groups) {
      new window.Chart(groups, {
        type: "bar",
        data: { labels: data.groups, datasets: [{ label: data.names.group, data: data.group_share, backgroundColor: "#1f5fae" }] },
        options: { responsive: true, maintainAspectRatio: false, animation: false, indexAxis: "y",
          scales: { x: { min: 0, max: 100, ticks: { callback: percentText } } },
          plugins: { tooltip: { callbacks: { label: function (ctx) { return percentText(ctx.parsed.x); } } } } }
      });
    }
  }

  function init() { layout(document); charts(); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
  document.addEventListener("htmx:afterSwap", function (event) { if (event.target instanceof Element) layout(event.target); });
})();
