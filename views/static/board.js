// Planboard board: drag a card to another column to change its status.
// Progressive enhancement only: every move also works through plain forms.
(function () {
  "use strict";
  var board = document.querySelector(".board");
  if (!board) { return; }
  var csrf = board.getAttribute("data-csrf");
  var live = document.getElementById("board-status");
  var dragged = null;
  board.addEventListener("dragstart", function (e) {
    var card = e.target.closest && e.target.closest(".card");
    if (!card) { return; }
    dragged = card;
    e.dataTransfer.effectAllowed = "move";
    e.dataTransfer.setData("text/plain", card.getAttribute("data-id"));
  });
  board.addEventListener("dragover", function (e) {
    if (dragged && e.target.closest(".column")) { e.preventDefault(); }
  });
  board.addEventListener("drop", function (e) {
    var col = e.target.closest(".column");
    if (!dragged || !col) { return; }
    e.preventDefault();
    var id = dragged.getAttribute("data-id");
    var body = new URLSearchParams();
    body.set("_csrf", csrf);
    body.set("to", col.getAttribute("data-status"));
    body.set("version", dragged.getAttribute("data-version"));
    dragged = null;
    fetch("/items/" + id + "/status", {
      method: "POST", credentials: "same-origin",
      headers: { "X-Requested-With": "fetch", "Content-Type": "application/x-www-form-urlencoded" },
      body: body.toString()
    }).then(function (res) {
      if (res.status === 204) { window.location.reload(); return; }
      // A move that needs a report or a reason, or a refused one: finish it on the item page.
      if (live) { live.textContent = board.getAttribute("data-failed") || ""; }
      window.location.href = "/items/" + id;
    });
  });
}());
