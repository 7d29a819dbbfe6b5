// Behaviour that would otherwise sit inline in the pages (the CSP refuses inline script and
// inline style): bar widths and heat levels given as data attributes, print buttons and the
// navigation's menus.
(function () {
  function clampPercent(value) {
    var n = parseFloat(value);
    if (!isFinite(n)) return 0;
    return Math.max(0, Math.min(100, n));
  }
  function apply(root) {
    root.querySelectorAll("[data-width]").forEach(function (el) {
      el.style.width = clampPercent(el.dataset.width) + "%";
    });
    root.querySelectorAll("[data-heat]").forEach(function (el) {
      el.style.setProperty("--heat", clampPercent(el.dataset.heat) + "%");
    });
  }
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target.closest("[data-print]") : null;
    if (target) window.print();
  });
  // The main navigation's menus: one open at a time, closed by a click elsewhere or Escape.
  function closeMenus(except) {
    document.querySelectorAll("details.menu[open]").forEach(function (menu) {
      if (menu !== except) menu.removeAttribute("open");
    });
  }
  document.addEventListener("toggle", function (event) {
    var menu = event.target;
    if (menu instanceof Element && menu.matches("details.menu") && menu.open) closeMenus(menu);
  }, true);
  document.addEventListener("click", function (event) {
    var inside = event.target instanceof Element ? event.target.closest("details.menu") : null;
    closeMenus(inside);
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var open = document.querySelector("details.menu[open]");
    if (!open) return;
    closeMenus(null);
    open.querySelector("summary").focus();
  });
  if (window.htmx) {
    // Runs for the page once loaded and for every piece of content htmx swaps in.
    window.htmx.onLoad(apply);
  } else {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  }
})();
