// Planboard: keeps the navigation's unread count fresh without a reload.
// Progressive enhancement only: the server writes the count into every
// page; this asks /notifications/count every minute while the page is
// shown (and at once when it is shown again) and updates the badge and the
// text screen readers hear with the link. Loaded as a file: the CSP allows no inline script.
(function () {
  "use strict";
  var link = document.getElementById("nav-inbox");
  var badge = document.getElementById("nav-unread");
  var spoken = document.getElementById("nav-unread-label");
  if (!link || !badge || !spoken || !window.fetch) { return; }
  var url = link.getAttribute("data-count");
  var every = 60000;
  var stopped = false;

  function show(data) {
    if (typeof data.unread !== "number") { return; }
    badge.textContent = data.text;
    badge.hidden = data.unread === 0;
    spoken.textContent = data.label;
  }

  function poll() {
    if (stopped || document.hidden) { return; }
    fetch(url, { credentials: "same-origin", headers: { "Accept": "application/json" }, redirect: "manual" })
      .then(function (res) {
        // signed out (sent to the login page): stop; the next page shows the count
        if (res.type === "opaqueredirect" || res.status === 401) { stopped = true; return null; }
        return res.ok ? res.json() : null;
      })
      .then(function (data) { if (data) { show(data); } })
      .catch(function () {}); // offline for a moment: try again next time
  }

  window.setInterval(poll, every);
  document.addEventListener("visibilitychange", function () {
    if (!document.hidden) { poll(); }
  });
}());
