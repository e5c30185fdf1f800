/* Survey tablet at the booth: shows the survey for the visitor just served at this counter.
   Polls which ticket that is and reloads when it changes (not while someone is filling in the
   form); after a submission goes back to the waiting screen. */
(function () {
  'use strict';
  var box = document.getElementById('booth');
  if (!box) return;
  var back = box.getAttribute('data-back');
  if (back) { setTimeout(function () { location.replace(back); }, 8000); return; }
  var url = box.getAttribute('data-poll');
  var shown = box.getAttribute('data-ticket') || '';
  var touched = 0;
  function touch() { touched = Date.now(); }
  document.addEventListener('input', touch);
  document.addEventListener('change', touch);
  setInterval(function () {
    if (!window.fetch) { location.reload(); return; }
    fetch(url, { cache: 'no-store' })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (d) {
        if (d && String(d.ticket || '') !== shown && Date.now() - touched > 60000) {
          location.reload();
        }
      })
      .catch(function () {});
  }, 5000);
})();
