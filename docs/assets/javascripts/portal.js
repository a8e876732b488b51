// The portal's park list (generator/render/templates/portal.html.j2): filters by grade, level, zone type,
// province, prefecture and leading industry. Progressive enhancement: without JavaScript the form stays hidden and
// every park shows. On a phone the unfiltered list shows its first parks and a button for the rest,
// so that the page is not a wall of cards; a filter always shows every park that matches.
(function () {
  var PHONE_LIMIT = 20;
  var phone = window.matchMedia ? window.matchMedia("(max-width: 44.9375em)") : { matches: false };

  function setup(root) {
    if (root.dataset.paPortal) return;
    root.dataset.paPortal = "yes";
    var form = root.querySelector(".pa-portal-filter");
    // in the table's current order: the sort buttons (tables.js) reorder the rows
    function currentRows() { return Array.prototype.slice.call(root.querySelectorAll("table tbody tr")); }
    var selects = Array.prototype.slice.call(form.querySelectorAll("select[data-pa-filter]"));
    var count = form.querySelector(".pa-portal-count");
    var more = root.querySelector(".pa-portal-more");
    var showAll = false;

    function matches(row, want) {
      return Object.keys(want).every(function (key) {
        if (key === "industry") return (row.dataset.industry || "").split("|").indexOf(want[key]) >= 0;
        return row.dataset[key] === want[key];
      });
    }
    function apply() {
      var want = {};
      selects.forEach(function (s) { if (s.value) want[s.dataset.paFilter] = s.value; });
      var filtered = Object.keys(want).length > 0;
      var limit = !filtered && !showAll && phone.matches ? PHONE_LIMIT : Infinity;
      var matched = 0;
      var rows = currentRows();
      rows.forEach(function (row) {
        var ok = matches(row, want);
        if (ok) matched += 1;
        row.hidden = !ok || matched > limit;
      });
      if (filtered) count.textContent = "符合条件的园区：" + matched + " 个（共 " + rows.length + " 个）";
      else if (matched > limit) count.textContent = "显示前 " + limit + " 个园区（共 " + rows.length + " 个）";
      else count.textContent = "显示全部 " + rows.length + " 个园区";
      more.hidden = !(matched > limit);
    }
    selects.forEach(function (s) { s.addEventListener("change", apply); });
    root.addEventListener("click", function (e) { if (e.target.closest && e.target.closest("thead")) setTimeout(apply, 0); });
    form.addEventListener("reset", function () { setTimeout(apply, 0); });
    form.addEventListener("submit", function (e) { e.preventDefault(); });
    more.querySelector("button").addEventListener("click", function () { showAll = true; apply(); });
    if (phone.addEventListener) phone.addEventListener("change", apply);
    form.hidden = false;
    apply();
  }

  function start() {
    document.querySelectorAll(".pa-portal").forEach(setup);
    // a chart inside a closed <details> is drawn 0 px wide: Vega follows the window's resize
    document.querySelectorAll(".pa-portal-comparison").forEach(function (d) {
      if (d.dataset.paPortal) return;
      d.dataset.paPortal = "yes";
      d.addEventListener("toggle", function () { if (d.open) window.dispatchEvent(new Event("resize")); });
    });
  }
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(function () { setTimeout(start, 0); });
  } else {
    document.addEventListener("DOMContentLoaded", start);
  }
})();
