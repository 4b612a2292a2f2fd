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
      narrow(spec, el.clientWidth);
      var options = window.touchpointsVegaOptions();
      // Dates and numbers on the axes in the page's language (d3's locale tables, from the bundle).
      var locale = (window.touchpointsLocales || {})[(document.documentElement.lang || "en").slice(0, 2)];
      if (locale) { options.formatLocale = locale.number; options.timeFormatLocale = locale.time; }
      window.vegaEmbed(el, spec, options).catch(function () {
        el.textContent = el.getAttribute("data-chart-error") || "";
      });
    });
  }
  // On a phone a chart is about 300 px wide: a legend set in one row and an axis title longer
  // than the plot ran past the chart's edge and were cut off. There, legends list their entries
  // in one column, x titles end at the plot's right edge (using the room under the y labels) and
  // what is still too long ends in an ellipsis (a bottom legend starts where the plot does, after
  // y labels of up to about 150 px). The spec's own settings win.
  function narrow(spec, width) {
    if (!width || width >= 480) return;
    var config = spec.config = spec.config || {};
    var room = Math.max(80, width - 190);
    config.legend = Object.assign({ columns: 1, labelLimit: room, titleLimit: room }, config.legend);
    config.axisX = Object.assign({ titleAnchor: "end", titleLimit: width - 20 }, config.axisX);
  }
  // The options every chart of the product is embedded with (journeys.js uses them too).
  window.touchpointsVegaOptions = function () {
    return { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg", ast: true };
  };
  function start() { embedAll(document); }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  document.addEventListener("htmx:afterSettle", function (event) { embedAll(event.target); });
})();
