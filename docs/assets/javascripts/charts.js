// Draw every ParkAudit chart with the self-hosted Vega bundle (assets/vendor/vega-bundle.js).
// A page's chart specs (their data inlined) are not in the page: they are one script beside it,
// named by each figure's data-pa-data (charts/<page>.data.js), which registers each spec with
// ParkAuditCharts.add(id, spec). That script is loaded when the first chart comes near the
// viewport, and each chart is drawn when it does; all at once before printing, and where the
// browser has no IntersectionObserver. A script, not JSON through fetch, so that a file:// copy of
// the site draws its charts too. Without JavaScript, each figure's data table stays the chart.
(function () {
  var specs = {};  // "<data file URL>#<chart id>" -> Vega-Lite spec
  var files = {};  // data file URL -> {state: "loading" | "loaded" | "failed", waiting: [callbacks]}
  var observer = null;
  window.ParkAuditCharts = {
    add: function (id, spec) {
      var script = document.currentScript;
      var file = script && script.getAttribute("data-pa-file");
      if (file) specs[file + "#" + id] = spec;
    }
  };
  function fileUrl(block) {
    return new URL(block.getAttribute("data-pa-data") || "", document.baseURI).href;
  }
  function load(url, done) {
    var file = files[url];
    if (file && file.state !== "loading") return done(file.state === "loaded");
    if (file) return file.waiting.push(done);
    file = files[url] = { state: "loading", waiting: [done] };
    var script = document.createElement("script");
    script.setAttribute("data-pa-file", url);
    function finish(state) {
      file.state = state;
      file.waiting.splice(0).forEach(function (callback) { callback(state === "loaded"); });
    }
    script.onload = function () { finish("loaded"); };
    script.onerror = function () { finish("failed"); };
    script.src = url;
    document.head.appendChild(script);
  }
  function failed(block, target, error) {
    block.setAttribute("data-pa-drawn", "failed");
    target.textContent = "图表无法绘制，请查看下方数据表。/ The chart could not be drawn; see the data table below.";
    if (error) console.warn(error);
  }
  function drawOne(block) {
    var target = block.querySelector(".pa-chart-canvas");
    if (block.hasAttribute("data-pa-drawn") || !target || typeof window.vegaEmbed !== "function") return;
    block.setAttribute("data-pa-drawn", "pending");
    var url = fileUrl(block);
    load(url, function (ok) {
      var spec = specs[url + "#" + block.getAttribute("data-pa-chart")];
      if (!ok || !spec) return failed(block, target, "no chart data in " + url);
      window.vegaEmbed(target, spec, { actions: false, renderer: "svg" }).then(function (result) {
        block.setAttribute("data-pa-drawn", "yes");
        var svg = target.querySelector("svg");
        if (svg) {
          svg.setAttribute("role", "img");
          svg.setAttribute("aria-label", block.getAttribute("data-pa-summary") || "");
        }
      }).catch(function (error) { failed(block, target, error); });
    });
  }
  function waiting(root) {
    return root.querySelectorAll(".pa-chart[data-pa-chart]:not([data-pa-drawn])");
  }
  function drawAll() {
    waiting(document).forEach(function (block) {
      if (observer) observer.unobserve(block);
      drawOne(block);
    });
  }
  function draw(root) {
    var blocks = waiting(root);
    if (!("IntersectionObserver" in window)) return blocks.forEach(drawOne);
    if (!observer) {
      // a little ahead of the viewport, so that a chart is usually drawn by the time it is seen
      observer = new IntersectionObserver(function (entries) {
        entries.forEach(function (entry) {
          if (!entry.isIntersecting) return;
          observer.unobserve(entry.target);
          drawOne(entry.target);
        });
      }, { rootMargin: "200px 0px" });
    }
    blocks.forEach(function (block) { observer.observe(block); });
  }
  window.addEventListener("beforeprint", drawAll);
  if (window.matchMedia) {
    var print = window.matchMedia("print");
    var onPrint = function (query) { if (query.matches) drawAll(); };
    if (print.addEventListener) print.addEventListener("change", onPrint);
    else if (print.addListener) print.addListener(onPrint);
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { draw(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { draw(document); });
  }
})();
