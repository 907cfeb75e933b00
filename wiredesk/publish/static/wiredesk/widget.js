/* wiredesk headline widget: a box of a site's newest headlines on any page.

   <script src="https://www.spacedaily.com/api/widget.js" data-site="spacedaily"
           data-section="" data-count="5" async></script>

   Optional: data-title (the box's heading; default: the network's own title for the site),
   data-target (the id of an element to fill; default: a box right after the script tag).
   The headlines come from /api/sites/<site>/headlines/ on the script's own origin. Remote
   text only ever goes into textContent, and only http(s) links are made. Without JavaScript,
   use the iframe: <iframe src="https://www.spacedaily.com/api/widget/spacedaily/?count=5">. */
(function () {
  "use strict";

  var STYLE = [
    ":host { display: block; }",
    ".box { font: 15px/1.4 system-ui, -apple-system, 'Segoe UI', Roboto, Arial, sans-serif;",
    "  color: #16181d; background: #fff; border: 1px solid #dfe2e7;",
    "  border-top: 4px solid var(--wiredesk-accent, #1f4e8c); padding: 0.75em 1em;",
    "  max-width: 30em; }",
    "h2 { font-size: 1em; margin: 0 0 0.5em; }",
    "ul { margin: 0; padding: 0 0 0 1.1em; }",
    "li { margin: 0.3em 0; }",
    "a { color: var(--wiredesk-accent, #1f4e8c); }",
    ".credit { margin: 0.6em 0 0; font-size: 0.85em; color: #4a4f5a; }",
    ".empty { margin: 0; color: #4a4f5a; }"
  ].join("\n");

  function safeUrl(value) {
    try {
      var url = new URL(String(value), document.baseURI);
      return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
    } catch (error) {
      return null;
    }
  }

  function element(name, text) {
    var node = document.createElement(name);
    if (text !== undefined) {
      node.textContent = text;
    }
    return node;
  }

  function link(href, text) {
    var anchor = element("a", text);
    var url = safeUrl(href);
    if (url) {
      anchor.href = url;
    }
    return anchor;
  }

  function container(script) {
    var targetId = script.getAttribute("data-target");
    var host = targetId && document.getElementById(targetId);
    if (!host) {
      host = document.createElement("div");
      script.parentNode.insertBefore(host, script.nextSibling);
    }
    host.className = (host.className ? host.className + " " : "") + "wiredesk-widget";
    var root = host.attachShadow ? host.attachShadow({ mode: "open" }) : host;
    var style = element("style", STYLE);
    root.appendChild(style);
    var box = element("section");
    box.className = "box";
    root.appendChild(box);
    return box;
  }

  function render(box, data, title) {
    box.textContent = "";
    if (/^#[0-9a-f]{3,8}$/i.test(String(data.accent || ""))) {
      box.style.setProperty("--wiredesk-accent", data.accent);
    }
    var heading = element("h2", title || data.title || "");
    box.appendChild(heading);
    var items = data.headlines || [];
    if (!items.length) {
      box.appendChild(element("p", "No headlines yet.")).className = "empty";
    } else {
      var list = element("ul");
      items.forEach(function (item) {
        var entry = element("li");
        entry.appendChild(link(item.url, item.headline));
        list.appendChild(entry);
      });
      box.appendChild(list);
    }
    if (data.site) {
      var credit = element("p", "From ");
      credit.className = "credit";
      credit.appendChild(link(data.site.url, data.site.name));
      box.appendChild(credit);
    }
  }

  function start(script) {
    if (script.getAttribute("data-wiredesk-done")) {
      return;
    }
    script.setAttribute("data-wiredesk-done", "1");
    var site = script.getAttribute("data-site");
    if (!site) {
      return;
    }
    var api = new URL("/api/sites/" + encodeURIComponent(site) + "/headlines/", script.src);
    var section = script.getAttribute("data-section");
    var count = script.getAttribute("data-count");
    if (section) {
      api.searchParams.set("section", section);
    }
    if (count) {
      api.searchParams.set("count", count);
    }
    var box = container(script);
    box.setAttribute("aria-busy", "true");
    fetch(api.href, { credentials: "omit" })
      .then(function (response) {
        if (!response.ok) {
          throw new Error("HTTP " + response.status);
        }
        return response.json();
      })
      .then(function (data) {
        render(box, data, script.getAttribute("data-title"));
      })
      .catch(function () {
        box.textContent = "";
        box.appendChild(element("p", "Headlines are unavailable right now.")).className = "empty";
      })
      .then(function () {
        box.removeAttribute("aria-busy");
      });
  }

  var scripts = [];
  if (document.currentScript) {
    scripts.push(document.currentScript);
  }
  var all = document.querySelectorAll("script[data-site][src*='widget.js']");
  for (var i = 0; i < all.length; i += 1) {
    scripts.push(all[i]);
  }
  scripts.forEach(start);
})();
