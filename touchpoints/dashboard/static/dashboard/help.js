// Remembers, per step, whether the "what is this step and why" panel was left open or closed.
(function () {
  function key(el) { return "touchpoints.help." + el.getAttribute("data-help-key"); }
  function read(k) { try { return window.localStorage.getItem(k); } catch (e) { return null; } }
  function write(k, v) { try { window.localStorage.setItem(k, v); } catch (e) { /* private mode */ } }
  document.querySelectorAll("details.method-help:not([data-help-ready])").forEach(function (el) {
    el.setAttribute("data-help-ready", "1");
    var saved = read(key(el));
    if (saved === "closed") el.open = false;
    el.addEventListener("toggle", function () { write(key(el), el.open ? "open" : "closed"); });
  });
})();
