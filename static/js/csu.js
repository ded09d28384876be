/* CSU progressive enhancements. No inline scripts anywhere: a strict Content-Security-Policy applies. */
(function () {
  "use strict";

  // After a failed submit, move focus to the error summary so screen readers announce it first and
  // keyboard users start from the list of links to the fields that need correcting.
  function focusErrorSummary() {
    var summary = document.getElementById("form-errors");
    if (summary) {
      summary.focus();
    }
  }

  // A link in the error summary moves focus to its field (not just scrolls), also for fields without an id
  // target in view.
  function wireErrorLinks() {
    var summary = document.getElementById("form-errors");
    if (!summary) {
      return;
    }
    summary.addEventListener("click", function (event) {
      var link = event.target.closest("a[href^='#']");
      if (!link) {
        return;
      }
      var field = document.getElementById(link.getAttribute("href").slice(1));
      if (field) {
        event.preventDefault();
        field.focus();
      }
    });
  }

  function ready() {
    focusErrorSummary();
    wireErrorLinks();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
