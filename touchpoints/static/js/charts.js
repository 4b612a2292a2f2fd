// Embeds every chart of the page: <div data-chart="ID-OF-THE-SPEC"> next to the spec's JSON data
// island (lib/charts.py chart_html). A static file, so the Content-Security-Policy needs no inline
// script; `ast: true` makes Vega interpret its expressions instead of compiling them with eval.
// Runs on load and after each HTMX swap, so charts in partials (the workspace home's widgets) draw too.
(function () {
  function embedAll(root) {
    if (!window.vegaEmbed) return;
    (root || document).querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.embedded) return;
      var island = document.getElementById(el.getAttribute("data-chart"));
      if (!island) return;
      el.dataset.embedded = "1";
      if (el.dataset.minHeight) el.style.minHeight = el.dataset.minHeight + "px";
      var spec;
      try { spec = JSON.parse(island.textContent); } catch (e) { return; }
      var options = window.touchpointsVegaOptions();
      // Dates and numbers on the axes in the page's language (d3's locale tables, from the bundle).
      var locale = (window.touchpointsLocales || {})[(document.documentElement.lang || "en").slice(0, 2)];
      if (locale) { options.formatLocale = locale.number; options.timeFormatLocale = locale.time; }
      window.vegaEmbed(el, spec, options).catch(function () {
        el.textContent = el.getAttribute("data-chart-error") || "";
      });
    });
  }
  // The options every chart of the product is embedded with (journeys.js uses them too).
  window.touchpointsVegaOptions = function () {
    return { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg", ast: true };
  };
  function start() { embedAll(document); }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  document.addEventListener("htmx:afterSettle", function (event) { embedAll(event.target); });
})();
