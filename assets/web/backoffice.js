/* Antrean back office: the little script the pages use (no build step, no library).
   - [data-refresh]: reload the element's HTML from its URL every data-interval seconds
   - [data-confirm]: ask before submitting a form (delete, revoke, import)
   - [data-copy]: copy a field's text (device token) */
(function () {
  "use strict";

  function refresh(el) {
    var url = el.getAttribute("data-refresh");
    var seconds = parseInt(el.getAttribute("data-interval") || "15", 10);
    function tick() {
      if (document.hidden) { return; }
      fetch(url, { credentials: "same-origin", headers: { "Accept": "text/html" } })
        .then(function (response) {
          if (response.redirected || !response.ok) {
            window.location.reload();  // signed out or expired: show the login page
            return null;
          }
          return response.text();
        })
        .then(function (html) { if (html !== null) { el.innerHTML = html; } })
        .catch(function () { /* the master is restarting: try again next time */ });
    }
    window.setInterval(tick, Math.max(5, seconds) * 1000);
  }

  document.addEventListener("submit", function (event) {
    var button = event.submitter || document.activeElement;
    var message = (button && button.getAttribute && button.getAttribute("data-confirm")) || null;
    if (message && !window.confirm(message)) { event.preventDefault(); }
  });

  document.addEventListener("click", function (event) {
    var target = event.target.closest ? event.target.closest("[data-copy]") : null;
    if (!target) { return; }
    var field = document.querySelector(target.getAttribute("data-copy"));
    if (!field) { return; }
    field.select();
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(field.value).catch(function () {});
    } else {
      try { document.execCommand("copy"); } catch (e) { /* select() is enough */ }
    }
  });

  document.addEventListener("DOMContentLoaded", function () {
    var live = document.querySelectorAll("[data-refresh]");
    for (var i = 0; i < live.length; i++) { refresh(live[i]); }
  });
})();
