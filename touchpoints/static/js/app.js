// Small helpers shared by all pages: select-all checkboxes and the bulk-edit selection.
document.addEventListener("change", function (event) {
  var box = event.target;
  if (box.matches("[data-select-all]")) {
    document.querySelectorAll(box.getAttribute("data-select-all")).forEach(function (b) { b.checked = box.checked; });
  }
  if (box.matches("[data-select-all], .select-row")) {
    var n = document.querySelectorAll(".select-row:checked").length;
    document.querySelectorAll("[data-selected-count]").forEach(function (el) { el.textContent = n; });
  }
});
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (!form.matches("[data-bulk]")) return;
  var ids = Array.prototype.map.call(document.querySelectorAll(".select-row:checked"), function (b) { return b.value; });
  form.querySelector("input[name=ids]").value = ids.join(",");
  if (!ids.length) { event.preventDefault(); alert(form.getAttribute("data-empty-message")); }
});
// Confirmations without inline handlers (the Content-Security-Policy allows no onclick=/onsubmit=):
// a form or a button with data-confirm="question" asks before it submits (the journey board's
// forms, class board-form, ask in journeys.js).
document.addEventListener("click", function (event) {
  var button = event.target.closest && event.target.closest("button[data-confirm], input[type=submit][data-confirm]");
  if (button && !button.closest(".board-form") && !window.confirm(button.getAttribute("data-confirm"))) { event.preventDefault(); event.stopPropagation(); }
}, true);
document.addEventListener("submit", function (event) {
  var form = event.target;
  if (form.matches("form[data-confirm]:not(.board-form)") && !window.confirm(form.getAttribute("data-confirm"))) event.preventDefault();
}, true);
// An element marked data-remove-after-request goes away once its htmx request is answered
// (the "▸ N" button of the tree, replaced by the rows it loaded).
document.addEventListener("htmx:afterRequest", function (event) {
  var elt = event.detail && event.detail.elt;
  if (elt && elt.matches && elt.matches("[data-remove-after-request]")) elt.remove();
});
// "Copy link" buttons next to a read-only field (invitation links); without JS the field is selectable.
document.querySelectorAll("[data-copy]").forEach(function (button) {
  var field = button.parentNode.querySelector("[data-copy-source]");
  if (!field || !navigator.clipboard) return;
  button.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(field.value).then(function () {
      button.textContent = button.getAttribute("data-copied-label");
    });
  });
});
document.addEventListener("focusin", function (event) {
  if (event.target.matches("[data-copy-source]")) event.target.select();
});

// A select marked data-autosubmit submits its form when changed (the form also has a button for
// use without JavaScript).
document.addEventListener("change", function (event) {
  if (event.target.matches && event.target.matches("select[data-autosubmit]") && event.target.form) event.target.form.submit();
});
// On a phone the sections of a workspace fold under a "Menu" button (CSS shows it under 700 px).
(function () {
  var toggle = document.querySelector(".nav-toggle");
  if (!toggle) return;
  var bar = toggle.closest(".topbar");
  bar.classList.add("nav-collapsible");
  toggle.hidden = false;
  toggle.addEventListener("click", function () {
    var open = bar.classList.toggle("nav-open");
    toggle.setAttribute("aria-expanded", open ? "true" : "false");
  });
})();
// A table (or the analytics process graph) wider than the screen scrolls inside its frame: a keyboard can reach the
// frame to scroll it when nothing in the table takes the focus. Checked again when a hidden table
// is shown (a <details> opened) or HTMX swaps content in.
(function () {
  function reachable(root) {
    (root || document).querySelectorAll(".table-wrap, .an-dfg").forEach(function (wrap) {
      if (wrap.hasAttribute("tabindex") || wrap.scrollWidth <= wrap.clientWidth + 1) return;
      if (wrap.querySelector("a[href], button, input, select, textarea, [tabindex]")) return;
      wrap.tabIndex = 0;
    });
  }
  window.addEventListener("load", function () { reachable(document); });
  var resized = null;  // once the resizing stops, not on each of its events
  window.addEventListener("resize", function () {
    clearTimeout(resized);
    resized = setTimeout(function () { reachable(document); }, 150);
  });
  document.addEventListener("toggle", function (event) { reachable(event.target); }, true);
  document.addEventListener("htmx:afterSettle", function (event) { reachable(event.target); });
})();
// A long list of checkboxes (lib.forms.Checklist; the tools stand just before the list) gets a
// search box that hides the choices not matching it, ignoring case and accents, a box that ticks
// or unticks the ones shown, and the count ticked.
(function () {
  function plain(text) {
    return text.toLowerCase().normalize("NFD").replace(/[\u0300-\u036f]/g, "").trim();
  }
  document.querySelectorAll("[data-checklist]").forEach(function (tools) {
    var list = tools.nextElementSibling;
    if (!list) return;
    var filter = tools.querySelector("[data-checklist-filter]"), all = tools.querySelector("[data-checklist-all]");
    var boxes = Array.prototype.slice.call(list.querySelectorAll("input[type=checkbox]"));
    function row(box) { return box.closest("label").parentNode; }  // Django draws each choice in a <div>
    function shown() { return boxes.filter(function (box) { return !row(box).hidden; }); }
    function update() {
      var visible = shown();
      tools.querySelector("[data-checklist-count]").textContent = boxes.filter(function (b) { return b.checked; }).length;
      all.checked = visible.length > 0 && visible.every(function (b) { return b.checked; });
      tools.querySelector("[data-checklist-none]").hidden = visible.length > 0;
    }
    filter.addEventListener("input", function () {
      var query = plain(filter.value);
      boxes.forEach(function (box) { row(box).hidden = query !== "" && plain(row(box).textContent).indexOf(query) < 0; });
      update();
    });
    filter.addEventListener("keydown", function (event) { if (event.key === "Enter") event.preventDefault(); });
    all.addEventListener("change", function () {
      shown().forEach(function (box) { box.checked = all.checked; });
      update();
    });
    list.addEventListener("change", update);
    tools.hidden = false;
    update();
  });
})();
