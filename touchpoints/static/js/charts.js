// Embeds every chart of the page: <div data-chart="ID-OF-THE-SPEC"> next to the spec's JSON data
// island (lib/charts.py chart_html). A static file, so the Content-Security-Policy needs no inline
// script; `ast: true` makes Vega interpret its expressions instead of compiling them with eval.
(function () {
  function embedAll() {
    if (!window.vegaEmbed) return;
    document.querySelectorAll("[data-chart]").forEach(function (el) {
      if (el.dataset.embedded) return;
      var island = document.getElementById(el.getAttribute("data-chart"));
      if (!island) return;
      el.dataset.embedded = "1";
      if (el.dataset.minHeight) el.style.minHeight = el.dataset.minHeight + "px";
      window.vegaEmbed(el, JSON.parse(island.textContent), window.touchpointsVegaOptions());
    });
  }
  // The options every chart of the product is embedded with (journeys.js uses them too).
  window.touchpointsVegaOptions = function () {
    return { actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg", ast: true };
  };
  window.addEventListener("load", embedAll);
  document.addEventListener("htmx:afterSettle", embedAll);
})();
