/* Annual report page: poll the JSON status endpoint while the report builds, then reload to show it.
   No inline script (a strict Content-Security-Policy applies); without JavaScript the page offers a link. */
(function () {
  "use strict";
  var box = document.getElementById("report-progress");
  if (!box || !window.fetch) { return; }
  var url = box.getAttribute("data-status-url");
  var bar = box.querySelector("[data-report-progress-bar]");
  var text = box.querySelector("[data-report-progress-text]");
  var label = document.querySelector("[data-report-status-label]");
  var delay = 1500;

  function show(data) {
    bar.value = data.progress;
    bar.textContent = data.progress + "%";
    if (label) { label.textContent = data.status_label; }
    text.textContent = data.status_label + " — " + data.progress + "%";
  }

  function poll() {
    fetch(url, { headers: { "Accept": "application/json" }, credentials: "same-origin", cache: "no-store" })
      .then(function (response) { if (!response.ok) { throw new Error(response.status); } return response.json(); })
      .then(function (data) {
        show(data);
        if (data.finished) { window.location.assign(data.detail_url); return; }
        window.setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 30000); window.setTimeout(poll, delay); });
  }
  window.setTimeout(poll, delay);
}());
