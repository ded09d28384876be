/* No lost typing (progressive enhancement: without JavaScript the forms work exactly as before).
 *
 * 1. What is typed into a data-entry form (one with a hidden `submission_key` or `version`) is kept in this tab's
 *    sessionStorage, keyed by the page address, as it is typed. Sending the form does not clear it: if the session
 *    had expired, the POST ends on the sign-in page and the text would be gone. Once a later page is not the form
 *    and not the sign-in page, the save went through and the copy is dropped. When the form is shown again fresh
 *    (after signing in, or coming back), what was kept is put back with a message saying so, and can be discarded.
 *    sessionStorage, not localStorage: the copy goes when the tab is closed (shared computers).
 * 2. A few minutes before the idle limit a warning offers "Stay signed in" (a POST that restarts the idle clock).
 */
(function () {
  "use strict";

  var PREFIX = "csu-draft:";
  var PENDING = "csu-draft-pending";
  var store;
  try {
    store = window.sessionStorage;
    store.setItem("csu-probe", "1");
    store.removeItem("csu-probe");
  } catch (e) {
    store = null;
  }

  function draftForms() {
    return Array.prototype.filter.call(document.querySelectorAll("form[method=post]"), function (form) {
      return form.querySelector("input[name$=submission_key], input[name=version]") !== null;
    });
  }

  function keyOf(form, index) {
    return PREFIX + window.location.pathname + window.location.search + "#" + index;
  }

  function kept(field) {
    var type = (field.type || "").toLowerCase();
    return field.name && !field.disabled && type !== "hidden" && type !== "file" && type !== "password" &&
      type !== "submit" && type !== "button" && field.name !== "csrfmiddlewaretoken";
  }

  function read(form) {
    var values = {};
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field)) {
        return;
      }
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        values[field.name] = values[field.name] || [];
        if (field.checked) {
          values[field.name].push(field.value);
        }
      } else if (field.tagName === "SELECT" && field.multiple) {
        values[field.name] = Array.prototype.filter.call(field.options, function (o) { return o.selected; })
          .map(function (o) { return o.value; });
      } else {
        values[field.name] = field.value;
      }
    });
    return values;
  }

  function write(form, values) {
    Array.prototype.forEach.call(form.elements, function (field) {
      if (!kept(field) || !(field.name in values)) {
        return;
      }
      var value = values[field.name];
      var type = (field.type || "").toLowerCase();
      if (type === "checkbox" || type === "radio") {
        field.checked = value.indexOf(field.value) !== -1;
      } else if (field.tagName === "SELECT" && field.multiple) {
        Array.prototype.forEach.call(field.options, function (o) { o.selected = value.indexOf(o.value) !== -1; });
      } else {
        field.value = value;
      }
    });
  }

  function same(a, b) {
    return JSON.stringify(a) === JSON.stringify(b);
  }

  function showRestored(form, key) {
    var template = document.getElementById("draft-restored-template");
    if (!template) {
      return;
    }
    var notice = template.content.firstElementChild.cloneNode(true);
    form.parentNode.insertBefore(notice, form);
    notice.querySelector("[data-draft-discard]").addEventListener("click", function () {
      store.removeItem(key);
      window.location.reload();
    });
  }

  function onSignInPage() {
    return document.querySelector("form input[name=password], form input[name$=-password]") !== null &&
      document.querySelector("form input[name$=submission_key], form input[name=version]") === null;
  }

  function keepDrafts() {
    if (!store) {
      return;
    }
    var pending = store.getItem(PENDING);
    var forms = draftForms();
    var here = window.location.pathname + window.location.search;
    var savedMessage = document.querySelector(".messages .alert-success") !== null;
    if (pending && (savedMessage || pending.split("#")[0] !== PREFIX + here) && !onSignInPage()) {
      // The form was sent and we are elsewhere (its record's page): it was saved.
      store.removeItem(pending);
      store.removeItem(PENDING);
    }
    if (pending && store.getItem(pending) && onSignInPage()) {
      var notice = document.getElementById("draft-kept-template");
      var login = document.querySelector("form input[name=password]").form;
      if (notice && login) {
        login.parentNode.insertBefore(notice.content.firstElementChild.cloneNode(true), login);
      }
    }
    forms.forEach(function (form, index) {
      var key = keyOf(form, index);
      var fresh = read(form);
      var saved = store.getItem(key);
      // After a refused save the page already shows what was sent (with the errors): nothing to put back.
      var hasErrors = form.querySelector(".is-invalid, [aria-invalid=true]") !== null;
      if (saved && !hasErrors) {
        var values = JSON.parse(saved);
        if (!same(values, fresh)) {
          write(form, values);
          showRestored(form, key);
        }
      }
      var save = function () {
        store.setItem(key, JSON.stringify(read(form)));
      };
      form.addEventListener("input", save);
      form.addEventListener("change", save);
      form.addEventListener("submit", function () {
        save();
        store.setItem(PENDING, key);
      });
    });
  }

  function idleWarning() {
    var box = document.getElementById("idle-warning");
    if (!box) {
      return;
    }
    var idle = parseInt(box.getAttribute("data-idle-seconds"), 10) || 0;
    if (idle <= 0) {
      return;
    }
    // Warn 5 minutes before (a third of the limit when the limit is short). The page says how many seconds the
    // server had left when it was rendered; after "Stay signed in" the full limit starts again.
    var lead = Math.min(300, Math.floor(idle / 3));
    var left = parseInt(box.getAttribute("data-idle-remaining"), 10);
    if (isNaN(left)) {
      left = idle;
    }
    var text = document.getElementById("idle-warning-text");
    var warnTimer, goneTimer;

    function arm(seconds) {
      window.clearTimeout(warnTimer);
      window.clearTimeout(goneTimer);
      box.hidden = true;
      warnTimer = window.setTimeout(function () {
        text.textContent = text.getAttribute("data-text-soon");
        box.querySelector("button").hidden = false;
        box.hidden = false;
        box.querySelector("button").focus();
      }, Math.max(0, seconds - lead) * 1000);
      goneTimer = window.setTimeout(function () {
        text.textContent = text.getAttribute("data-text-gone");
        box.querySelector("button").hidden = true;
        box.hidden = false;
      }, seconds * 1000);
    }

    box.addEventListener("submit", function (event) {
      event.preventDefault();
      window.fetch(box.action, {
        method: "POST",
        body: new FormData(box),
        credentials: "same-origin",
        headers: { "X-Requested-With": "fetch" },
      }).then(function (response) {
        var json = (response.headers.get("Content-Type") || "").indexOf("application/json") === 0;
        if (response.ok && json && !response.redirected) {
          arm(idle);
        } else {
          text.textContent = text.getAttribute("data-text-gone");
          box.querySelector("button").hidden = true;
        }
      });
    });
    arm(left);
  }

  // A filter box above a long school list (select[data-filter-list]): typing narrows the options shown; the
  // select stays the field that is sent, and the chosen option is never filtered out.
  function filterLists() {
    Array.prototype.forEach.call(document.querySelectorAll("select[data-filter-list]"), function (select) {
      if (select.options.length < 15) {
        return;
      }
      var all = Array.prototype.map.call(select.children, function (node) { return node.cloneNode(true); });
      var box = document.createElement("input");
      box.type = "search";
      box.className = "form-control form-control-sm mb-1";
      box.id = select.id + "_filter";
      // A visible label (WCAG 3.3.2): a placeholder alone disappears as soon as one types.
      var label = document.createElement("label");
      label.className = "form-text d-block mt-0 mb-1";
      label.htmlFor = box.id;
      label.textContent = select.getAttribute("data-filter-label") || "Filter";
      box.setAttribute("aria-controls", select.id);
      box.autocomplete = "off";
      select.parentNode.insertBefore(label, select);
      select.parentNode.insertBefore(box, select);
      box.addEventListener("input", function () {
        var words = box.value.toLowerCase().split(/\s+/).filter(Boolean);
        var chosen = select.value;
        var matches = function (option) {
          var text = option.textContent.toLowerCase();
          return option.value === "" || option.value === chosen ||
            words.every(function (w) { return text.indexOf(w) !== -1; });
        };
        while (select.firstChild) {
          select.removeChild(select.firstChild);
        }
        all.forEach(function (node) {
          var copy = node.cloneNode(true);
          if (copy.tagName === "OPTGROUP") {
            Array.prototype.slice.call(copy.children).forEach(function (o) {
              if (!matches(o)) {
                copy.removeChild(o);
              }
            });
            if (copy.children.length) {
              select.appendChild(copy);
            }
          } else if (matches(copy)) {
            select.appendChild(copy);
          }
        });
        select.value = chosen;
      });
    });
  }

  keepDrafts();
  idleWarning();
  filterLists();
})();
