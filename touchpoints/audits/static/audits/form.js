// The audit form: the scope's parts shown for the chosen scope (the touchpoints' search is app.js's).
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
})();
