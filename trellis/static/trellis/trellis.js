// Behaviour that would otherwise sit inline in the pages (the CSP refuses inline script and
// inline style): bar widths and heat levels given as data attributes, and print buttons.
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
  if (window.htmx) {
    // Runs for the page once loaded and for every piece of content htmx swaps in.
    window.htmx.onLoad(apply);
  } else {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  }
})();
