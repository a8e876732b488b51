// Draw every ParkAudit chart with the self-hosted Vega bundle (assets/vendor/vega-bundle.js).
// The Vega-Lite spec is inlined in the page as JSON so that charts draw without fetching
// anything, even from a file:// copy of the site.
(function () {
  function draw(root) {
    var blocks = root.querySelectorAll(".pa-chart[data-pa-chart]:not([data-pa-drawn])");
    blocks.forEach(function (block) {
      var specNode = block.querySelector("script[type='application/json']");
      var target = block.querySelector(".pa-chart-canvas");
      if (!specNode || !target || typeof window.vegaEmbed !== "function") return;
      block.setAttribute("data-pa-drawn", "pending");
      var spec = JSON.parse(specNode.textContent);
      window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function (result) {
        block.setAttribute("data-pa-drawn", "yes");
        var svg = target.querySelector("svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", block.getAttribute("data-pa-summary") || "");
        }
      }).catch(function (error) {
        block.setAttribute("data-pa-drawn", "failed");
        target.textContent = "图表无法绘制，请查看下方数据表。/ The chart could not be drawn; see the data table below.";
        console.warn(error);
      });
    });
  }
  // Wide tables scroll sideways; a keyboard user must be able to reach and scroll them (WCAG 2.1.1).
  function focusableScrollers(root) {
    root.querySelectorAll(".md-typeset__scrollwrap").forEach(function (wrap) {
      if (!wrap.hasAttribute("tabindex")) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        var caption = wrap.closest("article") ? "表格（可横向滚动）" : "表格";
        wrap.setAttribute("aria-label", caption);
      }
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { draw(document); focusableScrollers(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { draw(document); focusableScrollers(document); });
  }
})();
