// The report page: data comes from the inert JSON block and is inserted as text only.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("report-data").textContent);
  var RANK = { mismatch: 0, not_found: 1, unchecked: 2, verified: 3, related: 4 };
  var LABEL = { verified: "verified", related: "related", mismatch: "mismatch",
    not_found: "not found", unchecked: "unchecked" };
  var RELATION = { reprint: "checked against a reprint of the work",
    proxy: "checked against a page standing in for the work",
    listing: "checked against a page that lists the work, not its text" };
  var DONE = { accept: "accepted", waive: "waived" };
  var state = { verdict: "all", footnote: "all", kind: "all" };
  var marks = [];
  var rows = [];

  function el(tag, cls, text) {
    var node = document.createElement(tag);
    if (cls) node.className = cls;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function passes(c) {
    return (state.verdict === "all" || c.verdict === state.verdict) &&
      (state.footnote === "all" || String(c.footnote) === state.footnote) &&
      (state.kind === "all" || c.kind === state.kind);
  }

  function worst(indices) {
    return indices.map(function (i) { return data.checks[i].verdict; })
      .sort(function (a, b) { return RANK[a] - RANK[b]; })[0];
  }

  // A link goes in an href only when it is plain http(s): never javascript: or data:.
  function safeHref(url) {
    return typeof url === "string" && /^https?:\/\//i.test(url) ? url : null;
  }

  function renderBlock(block) {
    var host = document.getElementById(block.kind === "footnote" ? "notes" : "brief");
    var p = el("p", "block " + block.kind);
    p.id = block.kind + "-" + block.number;
    // Paragraph and footnote numbers, as the Markdown report and "¶4.1" references use them.
    p.appendChild(el("span", "num", block.kind === "footnote" ? block.number + "." : "¶" + block.number));
    var pos = block.start;
    block.segments.forEach(function (seg) {
      if (seg[0] > pos) p.appendChild(document.createTextNode(data.text.slice(pos, seg[0])));
      var mark = el("mark", "hl", data.text.slice(seg[0], seg[1]));
      mark.tabIndex = 0;
      mark.dataset.checks = seg[2].join(" ");
      mark.dataset.uncited = seg[3] ? "1" : "";
      mark.addEventListener("click", function () { select(mark); });
      mark.addEventListener("keydown", function (ev) {
        if (ev.key === "Enter" || ev.key === " ") { ev.preventDefault(); select(mark); }
      });
      marks.push({ node: mark, checks: seg[2], uncited: seg[3] });
      p.appendChild(mark);
      pos = seg[1];
    });
    if (pos < block.end) p.appendChild(document.createTextNode(data.text.slice(pos, block.end)));
    host.appendChild(p);
  }

  function diffNode(words) {
    var p = el("p", "diff");
    words.forEach(function (op) {
      var tag = op[0] === "-" ? "del" : op[0] === "+" ? "ins" : "span";
      p.appendChild(el(tag, null, op[1]));
    });
    return p;
  }

  // A passage with the claim's words in it highlighted (marks are offsets into the source).
  function passageNode(p) {
    var li = el("li");
    var pos = 0;
    (p.marks || []).map(function (m) { return [m[0] - p.start, m[1] - p.start]; })
      .filter(function (m) { return m[0] >= pos && m[1] <= p.text.length; })
      .forEach(function (m) {
        if (m[0] < pos) return;
        li.appendChild(document.createTextNode(p.text.slice(pos, m[0])));
        li.appendChild(el("b", "term", p.text.slice(m[0], m[1])));
        pos = m[1];
      });
    li.appendChild(document.createTextNode(p.text.slice(pos)));
    var about = "score " + Number(p.score).toFixed(2);
    if (p.terms && p.terms.length) about += " · shares: " + p.terms.join(", ");
    li.appendChild(el("span", "muted", about));
    var href = safeHref(p.url);
    if (href) {
      var a = el("a", "deep-link", "open");
      a.href = href; a.target = "_blank"; a.rel = "noopener noreferrer";
      li.appendChild(a);
    }
    return li;
  }

  function card(i) {
    var c = data.checks[i];
    var box = el("article", "card v-" + c.verdict);
    var head = el("div");
    head.appendChild(el("span", "badge", LABEL[c.verdict] || c.verdict));
    var where = " · " + c.kind + " · footnote " + c.footnote + " · ref " + c.ref;
    if (c.score !== null && c.score !== undefined) where += " · score " + c.score.toFixed(2);
    head.appendChild(el("span", null, where));
    box.appendChild(head);
    box.appendChild(el("p", null, c.reason));
    if (c.relation) box.appendChild(el("p", "where", RELATION[c.relation] || c.relation));
    if (c.evidence && c.evidence.where && c.evidence.where !== "article") {
      box.appendChild(el("p", "where", "found in the page's " + c.evidence.where + ", not its article"));
    }
    box.appendChild(el("h4", null, "The brief says"));
    box.appendChild(el("blockquote", null, c.claimed));
    if (c.evidence) {
      var heading = c.verdict === "not_found" ? "Closest passage in the source" : "The source says";
      box.appendChild(el("h4", null, heading));
      box.appendChild(el("blockquote", "evidence", c.evidence.text));
      if (c.words && c.words.some(function (op) { return op[0] !== "="; })) {
        box.appendChild(el("h4", null, "Word by word"));
        box.appendChild(diffNode(c.words));
      }
    }
    if (c.passages && c.passages.length) {
      box.appendChild(el("h4", null, "Best passages in the source"));
      var list = el("ol", "passages");
      c.passages.slice(0, 3).forEach(function (p) { list.appendChild(passageNode(p)); });
      box.appendChild(list);
    }
    var href = safeHref(c.link);
    if (href) {
      var a = el("a", "deep-link", "Open the passage in the source");
      a.href = href;
      a.target = "_blank";
      a.rel = "noopener noreferrer";
      box.appendChild(el("p")).appendChild(a);
    }
    var src = data.sources[c.ref];
    if (src) {
      var about = "Source " + c.ref + ": " + src.status + (src.copy ? " (" + src.copy + " copy)" : "");
      if (src.title) about += " · " + src.title;
      if (src.changed) about += " · content changed " + src.changed;
      box.appendChild(el("p", "muted", about));
    }
    if (c.review) {
      var r = c.review;
      var text = r.state === "active"
        ? (DONE[r.decision] || r.decision) + " by " + r.reviewer + " on " + r.date + ": " + r.reason
        : r.decision + " by " + r.reviewer + " lapsed: " + r.lapsed;
      box.appendChild(el("p", "review " + r.state, text));
    }
    if (c.note) box.appendChild(el("p", "muted", c.note));
    box.appendChild(el("p", "muted", "check " + c.id));
    return box;
  }

  function uncitedCard() {
    var box = el("article", "card uncited");
    box.appendChild(el("span", "badge", "no citation"));
    box.appendChild(el("p", null, "This sentence states a date or a quotation but cites no " +
      "source: nothing could be checked. Add a footnote or a source for it."));
    return box;
  }

  function showChecks(indices, uncited) {
    var panel = document.getElementById("panel");
    panel.replaceChildren();
    if (uncited) panel.appendChild(uncitedCard());
    var shown = indices.filter(function (i) { return passes(data.checks[i]); });
    (shown.length ? shown : indices).forEach(function (i) { panel.appendChild(card(i)); });
  }

  function select(mark) {
    marks.forEach(function (m) { m.node.classList.remove("selected"); });
    mark.classList.add("selected");
    var ids = mark.dataset.checks ? mark.dataset.checks.split(" ").map(Number) : [];
    showChecks(ids, mark.dataset.uncited === "1");
  }

  function renderRows() {
    var body = document.querySelector("#check-table tbody");
    // Findings first, then by footnote: the order a reviewer works through them.
    var order = data.checks.map(function (c, i) { return i; }).sort(function (a, b) {
      var ca = data.checks[a], cb = data.checks[b];
      return RANK[ca.verdict] - RANK[cb.verdict] || ca.footnote - cb.footnote || a - b;
    });
    order.forEach(function (i) {
      var c = data.checks[i];
      var tr = el("tr");
      tr.dataset.index = String(i);
      var ev = c.evidence ? c.evidence.text : "";
      var review = c.review ? (c.review.state === "active" ? (DONE[c.review.decision] || c.review.decision) : "lapsed") : "";
      [[LABEL[c.verdict], "verdict v-" + c.verdict], [c.footnote], [c.ref], [c.kind], [c.claimed],
        [ev.length > 140 ? ev.slice(0, 139) + "…" : ev],
        [c.score === null || c.score === undefined ? "" : c.score.toFixed(2)], [review]]
        .forEach(function (cell) { tr.appendChild(el("td", cell[1], cell[0])); });
      tr.addEventListener("click", function () {
        var hit = marks.filter(function (m) { return m.checks.indexOf(i) >= 0; })[0];
        if (hit) { hit.node.scrollIntoView({ block: "center" }); select(hit.node); }
        else showChecks([i]);
      });
      rows.push({ node: tr, index: i });
      body.appendChild(tr);
    });
  }

  function applyFilters() {
    marks.forEach(function (m) {
      var visible = m.checks.filter(function (i) { return passes(data.checks[i]); });
      m.node.className = "hl";
      var unfiltered = state.verdict === "all" && state.footnote === "all" && state.kind === "all";
      if (!visible.length && m.uncited && unfiltered) { m.node.classList.add("uncited"); return; }
      if (!visible.length) { m.node.classList.add("off"); return; }
      m.node.classList.add("v-" + worst(visible));
      var waived = visible.every(function (i) { return data.checks[i].waived; });
      if (waived && worst(visible) !== "verified") m.node.classList.add("waived");
    });
    var count = 0;
    rows.forEach(function (r) {
      var ok = passes(data.checks[r.index]);
      r.node.hidden = !ok;
      if (ok) count += 1;
    });
    document.getElementById("showing").textContent =
      "showing " + count + " of " + data.checks.length + " checks";
  }

  function wireFilters() {
    var buttons = document.querySelectorAll(".filters button[data-verdict]");
    buttons.forEach(function (b) {
      b.addEventListener("click", function () {
        state.verdict = b.dataset.verdict;
        buttons.forEach(function (o) { o.setAttribute("aria-pressed", String(o === b)); });
        applyFilters();
      });
    });
    document.getElementById("filter-footnote").addEventListener("change", function (ev) {
      state.footnote = ev.target.value;
      applyFilters();
    });
    document.getElementById("filter-kind").addEventListener("change", function (ev) {
      state.kind = ev.target.value;
      applyFilters();
    });
  }

  data.blocks.forEach(renderBlock);
  renderRows();
  wireFilters();
  applyFilters();
})();
