// ParkAudit (generator/site/search_index.py): split Chinese from the digits and Latin letters
// next to it in search queries, fetch the shards of a split index that a query needs, and run
// Material's search worker unchanged. Material's worker (40 KB) is loaded with the first
// message, which comes with the index on first use of search.
var SETUP = @SETUP@, READY = @READY@, QUERY = @QUERY@, RESULT = @RESULT@;
var material = false;
var base = null;     // what the page handed over: config and docs of search_index.json
var shards = [];     // config.parkaudit.shards: {file, bits, filter, docs once fetched}
var latest = null;   // the last query, asked again once new shards are in
var phrase = "";     // the last query as typed, without spaces
var texts = null;    // location → its entry's title and text as phraseFirst and present compare them
var entries = null;  // location → its entry, as the index holds it (made with texts)
var ours = false;    // a SETUP message of this wrapper (base + shards) is being handed on
var rebuilding = 0;  // READY answers to such messages, which the page must not see
var post = self.postMessage.bind(self);
self.postMessage = function (message) {
  if (message && message.type === READY && rebuilding > 0) {
    rebuilding--;
    if (latest !== null) self.dispatchEvent(new MessageEvent("message", { data: { type: QUERY, data: latest } }));
    return;
  }
  if (message && message.type === RESULT && message.data && message.data.items) message.data.items = lead(present(phraseFirst(message.data.items)));
  post(message);
};

// Material ranks a page by its words, a title's a thousand times over its text's: every synthetic
// park's title has 合成 in it, and so does every synthetic enterprise's name, so the page that holds
// the whole name typed came after every park. The pages that hold the query as typed (spaces and
// the zero-width spaces between words aside) come first, in Material's order among themselves,
// each led by its section that holds the query.
// The entries' whole text is looked at: a result holds only the start of it.
function flat(text) {
  return String(text || "").replace(/<[^>]*>|\u200b|\s/g, "");
}
function entryTexts() {
  if (!texts) {
    texts = new Map();
    entries = new Map();
    var add = function (doc) {
      texts.set(doc.location, (flat(doc.title) + "|" + flat(doc.text)).toLowerCase());
      entries.set(doc.location, doc);
    };
    base.docs.forEach(add);
    shards.forEach(function (shard) { (shard.docs || []).forEach(add); });
  }
  return texts;
}
function phraseFirst(items) {
  if (phrase.length < 2 || !base) return items;
  var known = entryTexts();
  var has = function (doc) { return (known.get(doc.location) || "").indexOf(phrase) >= 0; };
  var first = function (list, test) {
    return list.filter(test).concat(list.filter(function (x) { return !test(x); }));
  };
  // and within a page, the section that holds it is the one shown (Material shows a page's first)
  return first(items, function (group) { return group.some(has); }).map(function (group) {
    return group.some(has) ? first(group, has) : group;
  });
}

// Material splits a Chinese query into the index's words and joins them with "* ", to which it
// adds its own "*": every word but the last becomes "化学**", which its check of the words a
// result holds never finds, so each result said 缺少: 化学* (missing) under the very word
// highlighted (单位工业增加值: 缺少 单位*). A word a result's entry holds is marked as found.
function present(items) {
  if (!base) return items;
  var known = entryTexts();
  items.forEach(function (group) {
    group.forEach(function (item) {
      var text = known.get(item.location);
      if (!text || !item.terms) return;
      Object.keys(item.terms).forEach(function (term) {
        var word = term.replace(/\*+$/, "").toLowerCase();
        if (!item.terms[term] && word && text.indexOf(word) >= 0) item.terms[term] = true;
      });
    });
  });
  return items;
}

// Material shows of a result's text the first two paragraphs that hold a word of the query, and a
// table is indexed as one section, a paragraph a cell: an enterprise searched for by its full name
// had its section found first, but the excerpt showed the table's first firms that share a word
// of the name (昆明, 有限公司) and not the one searched for. A result whose excerpt lacks the query
// as typed, while a paragraph of its entry holds it, shows that paragraph first, the query marked.
function lead(items) {
  if (phrase.length < 2 || !base) return items;
  entryTexts();
  items.forEach(function (group) {
    group.forEach(function (item) {
      var doc = entries.get(item.location);
      if (!doc || typeof item.text !== "string" || flat(item.text).toLowerCase().indexOf(phrase) >= 0) return;
      var paragraphs = String(doc.text || "").match(/<p>[\s\S]*?<\/p>/g) || [];
      for (var i = 0; i < paragraphs.length; i++) {
        var shown = marked(paragraphs[i]);
        if (shown === null) continue;
        var blocks = item.text.match(/<p>[\s\S]*?<\/p>/g) || [];
        item.text = shown + blocks.slice(0, 1).join("");
        return;
      }
    });
  });
  return items;
}
// the paragraph with the query as typed in <mark> (the zero-width spaces between words and the
// spaces aside), or null when it does not hold it; unmarked if a tag falls inside the query
function marked(paragraph) {
  var at = [], text = "";
  for (var i = 0, tag = false; i < paragraph.length; i++) {
    var c = paragraph[i];
    if (c === "<") tag = true;
    if (!tag && c !== "\u200b" && !/\s/.test(c)) { at.push(i); text += c.toLowerCase(); }
    if (c === ">") tag = false;
  }
  var start = text.indexOf(phrase);
  if (start < 0) return null;
  var from = at[start], to = at[start + phrase.length - 1] + 1;
  if (paragraph.slice(from, to).indexOf("<") >= 0) return paragraph;
  return paragraph.slice(0, from) + "<mark>" + paragraph.slice(from, to) + "</mark>" + paragraph.slice(to);
}

// the keys of a query, as index_keys takes them from the index: ASCII words, then each run of
// Han characters whole (whole) or as pairs of neighbouring characters
function keys(query, whole) {
  var text = query.replace(/\u200b/g, "").toLowerCase(), out = text.match(/[0-9a-z]+/g) || [];
  (text.match(/[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+/g) || []).forEach(function (run) {
    if (whole || run.length === 1) out.push(run);
    else for (var i = 0; i + 1 < run.length; i++) out.push(run.slice(i, i + 2));
  });
  return out;
}
function fnv(key, h) {
  for (var i = 0; i < key.length; i++) h = Math.imul(h ^ key.charCodeAt(i), 16777619) >>> 0;
  return h;
}
function holds(shard, key) {
  var h1 = fnv(key, @SEED1@), h2 = (fnv(key, @SEED2@) | 1) >>> 0;
  for (var i = 0; i < @HASHES@; i++) {
    var p = (h1 + i * h2) % shard.bits;
    if (!(shard.bytes.charCodeAt(p >> 3) & (1 << (p & 7)))) return false;
  }
  return true;
}
// the shards that hold every key of the query (whole runs first, else pairs); none when more than
// the limit do: such a query is too general to fetch the nation for it
function route(query) {
  for (var tier = 0; tier < 2 && shards.length; tier++) {
    var wanted = keys(query, tier === 0), hits = [];
    if (!wanted.length) return [];
    shards.forEach(function (shard) {
      if (wanted.every(function (key) { return holds(shard, key); })) hits.push(shard);
    });
    if (hits.length) return hits.length <= base.config.parkaudit.limit ? hits : [];
  }
  return [];
}
function fetchShard(shard) {
  shard.docs = [];
  try {  // synchronous: the worker answers nothing else meanwhile, and queries wait in order
    var request = new XMLHttpRequest();
    request.open("GET", new URL(@SEARCH@ + shard.file, self.location.href).href, false);
    request.send();
    if (request.status === 200) shard.docs = JSON.parse(request.responseText).docs;
    else console.warn("search shard " + shard.file + ": HTTP " + request.status);
  } catch (error) {
    console.warn("search shard " + shard.file + ": " + error);
  }
}
// fetch the shards a query needs, then hand Material the base and every shard fetched so far (a
// park's name entry in the base gives way to its pages' entries)
function extend(wanted) {
  var fresh = wanted.filter(function (shard) { return !shard.docs; });
  if (!fresh.length) return;
  fresh.forEach(fetchShard);
  texts = null;
  var fetched = shards.filter(function (shard) { return shard.docs; }), inShards = new Set(), docs = [];
  fetched.forEach(function (shard) { shard.docs.forEach(function (doc) { inShards.add(doc.location); }); });
  base.docs.forEach(function (doc) { if (!inShards.has(doc.location)) docs.push(doc); });
  fetched.forEach(function (shard) { docs = docs.concat(shard.docs); });
  rebuilding++;
  ours = true;
  try {
    self.dispatchEvent(new MessageEvent("message", { data: { type: SETUP, data: { config: base.config, docs: docs, options: base.options } } }));
  } finally {
    ours = false;
  }
}

// Material answers from what it has first; the shards come after, and the query again
function later(wanted) {
  if (wanted.length) setTimeout(function () { extend(wanted); }, 0);
}

self.addEventListener("message", function (event) {
  var message = event.data;
  if (message && message.type === SETUP && !ours && message.data && message.data.config) {
    base = message.data;
    texts = null;
    shards = ((base.config.parkaudit || {}).shards || []).map(function (shard) {
      return { file: shard.file, bits: shard.bits, bytes: atob(shard.filter), docs: null };
    });
    // a query typed while the page was still fetching the index came first: its shards now
    if (latest !== null) later(route(latest));
  }
  if (message && message.type === QUERY && typeof message.data === "string") {
    phrase = flat(message.data).toLowerCase();
    message.data = message.data
      .replace(/(\p{sc=Han})(?=[0-9A-Za-z])/gu, "$1 ")
      .replace(/([0-9A-Za-z])(?=\p{sc=Han})/gu, "$1 ");
    latest = message.data;
    if (base) later(route(latest));
  }
  if (!material) {
    material = true;
    importScripts(new URL(@MATERIAL@, self.location.href).href);
    // its listener was added during this event: hand it the message again
    event.stopImmediatePropagation();
    self.dispatchEvent(new MessageEvent("message", { data: message }));
  }
});
