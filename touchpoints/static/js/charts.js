// Embeds every chart of the page: <div data-chart="ID-OF-THE-SPEC"> next to the spec's JSON data
// island (lib/charts.py chart_html). A static file, so the Content-Security-Policy needs no inline
// script; `ast: true` makes Vega interpret its expressions instead of compiling them with eval.
// Runs on load and after each HTMX swap, so charts in partials (the workspace home's widgets) draw too.
(function () {
  var NARROW = 480;  // narrower charts (a phone's) get the layout of narrow()
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
      var width = el.clientWidth, room = legendRoom(width);
      narrow(spec, width, room);
      var options = window.touchpointsVegaOptions();
      // Dates and numbers on the axes in the page's language (d3's locale tables, from the bundle).
      var locale = (window.touchpointsLocales || {})[(document.documentElement.lang || "en").slice(0, 2)];
      if (locale) { options.formatLocale = locale.number; options.timeFormatLocale = locale.time; }
      // The download menu in the page's language (lib/charts.py menu_attributes); its button is only
      // an icon, so it is named for a screen reader.
      var menu = el.getAttribute("data-chart-menu");
      if (menu) {
        options.i18n = {
          CLICK_TO_VIEW_ACTIONS: menu, SVG_ACTION: el.getAttribute("data-chart-svg"),
          PNG_ACTION: el.getAttribute("data-chart-png")
        };
      }
      function draw(spec) {
        return window.vegaEmbed(el, spec, options).then(function (result) {
          var summary = el.querySelector("details > summary");
          if (summary && menu) summary.setAttribute("aria-label", menu);
          return result;
        });
      }
      draw(spec).then(function (result) {
        // A legend under the plot starts where the plot starts, after the y axis's labels, which
        // narrow() could not know: once drawn, a legend with a name cut short or running past the
        // drawing gets the room the labels actually leave, and the chart is drawn once more.
        if (width >= NARROW || !longLegend(el)) return;
        var drawn = el.querySelector("svg").getBoundingClientRect().width;
        var fitted = Math.max(80, Math.floor(drawn - result.view.origin()[0] - 30));
        if (Math.abs(fitted - room) < 8) return;
        var again = JSON.parse(island.textContent);
        narrow(again, width, fitted);
        result.finalize();
        return draw(again);
      }).catch(function () {
        el.textContent = el.getAttribute("data-chart-error") || "";
      });
    });
  }
  // On a phone a chart is about 300 px wide: a legend set in one row, in columns or on the right
  // and an axis title longer than the plot ran past the chart's edge and were cut off, and long
  // axis labels left the plot no room. There, every legend lists its entries in one column under
  // the plot, x titles end at the plot's right edge (using the room under the y labels), axis
  // labels take at most 45% of the width, and what is still too long ends in an ellipsis.
  function narrow(spec, width, room) {
    if (!width || width >= NARROW) return;
    var labels = Math.round(width * 0.45);  // axis labels leave the plot more than half the width
    var config = spec.config = spec.config || {};
    config.legend = Object.assign({}, config.legend, { orient: "bottom", columns: 1, labelLimit: room, titleLimit: room });
    config.axisX = Object.assign({ titleAnchor: "end", titleLimit: width - 20 }, config.axisX);
    config.axisY = Object.assign({ labelLimit: labels }, config.axisY);
    (function fit(node) {  // legends and axes a spec sets itself (in its encodings, layers, concats)
      if (!node || typeof node !== "object") return;
      Object.keys(node).forEach(function (key) {
        var value = node[key];
        if (node === config || !value || typeof value !== "object") return;
        if (key === "legend") {
          value.columns = 1;
          value.labelLimit = Math.min(value.labelLimit || room, room);
          if (value.orient === "left" || value.orient === "right") value.orient = "bottom";
        } else if (key === "axis" && value.labelLimit) {
          value.labelLimit = Math.min(value.labelLimit, labels);
        } else if (key !== "data" && key !== "datasets") {
          fit(value);
        }
      });
    })(spec);
  }
  // The width a legend's names may take on a phone before the chart is drawn: its box's width
  // less 190 px for the y axis's labels, the legend's symbols and the menu button.
  function legendRoom(width) {
    return Math.max(80, width - 190);
  }
  // Whether a drawn legend has a name cut short or running past the drawing's right edge.
  function longLegend(el) {
    var svg = el.querySelector("svg");
    if (!svg) return false;
    var right = svg.getBoundingClientRect().right;
    return Array.prototype.some.call(svg.querySelectorAll(".role-legend-label text"), function (t) {
      return /…$/.test(t.textContent) || t.getBoundingClientRect().right > right + 1;
    });
  }
  // Vega 6.2 writes its own English sentence into an axis's or a legend's aria-label whatever the
  // description the spec gives it (lib/vega_aria.py with_aria, in the page's language), unless the
  // description is encoded on the guide itself (vega/vega#3991), and "Title text '…'" for a title:
  // encode them (lib/vega_aria.py described_guides does the same for the PDF).
  function describedGuides(node) {
    [["axes", "axis"], ["legends", "legend"]].forEach(function (pair) {
      (node[pair[0]] || []).forEach(function (guide) {
        if (typeof guide.description !== "string") return;
        var encode = guide.encode = guide.encode || {};
        var part = encode[pair[1]] = encode[pair[1]] || {};
        var update = part.update = part.update || {};
        if (!update.description) update.description = { value: guide.description };
      });
    });
    var title = node.title, text = title && (Array.isArray(title.text) ? title.text.join(" ") : title.text);
    if (typeof text === "string" && text.trim()) {  // not Vega's "Title text '…'"
      var titleEncode = title.encode = title.encode || {};
      var titlePart = titleEncode.title = titleEncode.title || {};
      var titleUpdate = titlePart.update = titlePart.update || {};
      if (!titleUpdate.description) titleUpdate.description = { value: text.trim() };
    }
    (node.marks || []).forEach(function (mark) { if (mark.type === "group") describedGuides(mark); });
    return node;
  }
  // The options every chart of the product is embedded with.
  window.touchpointsVegaOptions = function () {
    return {
      actions: { export: true, source: false, compiled: false, editor: false }, renderer: "svg", ast: true,
      patch: describedGuides,
    };
  };
  window.touchpointsEmbedCharts = embedAll;  // for a page that replaces its charts by script (the journey map)
  function start() { embedAll(document); }
  if (document.readyState === "complete") start(); else window.addEventListener("load", start);
  document.addEventListener("htmx:afterSettle", function (event) { embedAll(event.target); });
})();
