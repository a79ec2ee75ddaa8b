(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kgbuild-data").textContent);
  var info = data.info;
  var WIKIDATA = "https://www.wikidata.org/wiki/";
  var QID = /^Q[1-9][0-9]{0,11}$/;
  var EVIDENCE_SHOWN = 25;
  var container = document.getElementById("graph");
  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var network = new vis.Network(container, { nodes: nodes, edges: edges }, data.options);
  window.network = network;
  window.kgbuildDrawn = false;
  window.kgbuildStabilized = data.nodes.length === 0;
  var settled = !data.physics || data.nodes.length === 0;

  network.on("afterDrawing", function firstFrame() {
    if (!settled) { return; }
    network.off("afterDrawing", firstFrame);
    window.kgbuildDrawnAt = performance.now();
    window.kgbuildDrawn = true;
    window.kgbuildStabilized = true;
    if (data.selected) { selectNode(data.selected, false); }
  });
  function settle() {
    if (settled) { return; }
    // Freeze the settled layout: filters and drags then move nothing else.
    network.setOptions({ physics: { enabled: false } });
    settled = true;
    network.redraw();
  }
  if (!settled) {
    network.once("stabilizationIterationsDone", settle);
    // The iteration count bounds the wait; this only guards against the event never coming.
    setTimeout(settle, 20000);
  }

  // ---- small DOM helpers: article text only ever goes in as text
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function add(parent, child) { parent.appendChild(child); return child; }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function foldText(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[\u2018\u2019]/g, "'").replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }
  function swatch(group) {
    var style = data.styles[group] || data.styles.Actor;
    var dot = el("span", "dot");
    dot.style.display = "inline-block";
    dot.style.width = "0.7rem";
    dot.style.height = "0.7rem";
    dot.style.borderRadius = style.shape === "dot" ? "50%" : "2px";
    dot.style.background = style.colour;
    return dot;
  }

  // ---- adjacency, for the panel's lists
  var edgesOf = {};
  data.edges.forEach(function (e) {
    (edgesOf[e.from] = edgesOf[e.from] || []).push(e.id);
    (edgesOf[e.to] = edgesOf[e.to] || []).push(e.id);
  });
  var edgeById = {};
  data.edges.forEach(function (e) { edgeById[e.id] = e; });

  // ---- side panel
  var panel = document.getElementById("panel");
  var body = document.getElementById("panel-body");
  document.getElementById("panel-close").addEventListener("click", function () {
    hidePanel(); network.unselectAll();
  });
  function hidePanel() { panel.hidden = true; clear(body); panel.removeAttribute("data-id"); }
  function openPanel(id) { clear(body); panel.hidden = false; panel.setAttribute("data-id", id); panel.scrollTop = 0; }
  function uncoveredWidth() {
    return container.clientWidth - (panel.hidden ? 0 : panel.offsetWidth);
  }
  // Fit the shown nodes into the part of the canvas that the legend and the panel leave free.
  function fitVisible() {
    var ids = nodes.getIds({ filter: function (n) { return !n.hidden; } });
    if (!ids.length) { return; }
    var boxes = ids.map(function (id) { return network.getBoundingBox(id); });
    var left = Math.min.apply(null, boxes.map(function (b) { return b.left; }));
    var right = Math.max.apply(null, boxes.map(function (b) { return b.right; }));
    var top = Math.min.apply(null, boxes.map(function (b) { return b.top; }));
    var bottom = Math.max.apply(null, boxes.map(function (b) { return b.bottom; }));
    var legend = document.getElementById("legend");
    var inset = legend.offsetLeft + legend.offsetWidth + 8;
    var width = Math.max(uncoveredWidth() - inset, 100), height = Math.max(container.clientHeight, 100);
    var scale = Math.min(0.95 * width / Math.max(right - left, 1), 0.95 * height / Math.max(bottom - top, 1), 1.5);
    // The middle of the free band, in canvas units away from the middle of the canvas.
    var shift = (container.clientWidth / 2 - (inset + width / 2)) / scale;
    network.moveTo({ position: { x: (left + right) / 2 + shift, y: (top + bottom) / 2 }, scale: scale });
  }
  // A selected node that the panel covers moves into the free part of the canvas.
  function revealNode(id) {
    var at = network.canvasToDOM(network.getPositions([id])[id]);
    var width = uncoveredWidth();
    if (at.x > width - 20 || at.x < 20 || at.y < 20 || at.y > container.clientHeight - 20) {
      var scale = network.getScale();
      var view = network.getViewPosition();
      network.moveTo({
        position: { x: view.x + (at.x - width / 2) / scale, y: view.y + (at.y - container.clientHeight / 2) / scale },
        animation: { duration: 300 }
      });
    }
  }

  function nodeLink(id, name) {
    if (!info[id]) { return el("span", null, name); }
    var button = el("button", "link", name || info[id].name);
    button.type = "button";
    button.addEventListener("click", function () { selectNode(id, true); });
    return button;
  }
  function edgeLink(id, text) {
    var button = el("button", "link", text);
    button.type = "button";
    button.addEventListener("click", function () { selectEdge(id); });
    return button;
  }
  function who(person) {
    if (!person) { return null; }
    return person.id ? nodeLink(person.id, person.name) : el("span", null, person.name);
  }
  function row(dl, term, content) {
    add(dl, el("dt", null, term));
    var dd = add(dl, el("dd"));
    if (typeof content === "string") { dd.textContent = content; } else if (content) { dd.appendChild(content); }
    return dd;
  }
  function heading(kind, group, name) {
    var kindLine = add(body, el("div", "kind"));
    if (group) { kindLine.appendChild(swatch(group)); }
    add(kindLine, el("span", null, kind));
    add(body, el("h2", null, name));
  }

  function highlighted(parent, text, words) {
    var ranges = [];
    words.forEach(function (word) {
      if (!word) { return; }
      var at = text.indexOf(word);
      while (at >= 0) { ranges.push([at, at + word.length]); at = text.indexOf(word, at + word.length); }
    });
    ranges.sort(function (a, b) { return a[0] - b[0] || b[1] - a[1]; });
    var pos = 0;
    ranges.forEach(function (r) {
      if (r[0] < pos) { return; }
      if (r[0] > pos) { parent.appendChild(document.createTextNode(text.slice(pos, r[0]))); }
      add(parent, el("mark", null, text.slice(r[0], r[1])));
      pos = r[1];
    });
    if (pos < text.length) { parent.appendChild(document.createTextNode(text.slice(pos))); }
  }
  function documentLine(docIndex) {
    var doc = data.docs[docIndex];
    if (!doc) { return el("div", "source", "unknown document"); }
    var parts = [doc.file];
    if (doc.title) { parts.push("“" + doc.title + "”"); }
    if (doc.outlet) { parts.push(doc.outlet); }
    if (doc.date) { parts.push(doc.date); }
    return el("div", "source", parts.join(" · "));
  }
  function claimLine(claimIndex) {
    var claim = data.claims[claimIndex];
    var line = el("div", "claim");
    add(line, el("span", null, claim.by || claim.source ? "claimed by " : "from a claim"));
    if (claim.by) { line.appendChild(who(claim.by)); }
    else if (claim.source) { add(line, el("span", null, claim.source)); }
    var flags = [];
    if (claim.hedged) { flags.push("hedged"); }
    if (claim.negated) { flags.push("denied"); }
    if (flags.length) { add(line, el("span", null, " (" + flags.join(", ") + ")")); }
    return line;
  }
  function claimants(evidence) {
    var seen = {}, out = [];
    evidence.forEach(function (i) {
      (data.evidence[i][3] || []).forEach(function (c) {
        var claim = data.claims[c];
        var key = claim.by ? "id:" + (claim.by.id || claim.by.name) : "src:" + (claim.source || "");
        if (!seen[key]) { seen[key] = true; out.push(claim); }
      });
    });
    return out;
  }
  function evidenceList(evidence) {
    var groups = [], byKey = {};
    evidence.forEach(function (i) {
      var e = data.evidence[i];
      var key = e[0] + ":" + e[1];
      var group = byKey[key];
      if (!group) {
        group = byKey[key] = { doc: e[0], sentence: data.sentences[e[1]], words: [], claims: [] };
        groups.push(group);
      }
      if (e[2] && group.words.indexOf(e[2]) < 0) { group.words.push(e[2]); }
      (e[3] || []).forEach(function (c) { if (group.claims.indexOf(c) < 0) { group.claims.push(c); } });
    });
    var list = el("ol", "evidence");
    function show(limit) {
      clear(list);
      groups.slice(0, limit).forEach(function (g) {
        var item = add(list, el("li"));
        highlighted(add(item, el("blockquote")), g.sentence, g.words);
        item.appendChild(documentLine(g.doc));
        g.claims.forEach(function (c) { item.appendChild(claimLine(c)); });
      });
      if (groups.length > limit) {
        var more = add(add(list, el("li", "note")), el("button", "link", "show all " + groups.length + " sentences"));
        more.type = "button";
        more.addEventListener("click", function () { show(groups.length); });
      }
    }
    show(EVIDENCE_SHOWN);
    return { list: list, sentences: groups.length };
  }
  function evidenceSection(evidence, title) {
    var built = evidenceList(evidence);
    add(body, el("h3", null, title + " (" + built.sentences + (built.sentences === 1 ? " sentence)" : " sentences)")));
    if (!built.sentences) { add(body, el("p", "note", "No sentence recorded.")); return; }
    body.appendChild(built.list);
  }

  function showEntity(id, d) {
    heading(d.cls, d.cls, d.name);
    var dl = add(body, el("dl"));
    if (d.alt.length) {
      var names = el("ul", "plain names");
      d.alt.forEach(function (name) { add(names, el("li", null, name)); });
      row(dl, "Other names", names);
    }
    (d.wd || []).forEach(function (q) {
      if (!QID.test(q)) { return; }
      var link = el("a", null, "wd:" + q);
      link.href = WIKIDATA + q;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      row(dl, "Wikidata", link);
    });
    (d.same || []).forEach(function (s) { row(dl, "Same as", s); });
    if (d.geo) { row(dl, "Coordinates", d.geo[0] + ", " + d.geo[1]); }
    row(dl, "Connections", d.deg + (d.btw === undefined ? "" : " (betweenness " + d.btw.toFixed(3) + ")"));
    var relations = [], roles = [];
    (edgesOf[currentId] || []).forEach(function (eid) {
      (info[eid].t === "relation" ? relations : roles).push(eid);
    });
    if (relations.length) {
      add(body, el("h3", null, "Relations"));
      var ul = add(body, el("ul", "plain"));
      relations.forEach(function (eid) {
        var e = edgeById[eid], x = info[eid], li = add(ul, el("li"));
        var other = e.from === currentId ? e.to : e.from;
        var arrow = !x.dir ? " ↔ " : (e.from === currentId ? " → " : " ← ");
        li.appendChild(edgeLink(eid, e.label));
        add(li, el("span", null, arrow));
        li.appendChild(nodeLink(other));
        if (x.co) { add(li, el("span", "claim", " (claim only)")); }
      });
    }
    if (roles.length) {
      add(body, el("h3", null, "Events"));
      var events = add(body, el("ul", "plain roles"));
      roles.forEach(function (eid) {
        var e = edgeById[eid], li = add(events, el("li"));
        add(li, el("span", "role", e.label));
        li.appendChild(nodeLink(e.from));
      });
    }
    evidenceSection(d.ev, "Mentions");
  }

  function figureCell(figure) {
    var cell = el("td");
    var source = who(figure.by);
    if (source) { cell.appendChild(source); }
    else if (figure.source) { cell.textContent = figure.source; }
    else { add(cell, el("span", "note", "not said")); }
    return cell;
  }
  function showEvent(id, d) {
    heading(d.cls, "Event", d.name);
    var dl = add(body, el("dl"));
    var t = d.time || {};
    var when = t.at || ((t.begin || t.end) ? (t.begin || "?") + " – " + (t.end || "?") : "");
    if (when) { row(dl, "Time", when + (t.precision ? " (" + t.precision + ")" : "")); }
    if (t.text) { row(dl, "As written", t.text); }
    if (!when && !t.text) { row(dl, "Time", "not said"); }
    d.places.forEach(function (p) { row(dl, "Place", nodeLink(p)); });
    if (d.co) { add(body, el("div", "badge", "Only claims report this event")); }
    var people = d.roles.filter(function (r) { return r[0] !== "place"; });
    if (people.length) {
      add(body, el("h3", null, "Participants"));
      var ul = add(body, el("ul", "plain roles"));
      people.forEach(function (r) {
        var li = add(ul, el("li"));
        add(li, el("span", "role", r[0]));
        li.appendChild(nodeLink(r[1]));
      });
    }
    if (d.figures.length) {
      add(body, el("h3", null, "Casualty figures (" + d.figures.length + ")"));
      var table = add(body, el("table", "figures"));
      var head = add(add(table, el("thead")), el("tr"));
      ["Figure", "Category", "Victims", "Given by"].forEach(function (h) { add(head, el("th", null, h)); });
      var tbody = add(table, el("tbody"));
      d.figures.forEach(function (f) {
        var tr = add(tbody, el("tr"));
        var figure = add(tr, el("td", "figure", f.text || f.count || ""));
        figure.title = [f.qualifier, f.count || (f.min ? f.min + "–" + (f.max || "?") : "")].filter(Boolean).join(" ");
        add(tr, el("td", null, f.category || ""));
        var victims = add(tr, el("td"));
        if (f.victims) { victims.appendChild(who(f.victims)); }
        tr.appendChild(figureCell(f));
        if (f.ev && f.ev.length) {
          var quote = add(add(tbody, el("tr")), el("td"));
          quote.colSpan = 4;
          var e = data.evidence[f.ev[0]];
          highlighted(add(quote, el("div", "quote")), data.sentences[e[1]], [e[2]]);
          quote.appendChild(documentLine(e[0]));
        }
      });
      add(table, el("caption", null, "Every figure is kept with its source; none is chosen."));
    }
    evidenceSection(d.ev, "Evidence");
  }

  function showEdge(id) {
    var e = edgeById[id], d = info[id];
    if (!e || !d) { return; }
    openPanel(id);
    currentId = id;
    heading(d.t === "relation" ? "Relation" : "Event role", null, e.label);
    var line = add(body, el("p"));
    line.appendChild(nodeLink(e.from));
    add(line, el("span", null, d.dir === false ? " ↔ " + e.label + " ↔ " : " → " + e.label + " → "));
    line.appendChild(nodeLink(e.to));
    var dl = add(body, el("dl"));
    row(dl, "Property", d.preds.join(", "));
    var claimed = claimants(d.ev);
    if (claimed.length) {
      var list = el("ul", "plain");
      claimed.forEach(function (c) {
        var li = add(list, el("li"));
        if (c.by) { li.appendChild(who(c.by)); } else { li.textContent = c.source || "an unnamed source"; }
      });
      row(dl, "Claimed by", list);
    }
    if (d.co) { add(body, el("div", "badge", "Only claims support this")); }
    if (d.evAll) { add(body, el("p", "note", "No sentence names both; the event's evidence follows.")); }
    evidenceSection(d.ev, "Evidence");
  }

  var currentId = null;
  function showNode(id) {
    var d = info[id];
    if (!d) { return; }
    currentId = id;
    openPanel(id);
    if (d.t === "event") { showEvent(id, d); } else { showEntity(id, d); }
  }
  function selectNode(id, focus) {
    if (!info[id] || !nodes.get(id)) { return; }
    var node = nodes.get(id);
    showNode(id);
    if (!node.hidden) {
      network.selectNodes([id]);
      if (focus) {
        var scale = Math.max(network.getScale(), 0.9);
        var shift = (container.clientWidth - uncoveredWidth()) / 2 / scale;
        var at = network.getPositions([id])[id];
        network.moveTo({ position: { x: at.x + shift, y: at.y }, scale: scale, animation: { duration: 350 } });
      } else {
        revealNode(id);
      }
    }
  }
  function selectEdge(id) {
    if (!edgeById[id]) { return; }
    if (!edges.get(id).hidden) { network.selectEdges([id]); }
    showEdge(id);
  }
  function onClick(params) {
    if (params.nodes && params.nodes.length) { showNode(params.nodes[0]); revealNode(params.nodes[0]); }
    else if (params.edges && params.edges.length) { showEdge(params.edges[0]); }
    else { hidePanel(); }
  }
  network.on("click", onClick);
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape") { hidePanel(); closeResults(); network.unselectAll(); }
  });

  // ---- search
  var names = data.nodes.map(function (n) {
    var d = info[n.id];
    var all = [d.name].concat(d.alt || []);
    return { id: n.id, label: d.name, cls: d.cls, names: all, folded: all.map(foldText) };
  });
  var search = document.getElementById("search");
  var results = document.getElementById("search-results");
  var found = [];
  function closeResults() { results.hidden = true; clear(results); }
  function find(query) {
    var q = foldText(query);
    if (!q) { return []; }
    var hits = [];
    names.forEach(function (entry) {
      var best = -1, via = null;
      entry.folded.forEach(function (f, i) {
        var score = f === q ? 3 : (f.indexOf(q) === 0 ? 2 : (f.indexOf(q) > 0 ? 1 : -1));
        if (score > best) { best = score; via = i === 0 ? null : entry.names[i]; }
      });
      if (best >= 0) { hits.push({ entry: entry, score: best, via: via }); }
    });
    hits.sort(function (a, b) {
      return b.score - a.score || a.entry.label.length - b.entry.label.length ||
        (a.entry.label < b.entry.label ? -1 : a.entry.label > b.entry.label ? 1 : 0);
    });
    return hits.slice(0, 15);
  }
  function choose(hit) {
    search.value = hit.entry.label;
    closeResults();
    selectNode(hit.entry.id, true);
  }
  search.addEventListener("input", function () {
    found = find(search.value);
    clear(results);
    if (!search.value.trim()) { results.hidden = true; return; }
    if (!found.length) { add(results, el("li", "note", "no name matches")); }
    found.forEach(function (hit, i) {
      var button = el("button", i === 0 ? "active" : null);
      button.type = "button";
      add(button, el("span", null, hit.entry.label));
      add(button, el("span", "cls", hit.entry.cls));
      if (hit.via) { add(button, el("span", "via", "also called " + hit.via)); }
      button.addEventListener("click", function () { choose(hit); });
      add(add(results, el("li")), button);
    });
    results.hidden = false;
  });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") {
      event.preventDefault();
      if (!found.length) { found = find(search.value); }
      if (found.length) { choose(found[0]); }
    }
  });
  document.getElementById("controls").addEventListener("submit", function (event) { event.preventDefault(); });

  // ---- filters
  var docSelect = document.getElementById("doc-filter");
  data.docs.forEach(function (doc, i) {
    var label = doc.title ? doc.title : doc.file;
    if (doc.date) { label = doc.date + " · " + label; }
    var option = el("option", null, label.length > 70 ? label.slice(0, 69) + "…" : label);
    option.value = String(i);
    option.title = [doc.file, doc.title, doc.outlet, doc.date].filter(Boolean).join(" · ");
    docSelect.appendChild(option);
  });
  var dateFrom = document.getElementById("date-from");
  var dateTo = document.getElementById("date-to");
  var showUndated = document.getElementById("show-undated");
  var showClaims = document.getElementById("show-claims");
  var classBoxes = Array.prototype.slice.call(document.querySelectorAll("input.class-filter"));
  var status = document.getElementById("status");
  var dates = [];
  data.nodes.forEach(function (n) { var r = info[n.id].range; if (r) { dates.push(r[0], r[1]); } });
  dates.sort();
  if (dates.length) {
    [dateFrom, dateTo].forEach(function (input) { input.min = dates[0]; input.max = dates[dates.length - 1]; });
  }
  var hiddenNodes = {}, hiddenEdges = {};
  function applyFilters() {
    var classes = {};
    classBoxes.forEach(function (box) { classes[box.value] = box.checked; });
    var doc = docSelect.value === "" ? -1 : Number(docSelect.value);
    var from = dateFrom.value, to = dateTo.value;
    var claims = showClaims.checked, undated = showUndated.checked;
    var nodeChanges = [], edgeChanges = [], shownNodes = 0, shownEdges = 0;
    data.nodes.forEach(function (n) {
      var d = info[n.id];
      var show = classes[n.group] !== false && (doc < 0 || d.docs.indexOf(doc) >= 0);
      if (show && d.t === "event") {
        if (!claims && d.co) { show = false; }
        else if (!d.range) { show = undated; }
        else if ((from && d.range[1] < from) || (to && d.range[0] > to)) { show = false; }
      }
      if (show) { shownNodes++; }
      if (!!hiddenNodes[n.id] === show) { hiddenNodes[n.id] = !show; nodeChanges.push({ id: n.id, hidden: !show }); }
    });
    data.edges.forEach(function (e) {
      var d = info[e.id];
      var show = !hiddenNodes[e.from] && !hiddenNodes[e.to] && (claims || !d.co) &&
        (doc < 0 || d.docs.indexOf(doc) >= 0);
      if (show) { shownEdges++; }
      if (!!hiddenEdges[e.id] === show) { hiddenEdges[e.id] = !show; edgeChanges.push({ id: e.id, hidden: !show }); }
    });
    if (nodeChanges.length) { nodes.update(nodeChanges); }
    if (edgeChanges.length) { edges.update(edgeChanges); }
    status.textContent = "showing " + shownNodes + " of " + data.nodes.length + " nodes, " +
      shownEdges + " of " + data.edges.length + " links";
  }
  classBoxes.concat([docSelect, dateFrom, dateTo, showUndated, showClaims]).forEach(function (input) {
    input.addEventListener("change", applyFilters);
    input.addEventListener("input", applyFilters);
  });
  document.getElementById("reset").addEventListener("click", function () {
    classBoxes.forEach(function (box) { box.checked = true; });
    docSelect.value = ""; dateFrom.value = ""; dateTo.value = "";
    showUndated.checked = true; showClaims.checked = true;
    search.value = ""; closeResults();
    applyFilters();
    fitVisible();
  });
  applyFilters();

  window.kgbuild = {
    data: data, nodes: nodes, edges: edges, onClick: onClick, selectNode: selectNode,
    selectEdge: selectEdge, find: find, applyFilters: applyFilters, hidePanel: hidePanel,
    fitVisible: fitVisible
  };
})();
