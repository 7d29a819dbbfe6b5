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
  // The header's search: arrows move through the suggestions, Enter opens one, Escape closes.
  function suggestions() {
    return Array.prototype.slice.call(document.querySelectorAll("#global-suggest [role=option]"));
  }
  function setExpanded(input) {
    input.setAttribute("aria-expanded", suggestions().length ? "true" : "false");
  }
  function moveActive(input, step) {
    var options = suggestions();
    if (!options.length) return;
    var current = options.findIndex(function (o) { return o.classList.contains("active"); });
    var next = current < 0 ? (step > 0 ? 0 : options.length - 1)
      : (current + step + options.length) % options.length;
    options.forEach(function (o) { o.classList.remove("active"); o.removeAttribute("aria-selected"); });
    options[next].classList.add("active");
    options[next].setAttribute("aria-selected", "true");
    input.setAttribute("aria-activedescendant", options[next].id);
  }
  function closeSuggestions(input) {
    var box = document.getElementById("global-suggest");
    if (box) box.innerHTML = "";
    input.removeAttribute("aria-activedescendant");
    setExpanded(input);
  }
  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!(input instanceof HTMLInputElement) || input.id !== "global-q") return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      moveActive(input, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      var active = document.querySelector("#global-suggest [role=option].active");
      if (active) { event.preventDefault(); window.location.assign(active.href); }
    } else if (event.key === "Escape") {
      closeSuggestions(input);
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    if (event.target && event.target.id === "global-suggest") {
      var input = document.getElementById("global-q");
      if (input) { input.removeAttribute("aria-activedescendant"); setExpanded(input); }
    }
  });
  document.addEventListener("click", function (event) {
    var input = document.getElementById("global-q");
    if (input && !(event.target instanceof Element && event.target.closest(".globalsearch"))) {
      if (suggestions().length) closeSuggestions(input);
    }
  });
  if (window.htmx) {
    // Runs for the page once loaded and for every piece of content htmx swaps in.
    window.htmx.onLoad(apply);
  } else {
    document.addEventListener("DOMContentLoaded", function () { apply(document); });
  }
})();
