// Embeds every chart drawn by touchpoints.lib.charts.chart_html: a div[data-vega-spec] naming the
// inert JSON script that holds its Vega-Lite spec. Runs on load and after each HTMX swap, so
// charts in partials (the workspace home's widgets) draw too. No inline script is needed.
(function () {
  function embedAll(root) {
    if (!window.vegaEmbed) return;
    (root || document).querySelectorAll("div[data-vega-spec]:not([data-vega-done])").forEach(function (el) {
      var source = document.getElementById(el.getAttribute("data-vega-spec"));
      if (!source) return;
      el.setAttribute("data-vega-done", "1");
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      window.vegaEmbed(el, spec, {
        actions: {export: true, source: false, compiled: false, editor: false},
        renderer: "svg"
      }).catch(function () {
        el.textContent = el.getAttribute("data-vega-error") || "";
      });
    });
  }
  function start() { embedAll(document); }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  document.addEventListener("htmx:afterSettle", function (event) { embedAll(event.target); });
})();
