// Issue 14, point 9: the bulk assignment bar of the plan table. Without
// JavaScript the bar is there (sticky, CSS) and «выбрать раздел» is a link
// that ticks the section on the server; with it, the count follows the
// ticks and each section gets a checkbox that ticks all its rows in place.
(function () {
  var form = document.getElementById("bulk");
  var count = document.getElementById("bulk-count");
  if (!form || !count) return;
  function boxes(root) { return root.querySelectorAll('input[type=checkbox][name=ids]'); }
  function update() {
    var n = 0;
    boxes(form).forEach(function (b) { if (b.checked) n++; });
    count.textContent = n ? count.dataset.some.replace("%d", n) : count.dataset.nothing;
    form.querySelectorAll("input.select-all").forEach(function (all) {
      var rows = boxes(all.closest("tbody")), on = 0;
      rows.forEach(function (b) { if (b.checked) on++; });
      all.checked = rows.length > 0 && on === rows.length;
      all.indeterminate = on > 0 && on < rows.length;
    });
  }
  form.querySelectorAll("a.select-section").forEach(function (link, i) {
    var box = document.createElement("input");
    box.type = "checkbox";
    box.className = "select-all";
    box.id = "select-section-" + i;
    box.setAttribute("aria-label", link.dataset.label);
    box.addEventListener("change", function () {
      boxes(box.closest("tbody")).forEach(function (b) { b.checked = box.checked; });
      update();
    });
    link.replaceWith(box);
  });
  form.addEventListener("change", function (e) {
    if (e.target.name === "ids") update();
  });
  update();
})();
