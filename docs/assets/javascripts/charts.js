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
