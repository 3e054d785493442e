// Progressive enhancement only: every action on the site also works as a plain form post.
(function () {
  "use strict";

  // A comment or reply posted in place: empty the form and fold the reply box away.
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.detail.elt;
    if (!form || !form.matches || !form.matches("form[data-reset-on-success]")) return;
    var xhr = event.detail.xhr;
    if (!event.detail.successful || (xhr && xhr.getResponseHeader("HX-Retarget"))) return;
    form.reset();
    var slot = form.closest(".comment-slot");
    if (slot) slot.innerHTML = "";  // a reply form loaded under a comment goes away once sent
  });

  // Summaries folded for phones start open where the screen has room for them beside the content.
  if (window.matchMedia && window.matchMedia("(min-width: 48rem)").matches) {
    document.querySelectorAll("details[data-open-wide]").forEach(function (details) { details.open = true; });
  }
  // A print button (the poster): a script file, since the Content-Security-Policy forbids inline handlers.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest("[data-print]")) window.print();
  });

  // Signing out forgets the speech drafts kept in this browser (static/js/drafts.js keeps them under
  // "cc-draft:"); the server's Clear-Site-Data header does the same where the browser honours it.
  document.addEventListener("submit", function (event) {
    if (!event.target.matches || !event.target.matches('form[data-forget-drafts], form[action$="/accounts/logout/"]')) return;
    try {
      Object.keys(window.localStorage).forEach(function (name) {
        if (name.indexOf("cc-draft:") === 0) window.localStorage.removeItem(name);
      });
    } catch (e) { /* no storage: nothing kept */ }
  });

  // What htmx adds to the page gets announced and can be reached by keyboard.
  document.addEventListener("htmx:afterSwap", function (event) {
    var added = event.detail.target && event.detail.target.querySelector && event.detail.target.querySelector(".just-posted");
    if (added) {
      added.classList.remove("just-posted");
      added.setAttribute("tabindex", "-1");
      added.focus({ preventScroll: false });
    }
  });
})();
