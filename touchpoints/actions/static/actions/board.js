// Drag a card to another column to change its status. Without JavaScript, the buttons on each
// card post the same change; this only saves the click.
(function () {
  var board = document.querySelector(".board");
  if (!board) return;
  var dragged = null;
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".action-card[draggable=true]");
    if (!card) return;
    dragged = card;
    card.classList.add("dragging");
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });
  board.addEventListener("dragend", function () {
    if (dragged) dragged.classList.remove("dragging");
    board.querySelectorAll(".drop-target").forEach(function (c) { c.classList.remove("drop-target"); });
  });
  board.addEventListener("dragover", function (e) {
    var column = e.target.closest && e.target.closest(".board-column");
    if (!column || !dragged) return;
    e.preventDefault();
    board.querySelectorAll(".drop-target").forEach(function (c) { if (c !== column) c.classList.remove("drop-target"); });
    column.classList.add("drop-target");
  });
  board.addEventListener("drop", function (e) {
    var column = e.target.closest && e.target.closest(".board-column");
    if (!column || !dragged) return;
    e.preventDefault();
    column.classList.remove("drop-target");
    var card = dragged, from = card.closest(".board-column"), status = column.getAttribute("data-status");
    if (from === column) return;
    var body = new URLSearchParams({ status: status });
    column.querySelector(".cards").appendChild(card);
    fetch(card.getAttribute("data-status-url"), {
      method: "POST", credentials: "same-origin", body: body,
      headers: { "X-CSRFToken": board.getAttribute("data-csrf"), "Accept": "application/json" }
    }).then(function (r) {
      if (!r.ok) throw new Error(r.status);
      // Reload so the card's buttons, counts and measurements match the new status.
      window.location.reload();
    }).catch(function () {
      from.querySelector(".cards").appendChild(card);
      alert(board.getAttribute("data-error"));
    });
  });
})();
