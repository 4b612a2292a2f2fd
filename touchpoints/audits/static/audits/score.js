// The scoring sheet: every answer is saved as it is given, and survives a lost connection.
//
// Each change becomes an answer {touchpoint, criterion, field, value} kept in localStorage under
// the audit and the user, keyed so that the latest value of a field wins. The queue is sent in
// one batch; what the server stores (or refuses, with a message) leaves the queue; what could not
// be sent stays and is retried when the browser is back online, every few seconds, and on the
// next load of the page, where unsent answers are first put back into the form.
(function () {
  "use strict";
  var sheet = document.getElementById("sheet");
  if (!sheet) return;
  var MSG = JSON.parse(document.getElementById("score-messages").textContent);
  var answerUrl = sheet.dataset.answerUrl;
  var evidenceUrl = sheet.dataset.evidenceUrl;
  var csrf = sheet.dataset.csrf;
  var editable = sheet.dataset.editable === "1";
  var lo = parseInt(sheet.dataset.lo, 10), hi = parseInt(sheet.dataset.hi, 10);
  var storeKey = "touchpoints:audit:" + sheet.dataset.audit + ":user:" + sheet.dataset.user + ":pending";
  var syncEl = document.getElementById("sync");
  var inflight = false, retryTimer = null, sessionLost = false, refused = false;

  // The CSRF cookie, when readable, is fresher than the page (after logging in again in another tab).
  function csrfToken() {
    var m = document.cookie.match(/(?:^|;\s*)csrftoken=([^;]+)/);
    return m ? decodeURIComponent(m[1]) : csrf;
  }
  function fmt(text, values) {
    return text.replace(/%\((\w+)\)s/g, function (_, k) { return values[k]; });
  }
  function loadQueue() {
    try { return JSON.parse(localStorage.getItem(storeKey) || "{}") || {}; } catch (e) { return {}; }
  }
  function saveQueue() {
    try { localStorage.setItem(storeKey, JSON.stringify(queue)); } catch (e) { /* storage full: keep in memory */ }
  }
  var queue = loadQueue();
  function queued() { return Object.keys(queue).length; }

  function setSync() {
    var n = queued();
    syncEl.className = "sync";
    if (n && !editable) { syncEl.textContent = fmt(MSG.stranded, {n: n}); syncEl.classList.add("bad"); }
    else if (sessionLost) { syncEl.textContent = MSG.login; syncEl.classList.add("bad"); }
    else if (n && inflight) { syncEl.textContent = MSG.saving; syncEl.classList.add("busy"); }
    else if (n) { syncEl.textContent = fmt(MSG.waiting, {n: n}); syncEl.classList.add("wait"); }
    else if (refused) { syncEl.textContent = MSG.refused; syncEl.classList.add("bad"); }
    else { syncEl.textContent = MSG.saved; syncEl.classList.add("ok"); }
    sheet.dataset.pending = String(n);
  }

  // ---- reading and writing the form ------------------------------------------------------
  function describe(el) {
    var card = el.closest(".tp-card");
    var crit = el.closest("[data-crit]");
    var value;
    if (el.type === "checkbox") value = el.checked;
    else if (el.type === "radio") value = el.checked ? el.value : "";
    else value = el.value;
    var a = {touchpoint: parseInt(card.dataset.tp, 10), criterion: crit ? parseInt(crit.dataset.crit, 10) : null,
             field: el.dataset.field, value: value};
    a.key = a.touchpoint + "|" + (a.criterion || "") + "|" + a.field;
    return a;
  }
  function inputsFor(a) {
    var card = sheet.querySelector('.tp-card[data-tp="' + a.touchpoint + '"]');
    if (!card) return [];
    var scope = a.criterion ? card.querySelector('[data-crit="' + a.criterion + '"]') : card;
    if (!scope) return [];
    return Array.prototype.filter.call(scope.querySelectorAll('[data-field="' + a.field + '"]'), function (el) {
      return a.criterion || !el.closest("[data-crit]");
    });
  }
  function apply(a) {
    inputsFor(a).forEach(function (el) {
      if (el.type === "checkbox") el.checked = !!a.value;
      else if (el.type === "radio") el.checked = el.value === a.value;
      else el.value = a.value;
    });
  }
  function errorBox(a) {
    var els = inputsFor(a);
    if (!els.length) return null;
    var holder = els[0].closest("fieldset, [data-assessment], .criterion, .tp-body");
    return holder ? holder.querySelector(".answer-error") : null;
  }
  function showError(a, errors) {
    var box = errorBox(a);
    if (!box) return;
    var texts = [];
    Object.keys(errors || {}).forEach(function (k) { texts = texts.concat(errors[k]); });
    if (Array.isArray(errors)) texts = errors;
    box.textContent = texts.join(" ");
    box.hidden = !texts.length;
  }
  function clearError(a) { var box = errorBox(a); if (box) { box.textContent = ""; box.hidden = true; } }

  // ---- progress ----------------------------------------------------------------------------
  var baseAnswered = 0;
  function cardAnswered(card) {
    var n = 0;
    card.querySelectorAll(".criterion").forEach(function (f) {
      var scored = Array.prototype.some.call(f.querySelectorAll('[data-field="score"]'), function (el) {
        return el.type === "radio" ? el.checked : el.value !== "";
      });
      var na = f.querySelector('[data-field="criterion_na"]');
      f.classList.toggle("is-na", !!(na && na.checked));
      if (scored || (na && na.checked)) n += 1;
    });
    return n;
  }
  function refreshCard(card) {
    var total = card.querySelectorAll(".criterion").length;
    var skip = card.querySelector('[data-field="touchpoint_na"]');
    var n = skip && skip.checked ? total : cardAnswered(card);
    var imp = card.querySelector('[data-field="impression"]:checked');
    card.classList.toggle("is-na", !!(skip && skip.checked));
    card.classList.toggle("is-done", (skip && skip.checked) || (n === total && total > 0 && !!imp));
    var counter = card.querySelector("[data-answered]");
    if (counter) counter.textContent = n;
    return n;
  }
  function refreshAll(initial) {
    var total = 0;
    sheet.querySelectorAll(".tp-card").forEach(function (card) { total += refreshCard(card); });
    if (initial) baseAnswered = parseInt(sheet.dataset.answered, 10) - total;
    var expected = parseInt(sheet.dataset.expected, 10) || 0;
    var answered = Math.max(0, Math.min(expected, baseAnswered + total));
    document.getElementById("progress-text").textContent = fmt(MSG.progress, {a: answered, e: expected});
    document.getElementById("progress-bar").style.width = (expected ? Math.round(100 * answered / expected) : 0) + "%";
  }

  // ---- sending -----------------------------------------------------------------------------
  function schedule(ms) {
    if (retryTimer) clearTimeout(retryTimer);
    retryTimer = setTimeout(flush, ms);
  }
  function flush() {
    retryTimer = null;
    if (inflight || !queued()) { setSync(); return; }
    if (navigator.onLine === false) { setSync(); return; }
    var batch = Object.keys(queue).map(function (k) { return queue[k]; });
    inflight = true;
    setSync();
    fetch(answerUrl, {
      method: "POST", credentials: "same-origin",
      headers: {"Content-Type": "application/json", "X-CSRFToken": csrfToken(), "Accept": "application/json"},
      body: JSON.stringify({answers: batch})
    }).then(function (r) {
      var type = r.headers.get("Content-Type") || "";
      if (r.redirected || type.indexOf("application/json") < 0) { sessionLost = true; throw new Error("session"); }
      if (r.status >= 500) throw new Error("server " + r.status);
      return r.json();
    }).then(function (data) {
      sessionLost = false;
      refused = false;
      (data.results || []).forEach(function (res, i) {
        var sent = batch[i];
        if (queue[sent.key] && queue[sent.key].seq === sent.seq) delete queue[sent.key];
        if (res.ok) clearError(sent);
        else { refused = true; showError(sent, res.errors); }
      });
      if (!data.results && data.errors) { refused = true; }
      saveQueue();
    }).catch(function () {
      // Not sent: everything stays queued for the next try.
    }).then(function () {
      inflight = false;
      setSync();
      if (queued()) schedule(sessionLost ? 15000 : 5000);
    });
  }
  function enqueue(a) {
    a.seq = Date.now() + "-" + Math.random().toString(36).slice(2);
    queue[a.key] = a;
    saveQueue();
    setSync();
    schedule(50);
  }

  // ---- events ------------------------------------------------------------------------------
  var pressedChecked = null;
  sheet.addEventListener("pointerdown", function (e) {
    var label = e.target.closest(".chip");
    var input = label && label.querySelector("input[type=radio]");
    pressedChecked = input && input.checked ? input : null;
  });
  sheet.addEventListener("click", function (e) {
    // Tapping the chosen chip again clears the answer.
    var input = e.target.matches("input[type=radio]") ? e.target : null;
    if (input && input === pressedChecked) {
      input.checked = false;
      pressedChecked = null;
      input.dispatchEvent(new Event("change", {bubbles: true}));
    }
    var next = e.target.closest(".next-tp");
    if (next) {
      var card = next.closest(".tp-card");
      var following = card.nextElementSibling;
      while (following && !following.classList.contains("tp-card")) following = following.nextElementSibling;
      card.open = false;
      if (following) { following.open = true; following.scrollIntoView({behavior: "smooth", block: "start"}); }
    }
    var del = e.target.closest("[data-delete-url]");
    if (del) removeEvidence(del);
  });
  var noteTimers = {};
  sheet.addEventListener("input", function (e) {
    var el = e.target;
    if (!editable || el.tagName !== "TEXTAREA" || !el.dataset.field) return;
    var a = describe(el);
    clearTimeout(noteTimers[a.key]);
    noteTimers[a.key] = setTimeout(function () { enqueue(describe(el)); }, 700);
  });
  sheet.addEventListener("change", function (e) {
    var el = e.target;
    if (!editable) return;
    if (el.type === "file") { upload(el); return; }
    if (!el.dataset.field) return;
    var a = describe(el);
    if (el.type === "radio" && !el.checked && sheet.querySelector('input[name="' + el.name + '"]:checked')) return;
    if (el.type === "number" && el.value !== "") {
      var v = Number(el.value);
      if (!(v >= lo && v <= hi && Math.floor(v) === v)) { showError(a, [fmt(MSG.percent, {lo: lo, hi: hi})]); return; }
    }
    clearTimeout(noteTimers[a.key]);
    clearError(a);
    enqueue(a);
    refreshAll(false);
  });

  // ---- evidence files (need a connection) ---------------------------------------------------
  function evidenceItem(ev) {
    var li = document.createElement("li");
    li.dataset.id = ev.id;
    var link = document.createElement("a");
    link.href = ev.url; link.target = "_blank";
    if (ev.is_image) { var img = document.createElement("img"); img.src = ev.url; img.alt = ev.name; link.appendChild(img); }
    else link.textContent = ev.name;
    li.appendChild(link);
    var btn = document.createElement("button");
    btn.type = "button"; btn.className = "link-btn"; btn.textContent = "×"; btn.dataset.deleteUrl = ev.delete_url;
    btn.setAttribute("aria-label", MSG.remove);
    li.appendChild(btn);
    return li;
  }
  function upload(input) {
    var box = input.closest("[data-evidence]");
    var err = box.querySelector(".answer-error");
    var file = input.files && input.files[0];
    if (!file) return;
    if (navigator.onLine === false) { err.textContent = MSG.offline_file; err.hidden = false; input.value = ""; return; }
    var data = new FormData();
    data.append("touchpoint", input.closest(".tp-card").dataset.tp);
    data.append("file", file);
    err.hidden = true;
    fetch(evidenceUrl, {method: "POST", credentials: "same-origin", body: data,
                        headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (res) {
        if (res.ok) box.querySelector(".evidence-list").appendChild(evidenceItem(res.evidence));
        else {
          var texts = [];
          Object.keys(res.errors || {}).forEach(function (k) { texts = texts.concat(res.errors[k]); });
          err.textContent = texts.join(" "); err.hidden = false;
        }
      })
      .catch(function () { err.textContent = MSG.upload_failed; err.hidden = false; })
      .then(function () { input.value = ""; });
  }
  function removeEvidence(btn) {
    fetch(btn.dataset.deleteUrl, {method: "POST", credentials: "same-origin",
                                  headers: {"X-CSRFToken": csrfToken(), "Accept": "application/json"}})
      .then(function (r) { return r.json(); })
      .then(function (res) { if (res.ok) btn.closest("li").remove(); });
  }

  // ---- start -------------------------------------------------------------------------------
  // Put back what this device has not sent yet (it is newer than what the server showed).
  // The server counted the answers it has stored; count this page before adding unsent ones.
  refreshAll(true);
  if (editable) Object.keys(queue).forEach(function (k) { apply(queue[k]); });
  refreshAll(false);
  window.addEventListener("online", function () { schedule(10); });
  window.addEventListener("offline", setSync);
  var submit = document.querySelector("[data-submit]");
  if (submit) submit.addEventListener("submit", function (e) {
    if (queued()) { e.preventDefault(); flush(); alert(fmt(MSG.waiting, {n: queued()})); }
  });
  setSync();
  if (editable) schedule(10);
})();
