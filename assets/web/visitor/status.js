/* Live ticket status: polls the page's small JSON every few seconds (an unchanged answer is a
   bodiless 304), swaps in the status block the server rendered, and vibrates once when the
   ticket is called. Slower while the tab is hidden; stops once the ticket is final. */
(function () {
  'use strict';
  var box = document.getElementById('live');
  if (!box || !window.fetch) return;
  var url = box.getAttribute('data-poll');
  var every = (parseInt(box.getAttribute('data-every'), 10) || 5) * 1000;
  var status = box.getAttribute('data-status');
  var offline = document.getElementById('offline');
  var etag = null, timer = null, done = box.getAttribute('data-final') === '1';

  function later(ms) { clearTimeout(timer); if (!done) timer = setTimeout(poll, ms); }

  function show(d) {
    box.innerHTML = d.html;
    document.title = d.title;
    if (d.status !== status && d.status === 'called' && navigator.vibrate) {
      navigator.vibrate([400, 200, 400]);
    }
    status = d.status;
    box.setAttribute('data-status', status);
    if (d.final) done = true;
  }

  function poll() {
    var headers = etag ? { 'If-None-Match': etag } : {};
    fetch(url, { headers: headers, cache: 'no-store', credentials: 'same-origin' })
      .then(function (r) {
        offline.hidden = true;
        if (r.status === 404) { done = true; return null; }
        if (r.status === 200) { etag = r.headers.get('ETag'); return r.json(); }
        return null;
      })
      .then(function (d) {
        if (d) show(d);
        later(document.hidden ? every * 6 : every);
      })
      .catch(function () { offline.hidden = false; later(every * 2); });
  }

  document.addEventListener('visibilitychange', function () {
    if (!document.hidden) later(0);
  });
  later(every);
})();
