// Journey analytics: refuse a log bigger than the page accepts before uploading it (the server
// refuses it too, without reading it), and show that an upload is under way.
(function () {
  function humanSize(n) {
    var units = ["B", "KB", "MB", "GB"], i = 0;
    while (n >= 1024 && i < units.length - 1) { n /= 1024; i++; }
    return i === 0 ? n + " B" : n.toFixed(1) + " " + units[i];
  }
  function shellQuote(name) {
    return /^[A-Za-z0-9_.\/@%+=:,-]+$/.test(name) ? name : "'" + name.replace(/'/g, "'\"'\"'") + "'";
  }
  document.addEventListener("change", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches("input[type=file][data-max-bytes]")) return;
    var form = input.form, box = form.querySelector(".an-too-big"), button = form.querySelector("button[type=submit]");
    var file = input.files && input.files[0], max = parseInt(input.getAttribute("data-max-bytes"), 10);
    if (!box) return;
    if (file && file.size > max) {
      box.querySelector(".an-too-big-message").textContent = box.getAttribute("data-message").replace("__SIZE__", humanSize(file.size));
      box.querySelector(".an-too-big-command").textContent = box.getAttribute("data-command").replace("__NAME__", shellQuote(file.name));
      box.hidden = false;
      if (button) button.disabled = true;
    } else {
      box.hidden = true;
      if (button) button.disabled = false;
    }
  });
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.matches(".an-upload, .an-map")) return;
    var button = event.submitter || form.querySelector("button[type=submit]:not([name=action])");
    if (button && button.getAttribute("data-busy")) {
      form.classList.add("busy");
      setTimeout(function () { button.disabled = true; button.textContent = button.getAttribute("data-busy"); }, 0);
    }
  });
})();
