/* Thi Đua: behaviour of the reporting pages beyond htmx. Loaded as a file (strict CSP).
   - the entry grid moves like a spreadsheet: Enter goes down the column, Shift+Enter up
     (Tab and Shift+Tab move across, as browsers do);
   - numbers are shown the Vietnamese way (1.234,5) when the cursor leaves a cell;
   - rows changed since the last save are marked, and leaving the page with unsaved
     changes asks first;
   - the indicator chart is drawn from the JSON the page carries (vendored Chart.js).
   Everything works without it: the grid is a plain form, the table under the chart has
   every number. */
(function () {
  "use strict";

  // --- Numbers --------------------------------------------------------------------------

  // "1234.5", "1.234,5", "1 234,5" → 1234.5 as text "1234.5"; null when not a number.
  function parseVi(text) {
    var raw = String(text).trim().replace(/\s/g, "");
    if (!raw) return null;
    if (/^\d+(\.\d{3})*(,\d+)?$/.test(raw)) return raw.replace(/\./g, "").replace(",", ".");
    if (/^\d+(,\d+)?$/.test(raw)) return raw.replace(",", ".");
    if (/^\d+\.\d+$/.test(raw) && !/^\d{1,3}\.\d{3}$/.test(raw)) return raw; // 12.5 typed the English way
    return null;
  }

  function formatVi(plain) {
    var parts = plain.split(".");
    var whole = parts[0].replace(/^0+(?=\d)/, "").replace(/\B(?=(\d{3})+(?!\d))/g, ".");
    var fraction = parts[1] ? parts[1].replace(/0+$/, "") : "";
    return fraction ? whole + "," + fraction : whole;
  }

  function reformat(input) {
    var plain = parseVi(input.value);
    if (plain !== null) input.value = formatVi(plain);
  }

  // --- The grid -------------------------------------------------------------------------

  function cellsOfColumn(grid, col) {
    return Array.prototype.slice.call(grid.querySelectorAll("[data-col='" + col + "']"));
  }

  document.addEventListener("keydown", function (event) {
    var el = event.target;
    if (!(el instanceof HTMLElement) || event.key !== "Enter" || event.altKey || event.ctrlKey || event.metaKey) return;
    var grid = el.closest("[data-rep-grid]");
    if (!grid || !el.hasAttribute("data-col")) return;
    if (el.tagName === "TEXTAREA" && !event.shiftKey && event.target.value.indexOf("\n") >= 0) return;
    event.preventDefault();
    var column = cellsOfColumn(grid, el.getAttribute("data-col"));
    var index = column.indexOf(el);
    var next = column[index + (event.shiftKey ? -1 : 1)];
    if (next) {
      next.focus();
      if (typeof next.select === "function") next.select();
    }
  });

  document.addEventListener("focusout", function (event) {
    var el = event.target;
    if (el instanceof HTMLInputElement && el.classList.contains("rep-num") && el.closest("[data-rep-grid]")) {
      reformat(el);
    }
  });

  var dirty = false;
  document.addEventListener("input", function (event) {
    var el = event.target;
    var grid = el instanceof HTMLElement ? el.closest("[data-rep-grid]") : null;
    if (!grid) return;
    dirty = true;
    var row = el.closest("tr");
    if (row) row.classList.add("rep-row-dirty");
    var note = grid.querySelector("[data-rep-dirty]");
    if (note) note.classList.remove("d-none");
  });
  document.addEventListener("submit", function (event) {
    if (event.target instanceof HTMLElement && event.target.matches("[data-rep-grid]")) dirty = false;
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target instanceof HTMLElement && event.target.matches("[data-rep-grid]")) {
      dirty = event.target.querySelector(".rep-row-error") !== null;
    }
  });
  window.addEventListener("beforeunload", function (event) {
    if (dirty) {
      event.preventDefault();
      event.returnValue = "";
    }
  });

  // --- The indicator chart ----------------------------------------------------------------

  var COLORS = {
    actual: "rgba(31, 95, 174, 0.35)",
    actual_ytd: "#1f5fae",
    baseline: "rgba(120, 120, 120, 0.25)",
    baseline_ytd: "#8a8a8a",
    target: "#c0392b"
  };

  function numberText(value, rate) {
    if (value === null || value === undefined) return "—";
    var text = formatVi(String(Math.round(value * 100) / 100));
    return rate ? text + "%" : text;
  }

  function drawChart(canvas) {
    if (typeof window.Chart === "undefined") return;
    var source = document.getElementById(canvas.getAttribute("data-rep-chart"));
    if (!source) return;
    var data = JSON.parse(source.textContent);
    var lines = ["actual_ytd", "baseline_ytd", "target"];
    var bars = data.rate ? [] : ["actual", "baseline"];
    var datasets = bars.map(function (key) {
      return { type: "bar", label: data.names[key], data: data[key], backgroundColor: COLORS[key], order: 3 };
    }).concat(lines.map(function (key) {
      return {
        type: "line", label: data.names[key], data: data[key], borderColor: COLORS[key],
        backgroundColor: COLORS[key], borderDash: key === "target" ? [6, 4] : (key === "baseline_ytd" ? [2, 3] : []),
        pointRadius: key === "target" ? 0 : 3, spanGaps: false, tension: 0, order: 1
      };
    }));
    new window.Chart(canvas, {
      data: { labels: data.labels, datasets: datasets },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        interaction: { mode: "index", intersect: false },
        scales: { y: { beginAtZero: true, ticks: { callback: function (v) { return numberText(v, data.rate); } } } },
        plugins: { tooltip: { callbacks: { label: function (ctx) { return ctx.dataset.label + ": " + numberText(ctx.parsed.y, data.rate); } } } }
      }
    });
  }

  function init() {
    document.querySelectorAll("canvas[data-rep-chart]").forEach(drawChart);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init); else init();
})();
