(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("wm-data").textContent);
  var S = data.strings;
  function s(i) { return i < 0 ? "" : S[i]; }
  var body = document.getElementById("p-rows");
  var shown = document.getElementById("p-shown");
  var empty = document.getElementById("p-empty");
  var fUnit = document.getElementById("f-unit");
  var fSev = document.getElementById("f-severity");
  var fKind = document.getElementById("f-kind");
  var fSearch = document.getElementById("f-search");
  var rows = [];

  function cell(tr, cls, text) {
    var td = document.createElement("span");
    td.setAttribute("role", "cell");
    if (cls) { td.className = cls; }
    if (text !== undefined) { td.textContent = text; }
    tr.appendChild(td);
    return td;
  }

  function build() {
    var frag = document.createDocumentFragment();
    for (var i = 0; i < data.findings.length; i++) {
      var f = data.findings[i];
      var unit = s(f[0]), indicator = s(f[1]), material = s(f[2]), code = s(f[3]), kind = s(f[4]);
      var sev = s(f[5]), message = s(f[6]), hint = s(f[7]), path = s(f[8]);
      var tr = document.createElement("div");
      tr.className = "prow";
      tr.setAttribute("role", "row");
      tr.dataset.unit = unit;
      tr.dataset.severity = sev;
      tr.dataset.kind = kind;
      var badge = document.createElement("span");
      badge.className = "sev sev-" + sev;
      badge.textContent = data.severityLabels[sev] || sev;
      cell(tr, "sev-cell").appendChild(badge);
      cell(tr, "unit-cell", unit || "—");
      cell(tr, "where-cell", [indicator, material].filter(Boolean).join(" · ") || "—");
      var what = cell(tr, "what-cell");
      what.appendChild(document.createTextNode(message));
      var tag = document.createElement("span");
      tag.className = "tag";
      tag.textContent = (data.kindLabels[kind] || kind) + " " + code;
      what.appendChild(tag);
      var h = document.createElement("span");
      h.className = "hint";
      h.textContent = "→ " + hint;
      what.appendChild(h);
      cell(tr, "path", path);
      frag.appendChild(tr);
      rows.push({ tr: tr, unit: unit, sev: sev, kind: kind,
                  text: [unit, indicator, material, code, message, hint, path].join("\n").toLowerCase() });
    }
    body.appendChild(frag);
  }

  function apply() {
    var u = fUnit.value, sv = fSev.value, k = fKind.value, q = fSearch.value.trim().toLowerCase();
    var n = 0;
    for (var i = 0; i < rows.length; i++) {
      var r = rows[i];
      var ok = (!u || r.unit === u) && (!sv || r.sev === sv) && (!k || r.kind === k) && (!q || r.text.indexOf(q) >= 0);
      if (r.tr.hidden === ok) { r.tr.hidden = !ok; }
      if (ok) { n++; }
    }
    shown.textContent = String(n);
    empty.hidden = n > 0;
  }

  var timer = null;
  fSearch.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(apply, 120); });
  [fUnit, fSev, fKind].forEach(function (el) { el.addEventListener("change", apply); });
  document.getElementById("f-reset").addEventListener("click", function () {
    fUnit.value = ""; fSev.value = ""; fKind.value = ""; fSearch.value = ""; apply();
  });

  function pickUnit(name) {
    var has = Array.prototype.some.call(fUnit.options, function (o) { return o.value === name; });
    fUnit.value = has ? name : "";
    apply();
    document.getElementById("problems").scrollIntoView({ behavior: "smooth" });
  }
  document.querySelectorAll("[data-unit]").forEach(function (el) {
    if (el.classList.contains("prow")) { return; }
    el.addEventListener("click", function () { pickUnit(el.dataset.unit); });
  });

  build();
  apply();
  document.documentElement.dataset.ready = "1";
})();
