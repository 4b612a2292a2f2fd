// Progressive enhancement of the public answer form: it works without this file.
// One tap sends once (the server also stores a resent form once); errors get the focus.
(function () {
  var form = document.querySelector(".fb-form");
  if (!form) return;
  var errors = document.getElementById("errors");
  if (errors) errors.focus();
  form.addEventListener("submit", function () {
    var button = form.querySelector(".fb-send");
    if (button) { setTimeout(function () { button.disabled = true; }, 0); }
  });
})();
