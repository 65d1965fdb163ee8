// Issue 14: a form that came back with errors shows their summary first in
// the page; this moves the keyboard focus (and a screen reader) to it.
// Without JavaScript the summary is still the first thing on the page.
(function () {
  var s = document.getElementById("error-summary");
  if (s) {
    s.focus();
    s.scrollIntoView({ block: "start" });
  }
})();
