// The audit form: the scope's parts shown for the chosen scope, and the touchpoint filter.
(function () {
  var form = document.querySelector(".audit-form");
  if (!form) return;
  function sync() {
    var chosen = form.querySelector("input[name=scope]:checked");
    var v = chosen ? chosen.value : "all";
    form.querySelectorAll(".scope-selection").forEach(function (el) { el.hidden = v !== "selection"; });
    form.querySelectorAll(".scope-journey").forEach(function (el) { el.hidden = v !== "journey"; });
  }
  form.addEventListener("change", sync); sync();
  var filter = form.querySelector(".tp-filter");
  if (filter) filter.addEventListener("input", function () {
    var q = filter.value.toLowerCase();
    form.querySelectorAll(".tp-picker label").forEach(function (l) { l.hidden = q && l.textContent.toLowerCase().indexOf(q) < 0; });
  });
})();
