// Switching audit cycle keeps the page (issue 13). A site published with `parkaudit publish` has one
// version per cycle (mike); Material's version selector, and the "newer cycle" notice
// (overrides/main.html), would drop the reader on the other version's home page. Here both go to the
// same page in the other version when it exists there (asked with a HEAD request), else to that
// version's home. Without JavaScript, or when the check cannot be made, the links work as they are.
(function () {
  function versionRoot() {
    var node = document.getElementById("__config");
    if (!node) return null;
    try { return new URL(JSON.parse(node.textContent).base + "/", location.href); } catch (e) { return null; }
  }
  // the page's path within its version: "reports/anning-ip/indicators.html#x"
  function pageInVersion(root) {
    var here = location.href;
    return here.indexOf(root.href) === 0 ? here.slice(root.href.length) : "";
  }
  function samePageOr(targetRoot) {
    var root = versionRoot();
    var page = root ? pageInVersion(root) : "";
    var home = new URL(targetRoot, location.href);
    if (!page || location.protocol === "file:") return Promise.resolve(home.href);
    var candidate = new URL(page, home);
    var bare = candidate.href.split("#")[0];
    return fetch(bare, { method: "HEAD", cache: "no-cache" })
      .then(function (r) { return r.ok ? candidate.href : home.href; })
      .catch(function () { return home.href; });
  }
  function go(event, targetRoot) {
    event.preventDefault();
    event.stopImmediatePropagation();
    samePageOr(targetRoot).then(function (url) { location.href = url; });
  }
  function newestVersionRoot(root) {
    // the site's root is the version folder's parent; mike lists the newest version first
    var siteRoot = new URL("../", root);
    return fetch(new URL("versions.json", siteRoot).href)
      .then(function (r) { return r.json(); })
      .then(function (versions) { return new URL(versions[0].version + "/", siteRoot).href; });
  }
  // capture phase: runs before Material's own handler on the selector's links
  document.addEventListener("click", function (event) {
    if (event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target.closest && event.target.closest("a");
    if (!link) return;
    if (link.classList.contains("md-version__link")) {
      go(event, link.href);
    } else if (link.classList.contains("pa-newer-cycle")) {
      var root = versionRoot();
      if (!root) return;
      event.preventDefault();
      event.stopImmediatePropagation();
      newestVersionRoot(root).then(samePageOr, function () { return link.href; }).then(function (url) { location.href = url; });
    }
  }, true);
})();
