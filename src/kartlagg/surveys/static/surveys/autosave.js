// Autosave one question at a time (so two colleagues editing different questions never overwrite each
// other) and show or hide questions whose condition depends on another answer. Works without it too.
(function () {
  "use strict";
  var form = document.getElementById("survey-form");
  if (!form) return;
  var url = form.dataset.autosave;
  var status = document.getElementById("autosave-status");
  var text = window.kartlaggSurveyText || {};
  var csrf = form.querySelector("input[name=csrfmiddlewaretoken]").value;
  var timers = {};
  // Saves scheduled or under way: "Saved" shows only once none is left, so a respondent never reads
  // "Saved" while a newer answer is still on its way (and closes the page on it).
  var pending = 0;

  function chosen(questionId) {
    var prefix = "q__" + questionId;
    return Array.prototype.filter.call(form.elements, function (el) {
      return el.name === prefix && (el.type === "radio" || el.type === "checkbox" ? el.checked : el.value);
    }).map(function (el) { return el.value; });
  }

  function applyConditions() {
    form.querySelectorAll("[data-show-question]").forEach(function (block) {
      var values = chosen(block.dataset.showQuestion);
      var wanted = (block.dataset.showValues || "").split(" ");
      var op = block.dataset.showOp;
      var hit = values.some(function (v) { return wanted.indexOf(v) !== -1; });
      var show = op === "answered" ? values.length > 0 : op === "not_in" ? !hit : hit;
      block.hidden = !show;
    });
  }

  function save(questionId) {
    var data = new FormData();
    data.append("present", questionId);
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name || el.name.indexOf("q__" + questionId) !== 0) return;
      var rest = el.name.slice(("q__" + questionId).length);
      if (rest !== "" && rest.indexOf("__") !== 0) return;
      if ((el.type === "radio" || el.type === "checkbox") && !el.checked) return;
      data.append(el.name, el.value);
    });
    fetch(url, {method: "POST", body: data, headers: {"X-CSRFToken": csrf}, credentials: "same-origin"})
      .then(function (r) { return r.json().then(function (body) { return {ok: r.ok, body: body}; }); })
      .then(function (res) {
        if (!res.ok) throw new Error(res.body.error || "error");
        var errors = Object.keys(res.body.errors || {});
        finish(errors.length ? text.invalid + ": " + errors.join(", ") : "", res.body.saved_at);
      })
      .catch(function () { finish(text.failed, ""); });
  }

  function finish(problem, savedAt) {
    pending -= 1;
    if (problem) status.textContent = problem;  // a problem shows at once
    else if (pending === 0) status.textContent = text.saved + " " + savedAt;
  }

  form.addEventListener("change", function (event) {
    var block = event.target.closest("[data-question]");
    if (!block) return;
    var id = block.dataset.question;
    applyConditions();
    if (!timers[id]) pending += 1;  // a newer answer to the same question replaces the scheduled save
    clearTimeout(timers[id]);
    status.textContent = text.saving;
    timers[id] = setTimeout(function () { timers[id] = null; save(id); }, 400);
  });
  applyConditions();
})();
