// The journey map's editing: native HTML5 drag-and-drop (touchpoints from the palette onto a stage
// or into the chain; steps within the chain to reorder them, or onto another stage), and the
// board's forms (move up/down, edit, remove, add) sent with fetch so the page does not jump.
// Every request carries the CSRF token; the server answers with the refreshed board, or with a
// 400 and its messages when it refuses (then nothing was changed and the board is reloaded).
// Without JavaScript the same forms post normally and the map reloads.
(function () {
  "use strict";

  function board() { return document.getElementById("board"); }

  function csrfToken() {
    var input = document.querySelector("input[name=csrfmiddlewaretoken]");
    if (input) return input.value;
    var match = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return match ? decodeURIComponent(match[1]) : "";
  }

  function say(message, isError) {
    var box = document.getElementById("board-status");
    if (!box) return;
    box.className = isError ? "error no-print" : "no-print";
    box.setAttribute("role", isError ? "alert" : "status");
    box.textContent = "";
    if (Array.isArray(message)) {
      var title = document.createElement("strong");
      title.textContent = board().getAttribute("data-error-title") + " ";
      box.appendChild(title);
      box.appendChild(document.createTextNode(message.join(" ")));
    } else {
      box.textContent = message || "";
    }
  }

  // The experience curve is drawn as every chart is (js/charts.js: the page's language, a phone's
  // width, what a screen reader hears), again after the board is replaced.
  function embedCurve() {
    if (window.touchpointsEmbedCharts) window.touchpointsEmbedCharts(board());
  }

  function swap(html, focusKeys) {
    var b = board();
    b.innerHTML = html;
    b.classList.remove("busy");
    embedCurve();
    (focusKeys || []).some(function (key) {
      var el = b.querySelector('[data-focus-key="' + key + '"]');
      if (el && !el.disabled) { el.focus(); return true; }
      return false;
    });
  }

  function refresh() {
    return fetch(board().getAttribute("data-board-url"), { headers: { "X-Journey-Board": "1" }, credentials: "same-origin" })
      .then(function (r) { return r.text(); }).then(function (html) { swap(html); });
  }

  // POST to the board; resolves true when the change was made.
  function send(url, body, focusKeys) {
    var headers = { "X-CSRFToken": csrfToken(), "X-Journey-Board": "1" };
    if (typeof body === "string") headers["Content-Type"] = "application/json";
    board().classList.add("busy");
    return fetch(url, { method: "POST", headers: headers, body: body, credentials: "same-origin" })
      .then(function (response) {
        if (response.ok) {
          var note = response.headers.get("X-Board-Message");
          return response.text().then(function (html) {
            swap(html, focusKeys);
            say(note ? decodeURIComponent(note) : "", false);
            return true;
          });
        }
        board().classList.remove("busy");
        if (response.status === 400) {
          return response.json().then(function (data) {
            say(data.errors || [data.detail], true);
            return refresh().then(function () { return false; });
          });
        }
        say(response.status === 403 ? board().getAttribute("data-denied") : response.status + " " + response.statusText, true);
        return refresh().then(function () { return false; });
      })
      .catch(function (err) { board().classList.remove("busy"); say(String(err), true); return false; });
  }

  function lanes() { return board().getAttribute("data-lanes") || ""; }

  function chainIds() {
    return Array.prototype.map.call(document.querySelectorAll("#chain-list .chain-step"),
      function (li) { return li.getAttribute("data-step-id"); });
  }

  function addStep(touchpointId, stage, position) {
    var body = new FormData();
    body.append("touchpoint", touchpointId);
    if (stage) body.append("stage", stage);
    if (position !== null && position !== undefined) body.append("position", position);
    body.append("lanes", lanes());
    return send(board().getAttribute("data-add-url"), body);
  }

  function moveStep(stepId, insertAt) {
    var ids = chainIds();
    var from = ids.indexOf(stepId);
    if (from < 0) return;
    ids.splice(from, 1);
    ids.splice(insertAt > from ? insertAt - 1 : insertAt, 0, stepId);
    return send(board().getAttribute("data-reorder-url"), JSON.stringify({ step_ids: ids.map(Number) }));
  }

  function setStage(stepId, stage) {
    var body = new FormData();
    body.append("stage", stage);
    body.append("lanes", lanes());
    var url = board().getAttribute("data-edit-url").replace(/\/0\/edit\/$/, "/" + stepId + "/edit/");
    return send(url, body);
  }

  // Where a touchpoint dropped on a stage goes: after the last step of that stage or an earlier one.
  function positionForStage(stageIndex) {
    var position = 0;
    document.querySelectorAll("#chain-list .chain-step").forEach(function (li, i) {
      if (Number(li.getAttribute("data-stage-index")) <= stageIndex) position = i + 1;
    });
    return position;
  }

  function listIndex(item, event) {
    var items = Array.prototype.slice.call(document.querySelectorAll("#chain-list .chain-step"));
    if (!item) return items.length;
    var rect = item.getBoundingClientRect();
    return items.indexOf(item) + (event.clientY < rect.top + rect.height / 2 ? 0 : 1);
  }

  // --- drag and drop ------------------------------------------------------------------------
  var drag = null;

  function clearMarks() {
    document.querySelectorAll(".drop-target, .drop-before, .drop-after, .dragging").forEach(function (el) {
      el.classList.remove("drop-target", "drop-before", "drop-after", "dragging");
    });
  }

  document.addEventListener("dragstart", function (event) {
    if (!board() || !event.target.closest) return;
    var paletteItem = event.target.closest(".pal-item");
    var step = event.target.closest(".chain-step[draggable=true], .jcard[draggable=true]");
    if (paletteItem) drag = { kind: "touchpoint", id: paletteItem.getAttribute("data-touchpoint-id") };
    else if (step) drag = { kind: "step", id: step.getAttribute("data-step-id"), fromList: step.classList.contains("chain-step") };
    else return;
    event.dataTransfer.effectAllowed = "copyMove";
    event.dataTransfer.setData("text/plain", drag.kind + ":" + drag.id);
    if (step) step.classList.add("dragging");
  });

  document.addEventListener("dragend", function () { clearMarks(); drag = null; });

  function dropZone(target) {
    if (!target.closest) return null;
    var list = target.closest("#chain-list");
    if (list && list.getAttribute("data-edit") === "1") return { list: list, item: target.closest(".chain-step") };
    var cell = target.closest(".jdrop");
    return cell ? { cell: cell } : null;
  }

  document.addEventListener("dragover", function (event) {
    if (!drag) return;
    var zone = dropZone(event.target);
    if (!zone) return;
    event.preventDefault();
    event.dataTransfer.dropEffect = drag.kind === "touchpoint" ? "copy" : "move";
    document.querySelectorAll(".drop-target, .drop-before, .drop-after").forEach(function (el) {
      el.classList.remove("drop-target", "drop-before", "drop-after");
    });
    if (zone.cell) zone.cell.classList.add("drop-target");
    else if (zone.item) {
      var rect = zone.item.getBoundingClientRect();
      zone.item.classList.add(event.clientY < rect.top + rect.height / 2 ? "drop-before" : "drop-after");
    } else zone.list.classList.add("drop-target");
  });

  document.addEventListener("drop", function (event) {
    if (!drag) return;
    var zone = dropZone(event.target);
    if (!zone) return;
    event.preventDefault();
    var current = drag;
    clearMarks();
    drag = null;
    if (zone.cell) {
      var stage = zone.cell.getAttribute("data-stage");
      if (current.kind === "touchpoint") addStep(current.id, stage, positionForStage(Number(zone.cell.getAttribute("data-stage-index"))));
      else setStage(current.id, stage);
    } else {
      var at = listIndex(zone.item, event);
      if (current.kind === "touchpoint") addStep(current.id, "", at);
      else moveStep(current.id, at);
    }
  });

  // --- forms on the board and beside it -------------------------------------------------------
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.classList || !form.classList.contains("board-form") || !board()) return;
    var button = event.submitter || null;
    var question = (button && button.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (question && !window.confirm(question)) { event.preventDefault(); return; }
    event.preventDefault();
    var key = button && button.getAttribute("data-focus-key");
    var keys = key ? [key, key.replace(/^up-/, "down-"), key.replace(/^down-/, "up-")] : [];
    var url = button && button.hasAttribute("formaction") ? button.formAction : form.action;
    send(url, new FormData(form, button), keys).then(function (ok) {
      if (ok && form.hasAttribute("data-reset")) {
        form.querySelectorAll("textarea, input[type=text], input[type=radio]:checked").forEach(function (el) {
          if (el.type === "radio") el.checked = false; else el.value = "";
        });
      }
    });
  });

  document.addEventListener("change", function (event) {
    if (event.target.matches && event.target.matches("[data-autosubmit]")) event.target.form.submit();
  });
  document.addEventListener("click", function (event) {
    if (event.target.matches && event.target.matches("[data-print]")) window.print();
  });
})();

// The step form opens inside the chain list (fetched when asked for); without JavaScript the
// "Edit step" link opens the same form on its own page.
document.addEventListener("click", function (event) {
  var link = event.target.closest && event.target.closest("a.edit-step");
  var close = event.target.closest && event.target.closest("[data-close-edit]");
  if (close) {
    var item = close.closest(".chain-step");
    item.querySelector(".edit-slot").innerHTML = "";
    item.querySelector("a.edit-step").focus();
    return;
  }
  if (!link || !document.getElementById("board")) return;
  event.preventDefault();
  var slot = link.closest(".chain-step").querySelector(".edit-slot");
  if (slot.innerHTML.trim()) { slot.innerHTML = ""; return; }
  fetch(link.getAttribute("href") + "&inline=1", { credentials: "same-origin" })
    .then(function (r) { return r.ok ? r.text() : ""; })
    .then(function (html) {
      slot.innerHTML = html;
      var first = slot.querySelector("select");
      if (first) first.focus();
    });
});

// The export menu closes once a format is chosen, or on a click elsewhere.
document.addEventListener("click", function (event) {
  document.querySelectorAll("details.menu[open]").forEach(function (menu) {
    if (!menu.contains(event.target) || (event.target.closest && event.target.closest("details.menu a"))) {
      menu.removeAttribute("open");
    }
  });
});
