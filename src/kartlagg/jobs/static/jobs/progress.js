// Progressive enhancement of the job page: poll the JSON status and update the progress bar; reload the
// page once the job has finished (the server then renders the result, errors and problem table).
(function () {
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "1") return;
  var url = box.dataset.statusUrl;
  function tick() {
    fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (r) { return r.json(); })
      .then(function (s) {
        if (s.finished) { window.location.reload(); return; }
        var bar = document.getElementById("job-progress");
        if (s.total) { bar.max = s.total; bar.value = s.done; document.getElementById("job-count").textContent = s.done + " / " + s.total; }
        document.getElementById("job-status").textContent = s.status_label;
        document.getElementById("job-message").textContent = s.message || "–";
        window.setTimeout(tick, 700);
      })
      .catch(function () { window.setTimeout(tick, 3000); });
  }
  window.setTimeout(tick, 500);
})();
