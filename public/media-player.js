// The debate page's recording player. Without this file every time code is a plain link to the
// media file at that moment (`#t=seconds`, which browsers play from there). With it, following a
// time code seeks the page's player instead and plays, and while the recording plays the turn
// being spoken is marked (class `is-playing`, aria-current) and named under the player.
// Plain browser JavaScript, no build step, loaded with `defer` by views/debate.ejs.

(function () {
  'use strict';

  var box = document.querySelector('.media-player');
  var player = box && box.querySelector('audio, video');
  if (!player) return;
  var status = box.querySelector('.now-playing');
  var template = box.getAttribute('data-now-playing') || '{speaker}, {time}';

  /** Every time code that seeks, in the order of its moment: [seconds, link]. */
  var marks = Array.prototype.slice
    .call(document.querySelectorAll('a[data-seek]'))
    .map(function (link) {
      return [Number(link.getAttribute('data-seek')), link];
    })
    .filter(function (mark) {
      return isFinite(mark[0]);
    })
    .sort(function (a, b) {
      return a[0] - b[0];
    });

  document.addEventListener('click', function (event) {
    if (event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
    var link = event.target && event.target.closest ? event.target.closest('a[data-seek]') : null;
    if (!link) return;
    event.preventDefault();
    seek(Number(link.getAttribute('data-seek')));
  });

  function seek(seconds) {
    player.currentTime = seconds;
    var playing = player.play();
    // A browser may refuse to play before the reader interacts with the page: the seek still holds.
    if (playing && playing.catch) playing.catch(function () {});
    showCurrent();
  }

  var current = null;

  function showCurrent() {
    var time = player.currentTime;
    var found = null;
    for (var i = 0; i < marks.length; i += 1) {
      if (marks[i][0] <= time + 0.25) found = marks[i][1];
      else break;
    }
    if (found === current) return;
    if (current) mark(current, false);
    current = found;
    if (current) mark(current, true);
    if (status) status.textContent = current ? describe(current) : '';
  }

  function mark(link, on) {
    var unit = link.closest('[data-unit]');
    if (!unit) return;
    unit.classList.toggle('is-playing', on);
    if (on) unit.setAttribute('aria-current', 'true');
    else unit.removeAttribute('aria-current');
  }

  function describe(link) {
    var card = link.closest('article');
    var speaker = card && card.querySelector('.unit-speaker');
    var time = link.cloneNode(true);
    var hidden = time.querySelector('.visually-hidden');
    if (hidden) hidden.remove();
    return template.replace('{speaker}', speaker ? speaker.textContent.trim() : '').replace('{time}', time.textContent.trim());
  }

  player.addEventListener('timeupdate', showCurrent);
  player.addEventListener('seeked', showCurrent);
})();
