// Planboard: completes member names after «@» in the comment box.
// Progressive enhancement only: without it, typing «@Фамилия» works the
// same. The names come from the textarea's data-mentions (JSON written by
// the server); the list follows the listbox pattern: arrows choose, Enter
// or Tab inserts, Escape closes, and a status line tells screen readers
// how many names fit.
(function () {
  "use strict";
  var box = document.querySelector("textarea[data-mentions]");
  if (!box) { return; }
  var names;
  try { names = JSON.parse(box.getAttribute("data-mentions")) || []; } catch (e) { return; }
  if (!names.length) { return; }
  var fold = function (s) { return s.toLowerCase().replace(/ё/g, "е"); };
  var list = document.createElement("ul");
  list.id = "mention-list";
  list.className = "mention-list";
  list.setAttribute("role", "listbox");
  list.setAttribute("aria-label", box.labels && box.labels[0] ? box.labels[0].textContent : "@");
  list.hidden = true;
  var status = document.createElement("p");
  status.className = "sr-only";
  status.setAttribute("role", "status");
  box.parentNode.insertBefore(list, box.nextSibling);
  box.parentNode.insertBefore(status, list.nextSibling);
  box.setAttribute("aria-autocomplete", "list");
  box.setAttribute("aria-controls", list.id);
  var found = [], active = -1, start = -1;

  function query() {
    var before = box.value.slice(0, box.selectionStart);
    var m = /(^|[\s(,;:«"'])@([A-Za-zА-Яа-яЁё-]*)$/.exec(before);
    if (!m) { return null; }
    start = before.length - m[2].length - 1;
    return m[2];
  }

  function close() {
    list.hidden = true;
    list.textContent = "";
    found = [];
    active = -1;
    box.removeAttribute("aria-activedescendant");
  }

  function choose(i) {
    active = i;
    Array.prototype.forEach.call(list.children, function (li, k) {
      li.setAttribute("aria-selected", k === i ? "true" : "false");
    });
    if (i >= 0) { box.setAttribute("aria-activedescendant", "mention-opt-" + i); }
  }

  function insert(i) {
    var n = found[i];
    var end = box.selectionStart;
    var text = "@" + n.insert + " ";
    box.value = box.value.slice(0, start) + text + box.value.slice(end);
    var at = start + text.length;
    box.setSelectionRange(at, at);
    close();
    box.focus();
  }

  box.addEventListener("input", function () {
    var q = query();
    if (q === null) { close(); return; }
    found = names.filter(function (n) { return fold(n.insert).indexOf(fold(q)) === 0; }).slice(0, 8);
    list.textContent = "";
    found.forEach(function (n, i) {
      var li = document.createElement("li");
      li.id = "mention-opt-" + i;
      li.setAttribute("role", "option");
      li.setAttribute("aria-selected", "false");
      li.textContent = n.full;
      li.addEventListener("mousedown", function (e) { e.preventDefault(); insert(i); });
      list.appendChild(li);
    });
    list.hidden = found.length === 0;
    status.textContent = (box.getAttribute("data-found") || "%d").replace("%d", String(found.length));
    choose(found.length ? 0 : -1);
  });

  box.addEventListener("keydown", function (e) {
    if (list.hidden) { return; }
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      e.preventDefault();
      var d = e.key === "ArrowDown" ? 1 : -1;
      choose((active + d + found.length) % found.length);
    } else if ((e.key === "Enter" || e.key === "Tab") && active >= 0) {
      e.preventDefault();
      insert(active);
    } else if (e.key === "Escape") {
      e.preventDefault();
      close();
    }
  });
  box.addEventListener("blur", close);
}());
