// The people picker (trellis/org/widgets.py): arrows move through the suggestions, Enter or a
// click picks one, Escape closes the list; a chosen person's button removes them.
(function () {
  function pickerOf(el) { return el instanceof Element ? el.closest("[data-picker]") : null; }
  function options(picker) {
    return Array.prototype.slice.call(picker.querySelectorAll("[role=option]"));
  }
  function box(picker) { return picker.querySelector("input[role=combobox]"); }
  function close(picker) {
    picker.querySelector("[role=listbox]").innerHTML = "";
    var input = box(picker);
    input.setAttribute("aria-expanded", "false");
    input.removeAttribute("aria-activedescendant");
  }
  function move(picker, step) {
    var opts = options(picker);
    if (!opts.length) return;
    var current = opts.findIndex(function (o) { return o.classList.contains("active"); });
    var next = current < 0 ? (step > 0 ? 0 : opts.length - 1)
      : (current + step + opts.length) % opts.length;
    opts.forEach(function (o) { o.classList.remove("active"); o.setAttribute("aria-selected", "false"); });
    opts[next].classList.add("active");
    opts[next].setAttribute("aria-selected", "true");
    box(picker).setAttribute("aria-activedescendant", opts[next].id);
  }
  function choose(picker, option) {
    var id = option.dataset.pickId, label = option.dataset.pickLabel, input = box(picker);
    if (picker.dataset.pickerMulti) {
      var list = picker.querySelector("[data-picker-chosen]");
      var name = picker.dataset.pickerName;
      if (!list.querySelector("input[value='" + id + "']")) {
        var li = document.createElement("li");
        li.appendChild(document.createTextNode(label + " "));
        var hidden = document.createElement("input");
        hidden.type = "hidden"; hidden.name = name; hidden.value = id;
        var remove = document.createElement("button");
        remove.type = "button"; remove.className = "link"; remove.textContent = "×";
        remove.setAttribute("data-pick-remove", "");
        remove.setAttribute("aria-label", "Remove " + label);
        li.appendChild(hidden); li.appendChild(remove);
        list.appendChild(li);
      }
      input.value = "";
    } else {
      picker.querySelector("[data-picker-value]").value = id;
      input.value = label;
    }
    close(picker);
    input.focus();
  }
  document.addEventListener("keydown", function (event) {
    var picker = pickerOf(event.target);
    if (!picker || event.target !== box(picker)) return;
    if (event.key === "ArrowDown" || event.key === "ArrowUp") {
      event.preventDefault();
      move(picker, event.key === "ArrowDown" ? 1 : -1);
    } else if (event.key === "Enter") {
      var active = picker.querySelector("[role=option].active") ||
        (options(picker).length === 1 ? options(picker)[0] : null);
      event.preventDefault();  // Enter picks; it never submits the form from the box
      if (active) choose(picker, active);
    } else if (event.key === "Escape") {
      close(picker);
    }
  });
  document.addEventListener("input", function (event) {
    var picker = pickerOf(event.target);
    if (picker && !picker.dataset.pickerMulti && event.target === box(picker)) {
      picker.querySelector("[data-picker-value]").value = "";  // typing unpicks
    }
  });
  document.addEventListener("click", function (event) {
    var target = event.target instanceof Element ? event.target : null;
    var picker = pickerOf(target);
    if (!target || !picker) return;
    var option = target.closest("[role=option]");
    if (option) { choose(picker, option); return; }
    if (target.closest("[data-pick-remove]")) {
      event.preventDefault();
      target.closest("li").remove();
      box(picker).focus();
    }
  });
  document.addEventListener("htmx:afterSwap", function (event) {
    var picker = pickerOf(event.target);
    if (!picker) return;
    var input = box(picker);
    input.removeAttribute("aria-activedescendant");
    input.setAttribute("aria-expanded", options(picker).length ? "true" : "false");
  });
})();
