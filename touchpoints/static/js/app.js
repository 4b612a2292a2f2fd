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
