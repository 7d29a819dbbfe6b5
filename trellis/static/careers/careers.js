// Character counters for limited text fields: "12 / 2000" beside each field.
(function () {
  function attach(field) {
    if (field.dataset.counterReady) return;
    field.dataset.counterReady = "1";
    var out = document.createElement("small");
    out.className = "counter";
    out.setAttribute("aria-live", "polite");
    field.insertAdjacentElement("afterend", out);
    function update() {
      out.textContent = field.value.length + " / " + field.maxLength;
      out.classList.toggle("near", field.value.length > field.maxLength * 0.9);
    }
    field.addEventListener("input", update);
    update();
  }
  function scan(root) {
    root.querySelectorAll("[data-counter]").forEach(attach);
  }
  document.addEventListener("DOMContentLoaded", function () { scan(document); });
  document.addEventListener("htmx:afterSwap", function (event) { scan(event.target); });
})();
