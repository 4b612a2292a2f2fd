// The top ten: reorder the places by drag and drop; the order is saved with the form (the up / down
// buttons do the same without JavaScript).
(function () {
  function renumber(list) {
    list.querySelectorAll("li[data-tp]").forEach(function (li, i, all) {
      var pos = li.querySelector(".pos");
      if (pos) pos.textContent = i + 1;
      var up = li.querySelector("button[value$=':up']"), down = li.querySelector("button[value$=':down']");
      if (up) up.disabled = i === 0;
      if (down) down.disabled = i === all.length - 1;
    });
  }
  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sortable]").forEach(function (list) {
      var dragged = null;
      var note = list.parentNode.querySelector(".moved-note");
      list.addEventListener("dragstart", function (e) {
        dragged = e.target.closest("li[data-tp]");
        if (!dragged) return;
        dragged.classList.add("dragging");
        e.dataTransfer.effectAllowed = "move";
        e.dataTransfer.setData("text/plain", dragged.getAttribute("data-tp"));
      });
      list.addEventListener("dragover", function (e) {
        var over = e.target.closest("li[data-tp]");
        if (!dragged || !over || over === dragged) return;
        e.preventDefault();
        var box = over.getBoundingClientRect();
        var after = e.clientY > box.top + box.height / 2;
        list.insertBefore(dragged, after ? over.nextSibling : over);
      });
      list.addEventListener("drop", function (e) { if (dragged) e.preventDefault(); });
      list.addEventListener("dragend", function () {
        if (!dragged) return;
        dragged.classList.remove("dragging");
        dragged = null;
        renumber(list);
        if (note) { note.textContent = list.getAttribute("data-moved"); note.hidden = false; }
      });
    });
  });
})();
