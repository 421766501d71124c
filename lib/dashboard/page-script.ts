// The dashboard page's browser script (plain JavaScript, no network beyond this server): canvas topology, controls, timelines, panels.

/** The script, as text for a `<script>` element. */
export const PAGE_SCRIPT = String.raw`
(function () {
  "use strict";
  var COLOURS = ["#2e9e44", "#f0a202", "#d7301f"];
  var topo = null, state = null, views = [], panels = [], search = "";
  var $ = function (id) { return document.getElementById(id); };
  function post(url, body) {
    return fetch(url, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify(body) })
      .then(function (r) { return r.json().then(function (j) { if (!r.ok) throw new Error(j.error || r.statusText); return j; }); });
  }
  function clock(t) {
    var d = new Date(topo.epochMs + t * 1000);
    return d.toISOString().slice(5, 16).replace("T", " ");
  }
  function showError(e) { $("error").textContent = e && e.message ? e.message : String(e); }

  // One canvas per run; zoom with the wheel, pan by dragging; positions normalised once.
  function makeView(i) {
    var wrap = document.createElement("div");
    wrap.className = "run";
    wrap.id = "run-" + i;
    wrap.innerHTML = '<h3 id="label-' + i + '"></h3><div class="counts" id="counts-' + i + '"></div><canvas id="topo-' + i + '" width="560" height="380"></canvas>';
    $("runs").appendChild(wrap);
    var canvas = wrap.querySelector("canvas");
    var view = { canvas: canvas, scale: 1, dx: 0, dy: 0, status: "" };
    canvas.addEventListener("wheel", function (e) {
      e.preventDefault();
      var f = e.deltaY < 0 ? 1.25 : 0.8;
      var r = canvas.getBoundingClientRect(), mx = e.clientX - r.left, my = e.clientY - r.top;
      view.dx = mx - (mx - view.dx) * f; view.dy = my - (my - view.dy) * f; view.scale *= f;
      draw(view);
    }, { passive: false });
    var drag = null;
    canvas.addEventListener("mousedown", function (e) { drag = { x: e.clientX, y: e.clientY }; });
    window.addEventListener("mouseup", function () { drag = null; });
    canvas.addEventListener("mousemove", function (e) {
      if (!drag) return;
      view.dx += e.clientX - drag.x; view.dy += e.clientY - drag.y; drag = { x: e.clientX, y: e.clientY };
      draw(view);
    });
    return view;
  }
  function project(view, i) {
    var w = view.canvas.width - 20, h = view.canvas.height - 20;
    return [10 + topo.nx[i] * w * view.scale + view.dx, 10 + topo.ny[i] * h * view.scale + view.dy];
  }
  function draw(view) {
    var ctx = view.canvas.getContext("2d"), n = topo.ids.length;
    ctx.clearRect(0, 0, view.canvas.width, view.canvas.height);
    if (topo.edges.length && topo.edges.length < 8000) {
      ctx.strokeStyle = "rgba(120,120,120,0.18)"; ctx.lineWidth = 0.6; ctx.beginPath();
      for (var e = 0; e < topo.edges.length; e++) {
        var a = topo.edges[e][0], b = topo.edges[e][1];
        if (a < 0 || b < 0) continue;
        var p = project(view, a), q = project(view, b);
        ctx.moveTo(p[0], p[1]); ctx.lineTo(q[0], q[1]);
      }
      ctx.stroke();
    }
    var r = Math.max(1.5, Math.min(6, 4 * Math.sqrt(view.scale) * (n > 2000 ? 0.5 : 1)));
    // Down nodes last, so red is never hidden under green.
    for (var pass = 0; pass < 3; pass++) {
      ctx.fillStyle = COLOURS[pass];
      ctx.beginPath();
      for (var i = 0; i < n; i++) {
        if ((view.status.charCodeAt(i) - 48 || 0) !== pass) continue;
        var pt = project(view, i);
        ctx.moveTo(pt[0] + r, pt[1]); ctx.arc(pt[0], pt[1], r, 0, 6.2832);
      }
      ctx.fill();
    }
    if (search) {
      ctx.strokeStyle = "#1f4e9c"; ctx.lineWidth = 2;
      for (var k = 0; k < n; k++) {
        if (topo.ids[k].indexOf(search) < 0) continue;
        var s = project(view, k);
        ctx.beginPath(); ctx.arc(s[0], s[1], r + 4, 0, 6.2832); ctx.stroke();
        if (view.scale > 1.5) { ctx.fillStyle = "#222"; ctx.font = "11px sans-serif"; ctx.fillText(topo.ids[k], s[0] + r + 5, s[1] + 3); }
      }
    }
  }

  function onTick(msg) {
    state = msg;
    $("time").textContent = clock(msg.time) + " (" + Math.round(100 * msg.time / msg.horizon) + "%)";
    $("play").textContent = msg.playing ? "Pause" : "Play";
    $("speed").value = String(msg.speed);
    while (views.length < msg.runs.length) views.push(makeView(views.length));
    while (views.length > msg.runs.length) { var v = views.pop(); v.canvas.parentNode.remove(); }
    msg.runs.forEach(function (run, i) {
      var view = views[i];
      view.status = run.status;
      $("label-" + i).textContent = run.label + " · " + clock(run.time);
      $("counts-" + i).innerHTML = '<span class="up">up ' + run.counts.up + '</span> <span class="degraded">degraded ' + run.counts.degraded + '</span> <span class="down">down ' + run.counts.down + "</span>";
      $("counts-" + i).dataset.down = String(run.counts.down);
      draw(view);
      run.timeline.forEach(function (e) {
        var li = document.createElement("li");
        li.className = e.kind + " " + (e.severity || "");
        li.textContent = (msg.runs.length > 1 ? "[" + run.label + "] " : "") + clock(e.time) + "  " + e.kind + "  " + e.text;
        $("timeline").insertBefore(li, $("timeline").firstChild);
      });
      while ($("timeline").children.length > 300) $("timeline").removeChild($("timeline").lastChild);
      if (run.cards) {
        if (i === 0) $("cards").innerHTML = "";
        run.cards.forEach(function (c) {
          var div = document.createElement("div");
          div.className = "card " + c.status;
          var h = document.createElement("b"); h.textContent = c.request + " · " + clock(c.simTime) + " · " + c.status;
          var p = document.createElement("pre"); p.textContent = c.text;
          div.appendChild(h); div.appendChild(p); $("cards").appendChild(div);
        });
      }
    });
  }

  // Panels: one small SVG line chart per panel and run (mean, and max dashed), refreshed while the run plays.
  function chart(series, colour, dashed) {
    var w = 360, h = 120, n = series.time.length;
    if (n < 2) return "";
    var vals = series.max.filter(function (v) { return v === v; });
    var hi = Math.max.apply(null, vals.concat([1e-9])), lo = Math.min.apply(null, series.mean.filter(function (v) { return v === v; }).concat([0]));
    function path(arr) {
      return arr.map(function (v, i) { return (i ? "L" : "M") + (i / (n - 1) * w).toFixed(1) + "," + (v === v ? (h - (v - lo) / (hi - lo || 1) * h).toFixed(1) : h); }).join("");
    }
    return '<path d="' + path(series.mean) + '" stroke="' + colour + '" fill="none"/>' + (dashed ? '<path d="' + path(series.max) + '" stroke="' + colour + '" stroke-dasharray="3,3" fill="none" opacity="0.6"/>' : "");
  }
  function refreshPanels() {
    var box = $("panels");
    panels.forEach(function (p) {
      var el = $("panel-" + p.id);
      if (!el) {
        el = document.createElement("div"); el.className = "panel"; el.id = "panel-" + p.id;
        el.innerHTML = '<b></b> <button class="remove">remove</button><svg viewBox="0 0 360 120" width="360" height="120"></svg><div class="legend"></div>';
        el.querySelector("b").textContent = p.title;
        el.querySelector(".remove").onclick = function () { fetch("/api/panels/" + encodeURIComponent(p.id), { method: "DELETE" }).then(function (r) { return r.json(); }).then(function (j) { el.remove(); panels = j.panels; }).catch(showError); };
        box.appendChild(el);
      }
      var runs = state ? state.runs.length : 1;
      var q = function (i) { return "/api/series?run=" + i + "&metric=" + encodeURIComponent(p.metric) + "&by=" + p.selection.by + "&value=" + encodeURIComponent(p.selection.value || ""); };
      Promise.all(Array.from({ length: runs }, function (_, i) { return fetch(q(i)).then(function (r) { return r.json(); }); })).then(function (all) {
        el.querySelector("svg").innerHTML = all.map(function (s, i) { return chart(s, i ? "#d95f02" : "#1f4e9c", i === 0); }).join("");
        var last = all[0].mean[all[0].mean.length - 1];
        el.querySelector(".legend").textContent = all[0].nodes + " nodes · mean now " + (last === undefined || last !== last ? "–" : last.toPrecision(3)) + " · max dashed" + (all.length > 1 ? " · fork in orange" : "");
      }).catch(showError);
    });
  }

  function fillSelect(sel, values) { sel.innerHTML = values.map(function (v) { return '<option value="' + v + '">' + v + "</option>"; }).join(""); }

  fetch("/api/topology").then(function (r) { return r.json(); }).then(function (t) {
    topo = t;
    var minX = Math.min.apply(null, t.x), maxX = Math.max.apply(null, t.x), minY = Math.min.apply(null, t.y), maxY = Math.max.apply(null, t.y);
    t.nx = t.x.map(function (x) { return (x - minX) / (maxX - minX || 1); });
    t.ny = t.y.map(function (y) { return (maxY - y) / (maxY - minY || 1); });
    $("title").textContent = "infratwin · " + t.scenario + " · " + t.ids.length + " nodes";
    fillSelect($("speed"), t.speeds.map(String));
    fillSelect($("fork-kind"), t.interventions);
    fillSelect($("panel-metric"), t.metrics);
    fillSelect($("panel-by"), ["all", "datacenter", "region", "kind", "tier", "tag", "service"]);
    var byChange = function () { fillSelect($("panel-value"), t.values[$("panel-by").value] || []); };
    $("panel-by").onchange = byChange; byChange();
    $("nodes").innerHTML = t.ids.slice(0, 5000).map(function (id) { return '<option value="' + id + '">'; }).join("");
    var source = new EventSource("/api/events");
    source.addEventListener("tick", function (e) { onTick(JSON.parse(e.data)); });
    return fetch("/api/panels").then(function (r) { return r.json(); }).then(function (j) { panels = j.panels; refreshPanels(); });
  }).catch(showError);
  setInterval(function () { if (state && state.playing) refreshPanels(); }, 2000);

  $("play").onclick = function () { post("/api/control", { action: state && state.playing ? "pause" : "play" }).catch(showError); };
  $("step").onclick = function () { post("/api/control", { action: "step" }).then(refreshPanels).catch(showError); };
  $("speed").onchange = function () { post("/api/control", { speed: Number($("speed").value) }).catch(showError); };
  $("search").oninput = function () { search = $("search").value.trim(); views.forEach(draw); };
  $("fork").onclick = function () {
    var kind = $("fork-kind").value, node = $("fork-node").value.trim();
    var body = kind === "reroute" ? { kind: kind, from: node, to: $("fork-to").value.trim() } : { kind: kind, node: node };
    if (kind === "scale_out") body.instances = 2;
    if (kind === "rate_limit") body.rps = 100;
    $("error").textContent = "";
    post("/api/fork", body).then(refreshPanels).catch(showError);
  };
  $("add-panel").onclick = function () {
    var by = $("panel-by").value;
    post("/api/panels", { metric: $("panel-metric").value, selection: by === "all" ? { by: by } : { by: by, value: $("panel-value").value } })
      .then(function (j) { panels = j.panels; refreshPanels(); }).catch(showError);
  };
})();
`;
