/* Thi Đua: behaviour of the covenant pages beyond htmx. Loaded as a file (strict CSP).
   - collapse and expand groups of the criteria tree, remembered per covenant for the tab;
   - show only the fields that matter for the chosen kind, target shape and unit-target mode.
   Everything works without it: all rows and fields are then simply shown. */
(function () {
  "use strict";

  // --- The criteria tree -------------------------------------------------------------

  function storageKey(table) {
    return "thidua:covenant-tree:" + table.getAttribute("data-cov-tree");
  }

  function collapsedSet(table) {
    try {
      var stored = window.sessionStorage.getItem(storageKey(table));
      return new Set(stored ? JSON.parse(stored) : []);
    } catch (error) {
      return new Set();
    }
  }

  function saveCollapsed(table, collapsed) {
    try {
      window.sessionStorage.setItem(storageKey(table), JSON.stringify(Array.from(collapsed)));
    } catch (error) {
      /* Private mode: the state is simply not remembered. */
    }
  }

  function applyTree(table, collapsed) {
    table.querySelectorAll("tr[data-criterion]").forEach(function (row) {
      var ancestors = (row.getAttribute("data-ancestors") || "").split(" ").filter(Boolean);
      var hidden = ancestors.some(function (id) { return collapsed.has(id); });
      row.classList.toggle("is-hidden", hidden);
      var toggle = row.querySelector("[data-cov-toggle]");
      if (toggle) {
        toggle.setAttribute("aria-expanded", collapsed.has(toggle.getAttribute("data-cov-toggle")) ? "false" : "true");
      }
    });
  }

  function initTrees(root) {
    root.querySelectorAll("table[data-cov-tree]").forEach(function (table) {
      applyTree(table, collapsedSet(table));
    });
  }

  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (!target) return;
    var table = target.closest("table[data-cov-tree]");
    if (!table) return;
    var toggle = target.closest("[data-cov-toggle]");
    var collapsed = collapsedSet(table);
    if (toggle) {
      var id = toggle.getAttribute("data-cov-toggle");
      if (collapsed.has(id)) collapsed.delete(id); else collapsed.add(id);
    } else if (target.closest("[data-cov-collapse-all]")) {
      table.querySelectorAll("[data-cov-toggle]").forEach(function (button) {
        collapsed.add(button.getAttribute("data-cov-toggle"));
      });
    } else if (target.closest("[data-cov-expand-all]")) {
      collapsed.clear();
    } else {
      return;
    }
    saveCollapsed(table, collapsed);
    applyTree(table, collapsed);
  });

  // --- Fields that depend on the kind, the shape and the mode ------------------------

  function words(element, name) {
    return (element.getAttribute(name) || "").split(" ").filter(Boolean);
  }

  function selectedValue(form, selector) {
    var field = form.querySelector(selector);
    if (!field) return null;
    if (field.type === "radio") {
      var checked = form.querySelector(selector + ":checked");
      return checked ? checked.value : "";
    }
    return field.value;
  }

  function applyForm(form) {
    var kind = selectedValue(form, "[data-kind-select]");
    var shape = selectedValue(form, "[data-shape-select]");
    var mode = selectedValue(form, "[data-mode-select]");
    if (kind !== null) {
      form.querySelectorAll("[data-kinds]").forEach(function (section) {
        section.classList.toggle("is-hidden", words(section, "data-kinds").indexOf(kind) < 0);
      });
    }
    if (shape !== null) {
      form.querySelectorAll("[data-shapes]").forEach(function (section) {
        section.classList.toggle("is-hidden", words(section, "data-shapes").indexOf(shape) < 0);
      });
    }
    if (mode !== null) {
      form.querySelectorAll("[data-modes]").forEach(function (section) {
        section.classList.toggle("is-hidden", words(section, "data-modes").indexOf(mode) < 0);
      });
    }
  }

  function initForms(root) {
    var forms = root.querySelectorAll ? root.querySelectorAll("form") : [];
    forms.forEach(applyForm);
    if (root instanceof HTMLFormElement) applyForm(root);
    var form = root instanceof Element ? root.closest("form") : null;
    if (form) applyForm(form);
  }

  document.addEventListener("change", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    if (target && target.matches("[data-kind-select], [data-shape-select], [data-mode-select]") && target.form) {
      applyForm(target.form);
    }
  });

  // htmx:load fires for the page and for every piece of content htmx swaps in.
  document.addEventListener("htmx:load", function (event) {
    var root = event.target instanceof Element ? event.target : document;
    initTrees(document);
    initForms(root);
  });
  document.addEventListener("DOMContentLoaded", function () {
    initTrees(document);
    initForms(document);
  });
})();
