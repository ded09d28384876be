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

  // A wide table in a .table-responsive box scrolls sideways on narrow screens (and in narrow dashboard cards).
  // Keyboard users can only scroll it once it can take focus, and a focusable region needs a name (WCAG 2.1.1,
  // 4.1.2; axe "scrollable-region-focusable"). Only boxes that really scroll become tab stops; the name is the
  // table's caption, else the heading of the section or card around it, else the page's <h1>.
  var nextRegionId = 0;

  function idOf(element) {
    if (!element.id) {
      nextRegionId += 1;
      element.id = "csu-region-label-" + nextRegionId;
    }
    return element.id;
  }

  function regionLabelIds(box) {
    var caption = box.querySelector("caption");
    if (caption && caption.textContent.trim()) {
      return idOf(caption);
    }
    var labelled = box.closest("[aria-labelledby]");
    if (labelled) {
      return labelled.getAttribute("aria-labelledby");
    }
    var around = box.closest("section, .card, main");
    var heading = around && around.querySelector("h1, h2, h3, h4, h5, h6");
    heading = heading || document.querySelector("main h1");
    return heading ? idOf(heading) : null;
  }

  function markScrollRegions() {
    var boxes = document.querySelectorAll(".table-responsive");
    for (var i = 0; i < boxes.length; i += 1) {
      var box = boxes[i];
      var scrolls = box.scrollWidth > box.clientWidth + 1;
      if (scrolls && !box.hasAttribute("data-scroll-region")) {
        var labelIds = regionLabelIds(box);
        var named = box.hasAttribute("aria-label") || box.hasAttribute("aria-labelledby");
        box.setAttribute("data-scroll-region", named || !labelIds ? "" : "labelled");
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        if (!named && labelIds) {
          box.setAttribute("aria-labelledby", labelIds);
        }
      } else if (!scrolls && box.hasAttribute("data-scroll-region")) {
        if (box.getAttribute("data-scroll-region") === "labelled") {
          box.removeAttribute("aria-labelledby");
        }
        box.removeAttribute("data-scroll-region");
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
      }
    }
  }

  // A session or request is either at a school or with a community organisation: once a school is picked, the
  // organisation and venue fields are hidden (the server still checks the rule; a field with an error stays shown).
  function toggleOrganisationFields() {
    var school = document.getElementById("id_school");
    if (!school) {
      return;
    }
    var wrappers = ["organisation", "venue"]
      .map(function (name) { return document.getElementById("div_id_" + name); })
      .filter(function (wrapper) { return wrapper && !wrapper.querySelector(".is-invalid"); });
    if (!wrappers.length) {
      return;
    }
    function apply() {
      var picked = school.value !== "";
      wrappers.forEach(function (wrapper) { wrapper.hidden = picked; });
    }
    school.addEventListener("change", apply);
    apply();
  }

  function ready() {
    toggleOrganisationFields();
    focusErrorSummary();
    wireErrorLinks();
    markScrollRegions();
    var pending = null;
    window.addEventListener("resize", function () {
      window.clearTimeout(pending);
      pending = window.setTimeout(markScrollRegions, 150);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
