// Every page's tables, before the layout below as when charts.js (now on chart pages only) ran first:
// keyboard-reachable scrolling and sortable columns.
(function () {
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
        button.title = "按此列排序";
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
  function start() { focusableScrollers(document); sortable(document); }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(start);
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
// No table column may be hidden (issue 13): a table that does not fit its column after wrapping
// is shown as stacked cards (data-pa-stacked), one card per row, each cell labelled with its column header.
// Measured, not guessed from the screen width: the same table fits at 1366 px and not at 390 px,
// a narrow table fits everywhere, and the result follows a resize or a rotated phone.
(function () {
  function label(table) {
    var head = table.tHead && table.tHead.rows[0];
    if (!head) return;
    var names = Array.prototype.map.call(head.cells, function (th) { return (th.textContent || "").replace("⇅", "").trim(); });
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        Array.prototype.forEach.call(row.cells, function (cell, i) {
          if (names[i]) cell.setAttribute("data-pa-label", names[i]);
          // a short value (a date, a number, a code, a bound such as "≤ 0.25", a word of up to four characters) is never
          // broken across lines: a table that cannot hold it becomes cards instead
          var text = (cell.textContent || "").trim();
          if (/^(?:[≤≥<>] ?)?[\x21-\x7E]{1,14}$/.test(text) || text.length <= 4) cell.setAttribute("data-pa-short", "");
        });
      });
    });
  }
  function room(table) {
    // the width the page gives the table: its nearest container that is not one of Material's
    // table wrappers (these scroll, and their width follows the table's)
    var box = table.parentElement;
    while (box && (box.classList.contains("md-typeset__table") || box.classList.contains("md-typeset__scrollwrap"))) box = box.parentElement;
    var style = getComputedStyle(box);
    return box.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
  }
  function layout(root) {
    root.querySelectorAll(".md-typeset table").forEach(function (table) {
      if (!table.tHead) return;
      label(table);
      // a data attribute, not a class: Material styles tables by table:not([class])
      table.removeAttribute("data-pa-stacked");
      // a table inside a closed <details> or a hidden tab has no size yet: it is laid out when shown
      if (table.offsetParent === null) return;
      // on a phone, more than three columns squeeze words to a character per line: cards read better
      var columns = table.tHead.rows[0].cells.length;
      var space = room(table);
      if (table.scrollWidth > space + 1 || (columns > 3 && space < 480)) table.setAttribute("data-pa-stacked", "");
    });
  }
  function keepingAnchor(work) {
    // Cards are taller than the table rows they replace. A page opened at an anchor (the overview's
    // link to indicators.html#hj274, a search result) has been scrolled to it already, and the
    // tables above it growing would push it thousands of pixels down on a phone: the anchor's
    // element is put back where it was on the screen.
    var id = location.hash ? decodeURIComponent(location.hash.slice(1)) : "";
    var target = id ? document.getElementById(id) : null;
    var before = target ? target.getBoundingClientRect().top : 0;
    work();
    if (target) {
      var shift = target.getBoundingClientRect().top - before;
      if (Math.abs(shift) > 1) window.scrollBy(0, shift);
    }
  }
  function start() {
    keepingAnchor(function () { layout(document); });
    document.querySelectorAll(".md-typeset details").forEach(function (d) {
      if (d.dataset.paTables) return;
      d.dataset.paTables = "yes";
      d.addEventListener("toggle", function () { if (d.open) layout(d); });
    });
    // so is a table in a tab not shown yet (the indicators page's 表格 and 说明): laid out when chosen
    document.querySelectorAll(".md-typeset .tabbed-set > input").forEach(function (input) {
      if (input.dataset.paTables) return;
      input.dataset.paTables = "yes";
      input.addEventListener("change", function () { if (input.checked) layout(input.parentElement); });
    });
  }
  var timer = null;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(function () { layout(document); }, 100);
  });
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setTimeout(start, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
  // again once fonts and Material's table wrappers are in place
  window.addEventListener("load", function () { keepingAnchor(function () { layout(document); }); });
})();
