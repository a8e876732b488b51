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
  // Tables inside .pa-sortable sort by a column when its header button is pressed; numbers sort
  // as numbers ('1,234.5', '37.25'), text in Chinese collation, and aria-sort says the order.
  function cellKey(cell) {
    var text = (cell.textContent || "").trim();
    var num = parseFloat(text.replace(/[,，%]/g, ""));
    return isNaN(num) || !/^[-+]?[0-9.,，%]+$/.test(text.replace(/\s/g, "")) ? { t: text } : { n: num };
  }
  function compare(a, b) {
    if (a.n !== undefined && b.n !== undefined) return a.n - b.n;
    if (a.n !== undefined) return -1;
    if (b.n !== undefined) return 1;
    return a.t.localeCompare(b.t, "zh-Hans-CN");
  }
  function sortable(root) {
    root.querySelectorAll(".pa-sortable table").forEach(function (table) {
      if (table.dataset.paSortable) return;
      table.dataset.paSortable = "yes";
      var heads = table.tHead ? table.tHead.rows[0].cells : [];
      Array.prototype.forEach.call(heads, function (th, index) {
        var button = document.createElement("button");
        button.type = "button";
        button.className = "pa-sort";
        button.innerHTML = th.innerHTML;
        button.title = "按此列排序 / sort by this column";
        th.innerHTML = "";
        th.appendChild(button);
        th.setAttribute("aria-sort", "none");
        button.addEventListener("click", function () {
          var ascending = th.getAttribute("aria-sort") !== "ascending";
          Array.prototype.forEach.call(heads, function (h) { h.setAttribute("aria-sort", "none"); });
          th.setAttribute("aria-sort", ascending ? "ascending" : "descending");
          var body = table.tBodies[0];
          var rows = Array.prototype.slice.call(body.rows);
          rows.sort(function (r1, r2) {
            var c = compare(cellKey(r1.cells[index]), cellKey(r2.cells[index]));
            return ascending ? c : -c;
          });
          rows.forEach(function (r) { body.appendChild(r); });
        });
      });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { draw(document); focusableScrollers(document); sortable(document); });
  } else {
    document.addEventListener("DOMContentLoaded", function () { draw(document); focusableScrollers(document); sortable(document); });
  }
})();
