// Contrepoint's progressive enhancement. Every page works without this file: the search form
// submits, facet and page links navigate, permalinks are plain links. With it, the search page
// updates as you type and filters toggle without a reload (the server renders the same HTML, this
// file swaps the parts that changed), and permalinks get a "copy link" button.
// Plain browser JavaScript, no build step, loaded with `defer` (the CSP forbids inline scripts).

(function () {
  'use strict';

  var TYPING_DELAY_MS = 250;
  // The parts of the search page that a new search replaces; the form and its input stay, so the
  // caret and focus are never lost while typing.
  var REGIONS = ['facets', 'results', 'search-state'];

  // ------------------------------------------------------------ copy-link buttons
  // Their messages, in the page's language, are on <body> (views/partials/head.ejs), once per page.

  function message(name, fallback) {
    return document.body.getAttribute(name) || fallback;
  }

  function enhanceCopyLinks(root) {
    var links = root.querySelectorAll('a[data-copy-link]');
    for (var i = 0; i < links.length; i += 1) {
      var link = links[i];
      if (link.getAttribute('data-enhanced') === 'true' || !navigator.clipboard) continue;
      link.setAttribute('data-enhanced', 'true');
      var button = document.createElement('button');
      button.type = 'button';
      button.className = 'copy-link';
      button.textContent = message('data-link-copy-label', 'Copy link');
      button.setAttribute('data-href', link.getAttribute('href'));
      link.insertAdjacentElement('afterend', button);
    }
  }

  function copyLink(button) {
    var url = new URL(button.getAttribute('data-href'), location.href).href;
    var label = message('data-link-copy-label', button.textContent);
    var done = message('data-link-copied', 'Copied');
    var failed = message('data-link-copy-failed', '{url}').replace('{url}', url);
    navigator.clipboard.writeText(url).then(
      function () {
        button.textContent = done;
        announce(done);
        setTimeout(function () {
          button.textContent = label;
        }, 2000);
      },
      function () {
        announce(failed);
        button.textContent = failed;
      },
    );
  }

  document.addEventListener('click', function (event) {
    var target = event.target;
    var button = target && target.closest ? target.closest('button.copy-link') : null;
    if (button) copyLink(button);
    var cite = target && target.closest ? target.closest('button[data-copy-citation]') : null;
    if (cite) copyCitation(cite);
  });

  // ------------------------------------------------------------ copy-citation buttons
  // Rendered hidden in every card (unitFooter in views/partials/unit.ejs); shown where the clipboard can be written.

  function enhanceCopyCitations(root) {
    if (!navigator.clipboard) return;
    var buttons = root.querySelectorAll('button[data-copy-citation][hidden]');
    for (var i = 0; i < buttons.length; i += 1) buttons[i].hidden = false;
  }

  function copyCitation(button) {
    var cite = document.getElementById(button.getAttribute('data-copy-citation'));
    if (!cite) return;
    var label = button.innerHTML;
    navigator.clipboard.writeText(cite.textContent.trim()).then(
      function () {
        button.textContent = message('data-cite-copied', 'Copied');
        announce(message('data-cite-copied', 'Copied'));
        setTimeout(function () {
          button.innerHTML = label;
        }, 2000);
      },
      function () {
        announce(message('data-cite-copy-failed', 'Copy failed'));
        var details = cite.closest('details');
        if (details) details.open = true;
      },
    );
  }

  // ------------------------------------------------------------ live status

  function announce(text) {
    var status = document.getElementById('live-status');
    if (!status) return;
    // Cleared first so that the same text twice is announced twice.
    status.textContent = '';
    setTimeout(function () {
      status.textContent = text;
    }, 50);
  }

  // ------------------------------------------------------------ compare form

  // At most `data-max` speakers: once that many are ticked, the others are disabled (the server
  // still refuses more, for clients without this script).
  var speakerBoxes = document.querySelector('[data-max-checked]');
  if (speakerBoxes) {
    var max = Number(speakerBoxes.getAttribute('data-max-checked')) || 4;
    var limitBoxes = function () {
      var boxes = speakerBoxes.querySelectorAll('input[type="checkbox"]');
      var checked = speakerBoxes.querySelectorAll('input[type="checkbox"]:checked').length;
      for (var i = 0; i < boxes.length; i += 1) boxes[i].disabled = !boxes[i].checked && checked >= max;
    };
    speakerBoxes.addEventListener('change', limitBoxes);
    limitBoxes();
  }

  // ------------------------------------------------------------ search page

  // ------------------------------------------------------------ filters on a phone
  // The server sends the filters open (they work without script); on a narrow screen they are
  // folded so that the results follow right after their summary.
  var facetsPanel = document.querySelector('details[data-facets-panel]');
  if (facetsPanel && window.matchMedia && window.matchMedia('(max-width: 52rem)').matches) facetsPanel.open = false;

  var form = document.querySelector('form[data-live-search]');
  if (form) enhanceSearch(form);
  enhanceCopyLinks(document);
  enhanceCopyCitations(document);

  function enhanceSearch(form) {
    var input = form.querySelector('input[name="q"]');
    var sort = form.querySelector('select[name="sort"]');
    var timer = null;
    var controller = null;
    var sequence = 0;

    function formUrl() {
      var params = new URLSearchParams();
      var data = new window.FormData(form);
      data.forEach(function (value, name) {
        if (typeof value !== 'string' || value.trim() === '') return;
        if (name === 'sort' && value === 'relevance') return;
        params.append(name, value);
      });
      var query = params.toString();
      return form.getAttribute('action') + (query ? '?' + query : '');
    }

    function setBusy(busy) {
      var results = document.getElementById('results');
      if (results) results.setAttribute('aria-busy', busy ? 'true' : 'false');
    }

    /**
     * Fetches the search page for `url` and swaps its regions in. `how` is 'replace' while typing
     * (one history entry per search, not per key) and 'push' for a click on a facet or page link.
     * Resolves true when swapped, null when a newer search superseded it, false when it failed (the
     * caller may then navigate the ordinary way).
     */
    function load(url, how, focus) {
      sequence += 1;
      var mine = sequence;
      if (controller) controller.abort();
      controller = window.AbortController ? new window.AbortController() : null;
      setBusy(true);
      return fetch(url, { headers: { Accept: 'text/html' }, signal: controller ? controller.signal : undefined, credentials: 'same-origin' })
        .then(function (response) {
          return response.text().then(function (html) {
            return { ok: response.ok, html: html, url: response.url };
          });
        })
        .then(function (answer) {
          if (mine !== sequence) return null;
          setBusy(false);
          var page = new window.DOMParser().parseFromString(answer.html, 'text/html');
          if (!answer.ok || !page.getElementById('results')) {
            // A refused query (too long, bad parameter) while typing: say so, keep the old results.
            var message = page.querySelector('.error-message');
            announce(message ? message.textContent : '');
            return false;
          }
          for (var i = 0; i < REGIONS.length; i += 1) {
            var mineRegion = document.getElementById(REGIONS[i]);
            var theirs = page.getElementById(REGIONS[i]);
            if (mineRegion && theirs) mineRegion.innerHTML = theirs.innerHTML;
          }
          var results = document.getElementById('results');
          var theirResults = page.getElementById('results');
          if (results && theirResults) results.setAttribute('data-count', theirResults.getAttribute('data-count') || '');
          if (results) announce(results.getAttribute('data-count') || '');
          if (page.title) document.title = page.title;
          if (how === 'push') history.pushState({ contrepoint: true }, '', url);
          else if (how === 'replace') history.replaceState({ contrepoint: true }, '', url);
          if (how !== 'none') syncForm(page);
          enhanceCopyLinks(document);
          enhanceCopyCitations(document);
          if (focus) focus();
          return true;
        })
        .catch(function () {
          // Aborted by a newer search, or the network failed: the caller decides.
          if (mine !== sequence) return null;
          setBusy(false);
          return false;
        });
    }

    /** After a link or history move, the box and the sort show the state the page now holds. */
    function syncForm(page) {
      var theirInput = page.querySelector('form[data-live-search] input[name="q"]');
      if (theirInput && input && document.activeElement !== input) input.value = theirInput.value;
      var theirSort = page.querySelector('form[data-live-search] select[name="sort"]');
      if (theirSort && sort) sort.value = theirSort.value;
    }

    function searchSoon() {
      if (timer) clearTimeout(timer);
      timer = setTimeout(function () {
        timer = null;
        var url = formUrl();
        if (url === location.pathname + location.search) return;
        load(url, 'replace');
      }, TYPING_DELAY_MS);
    }

    if (input) input.addEventListener('input', searchSoon);
    if (sort) {
      sort.addEventListener('change', function () {
        load(formUrl(), 'replace');
      });
    }
    form.addEventListener('submit', function (event) {
      event.preventDefault();
      if (timer) clearTimeout(timer);
      load(formUrl(), 'replace', focusResults).then(function (swapped) {
        if (swapped === false) location.href = formUrl();
      });
    });

    function focusResults() {
      var count = document.querySelector('#results .result-count');
      if (count) count.focus();
    }

    // Facet toggles, active-filter chips, suggestions and pagination: same page, no reload.
    document.addEventListener('click', function (event) {
      if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      var target = event.target;
      var link = target && target.closest ? target.closest('a[data-search-link]') : null;
      if (!link) return;
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin || url.pathname !== '/search') return;
      event.preventDefault();
      var facet = link.getAttribute('data-facet');
      var isPage = link.closest('.pagination') !== null;
      load(url.pathname + url.search, 'push', function () {
        // Keep the keyboard where it was: on the same facet value, or on the new result count.
        var again = facet ? document.querySelector('a[data-facet="' + cssEscape(facet) + '"]') : null;
        if (again) again.focus();
        else focusResults();
        if (isPage) window.scrollTo(0, 0);
      }).then(function (swapped) {
        if (swapped === false) location.href = url.href;
      });
    });

    window.addEventListener('popstate', function () {
      if (location.pathname === '/search' || location.pathname === '/') {
        load(location.pathname + location.search, 'none').then(function (swapped) {
          if (swapped === false) location.reload();
          else if (swapped) {
            var params = new URLSearchParams(location.search);
            if (input) input.value = params.get('q') || '';
            if (sort) sort.value = params.get('sort') || 'relevance';
          }
        });
      }
    });
  }

  function cssEscape(text) {
    return window.CSS && window.CSS.escape ? window.CSS.escape(text) : text.replace(/["\\]/g, '\\$&');
  }
})();
