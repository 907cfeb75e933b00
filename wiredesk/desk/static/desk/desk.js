/* wiredesk desk: live queue refresh, row selection, bulk actions and keyboard shortcuts.
   Plain JavaScript, no dependencies. Every action is a normal POST form with Django's CSRF
   token, so the desk also works without this file (minus live refresh and shortcuts). */
(function () {
  "use strict";

  var current = null; // id of the story row the keyboard is on

  function rows() { return Array.prototype.slice.call(document.querySelectorAll("#queue-rows tr.row")); }
  function rowById(id) { return document.querySelector('#queue-rows tr.row[data-id="' + id + '"]'); }
  function checked() { return Array.prototype.slice.call(document.querySelectorAll('#queue-rows input[name="story"]:checked')); }

  function setCurrent(row, scroll) {
    rows().forEach(function (r) { r.classList.remove("is-current"); r.removeAttribute("aria-current"); });
    if (!row) { current = null; return; }
    row.classList.add("is-current");
    row.setAttribute("aria-current", "true");
    current = row.getAttribute("data-id");
    if (scroll) row.scrollIntoView({ block: "nearest" });
  }

  function move(step) {
    var all = rows();
    if (!all.length) return;
    var index = all.indexOf(rowById(current));
    index = index < 0 ? 0 : Math.max(0, Math.min(all.length - 1, index + step));
    setCurrent(all[index], true);
  }

  function updateSelection() {
    var n = checked().length;
    var label = document.getElementById("selected-count");
    if (label) label.textContent = n + " selected";
    document.querySelectorAll("[data-bulk]").forEach(function (b) { b.disabled = n === 0; });
    var all = document.getElementById("pick-all");
    if (all) all.checked = n > 0 && n === rows().length;
  }

  /* ---- live refresh of the queue ------------------------------------------------------ */
  function busy() {
    var active = document.activeElement;
    if (active && active.closest && active.closest("#queue-rows, #bulk") && active.tagName !== "BODY") {
      return active.tagName === "SELECT" || active.tagName === "TEXTAREA" ||
        (active.tagName === "INPUT" && active.type !== "checkbox");
    }
    var dialog = document.getElementById("keys");
    return !!(dialog && dialog.open);
  }

  function refresh() {
    var live = document.getElementById("live-status");
    if (!live || document.hidden || busy()) return;
    var url = "/desk/rows/" + window.location.search;
    url += (url.indexOf("?") < 0 ? "?" : "&") + "here=" + encodeURIComponent(window.location.pathname + window.location.search);
    fetch(url, { credentials: "same-origin", headers: { "X-Requested-With": "fetch" } })
      .then(function (response) {
        if (response.redirected || !response.ok) throw new Error("HTTP " + response.status);
        return response.text();
      })
      .then(function (html) {
        var picked = checked().map(function (box) { return box.value; });
        var doc = new DOMParser().parseFromString(html, "text/html");
        ["state-chips", "bulk", "queue-rows"].forEach(function (id) {
          var fresh = doc.getElementById(id), old = document.getElementById(id);
          if (fresh && old) old.replaceWith(document.importNode(fresh, true));
        });
        picked.forEach(function (id) {
          var box = document.querySelector('#queue-rows input[name="story"][value="' + id + '"]');
          if (box) box.checked = true;
        });
        setCurrent(rowById(current), false);
        updateSelection();
        live.textContent = "Live: updated " + new Date().toLocaleTimeString();
        live.classList.remove("stale");
      })
      .catch(function (error) {
        live.textContent = "Live: could not refresh (" + error.message + "), retrying";
        live.classList.add("stale");
      });
  }

  /* ---- actions ------------------------------------------------------------------------ */
  function submitRowAction(key) {
    // selected stories first (bulk), else the current row's own button, else the story page's
    var bulkButton = document.querySelector('#bulk button[data-bulk][value="' + (key === "p" ? "publish" : "hold") + '"]');
    if (checked().length && bulkButton) { bulkButton.click(); return; }
    var scope = rowById(current) || document.querySelector(".story-page");
    if (!scope) return;
    var button = scope.querySelector('[data-key="' + key + '"]');
    if (button) button.click();
  }

  function openCurrent(edit) {
    var row = rowById(current);
    var page = document.querySelector(".story-page");
    var target = row ? row.getAttribute(edit ? "data-edit-url" : "data-url")
      : (edit && page ? page.getAttribute("data-edit-url") : null);
    if (target) window.location.href = target;
  }

  function typing(event) {
    var t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }

  function showKeys() {
    var dialog = document.getElementById("keys");
    if (dialog && !dialog.open) dialog.showModal();
  }

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    var key = event.key;
    var handled = true;
    if (key === "j") move(1);
    else if (key === "k") move(-1);
    else if (key === "o" || (key === "Enter" && current)) openCurrent(false);
    else if (key === "e") openCurrent(true);
    else if (key === "p" || key === "h") submitRowAction(key);
    else if (key === "x" && current) {
      var box = rowById(current).querySelector('input[name="story"]');
      box.checked = !box.checked;
      updateSelection();
    } else if (key === "/") {
      var search = document.getElementById("search");
      if (search) search.focus(); else handled = false;
    } else if (key === "?") showKeys();
    else handled = false;
    if (handled) event.preventDefault();
  });

  document.addEventListener("change", function (event) {
    if (event.target.id === "pick-all") {
      rows().forEach(function (r) { r.querySelector('input[name="story"]').checked = event.target.checked; });
    }
    if (event.target.name === "story" || event.target.id === "pick-all") updateSelection();
    if (event.target.hasAttribute && event.target.id && document.querySelector('[data-sections-for="' + event.target.id + '"]')) {
      filterSections(event.target);
    }
  });

  document.addEventListener("click", function (event) {
    var row = event.target.closest && event.target.closest("#queue-rows tr.row");
    if (row) setCurrent(row, false);
    if (event.target.closest && event.target.closest("[data-keys]")) showKeys();
  });

  document.addEventListener("submit", function (event) {
    var form = event.target;
    var submitter = event.submitter;
    var message = (submitter && submitter.getAttribute("data-confirm")) || form.getAttribute("data-confirm");
    if (message && !window.confirm(message)) event.preventDefault();
  });

  /* section choices follow the chosen site */
  function filterSections(siteSelect) {
    var sections = document.querySelector('[data-sections-for="' + siteSelect.id + '"]');
    if (!sections) return;
    Array.prototype.forEach.call(sections.options, function (option) {
      var site = option.getAttribute("data-site");
      option.hidden = !!site && site !== siteSelect.value;
    });
    var chosen = sections.options[sections.selectedIndex];
    if (chosen && chosen.hidden) sections.value = "";
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("[data-sections-for]").forEach(function (sections) {
      var site = document.getElementById(sections.getAttribute("data-sections-for"));
      if (site) filterSections(site);
    });
    updateSelection();
    var live = document.getElementById("live-status");
    if (live) {
      var seconds = parseInt(live.getAttribute("data-refresh"), 10) || 15;
      window.setInterval(refresh, seconds * 1000);
      document.addEventListener("visibilitychange", function () { if (!document.hidden) refresh(); });
    }
  });
})();
