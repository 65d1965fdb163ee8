// The questionnaire's follow-ups (a fieldset with data-filter) show only
// when their filter question is answered «Да»; hidden ones are disabled so
// they are not sent. Without this script every question shows, each
// follow-up saying when to answer it, and the server ignores a follow-up
// after «Нет». On a kiosk's thank-you screen, a fresh form opens by itself.
(function () {
  'use strict';
  var form = document.querySelector('form.survey-form');
  if (form) {
    var follow = form.querySelectorAll('fieldset[data-filter]');
    var sync = function () {
      follow.forEach(function (fs) {
        var yes = form.querySelector('input[name="' + fs.dataset.filter + '"][value="yes"]');
        var on = yes && yes.checked;
        fs.hidden = !on;
        fs.querySelectorAll('input').forEach(function (i) { i.disabled = !on; });
        var hint = fs.querySelector('.hint');
        if (hint) { hint.hidden = true; }
      });
    };
    form.addEventListener('change', sync);
    sync();
  }
  var again = document.querySelector('a[data-kiosk]');
  if (again) {
    setTimeout(function () { window.location.assign(again.href); }, 15000);
  }
})();
