// 宣传橱窗: shows one slide at a time, advances on its own, and polls the slide feed so new content
// appears without anyone touching the screen. Built with textContent only (no HTML from the feed).
(function () {
  'use strict';
  document.documentElement.classList.add('js');
  var stage = document.querySelector('[data-showcase]');
  if (!stage) return;
  var version = stage.getAttribute('data-version');
  var assets = stage.getAttribute('data-assets');
  var feed = stage.getAttribute('data-feed');
  var bar = document.querySelector('.sc-progress i');
  var index = 0;
  var timer;

  function slides() {
    return stage.querySelectorAll('.sc-slide');
  }

  function show(n) {
    var list = slides();
    if (!list.length) return;
    index = ((n % list.length) + list.length) % list.length;
    for (var i = 0; i < list.length; i++) list[i].classList.toggle('is-active', i === index);
    var seconds = Math.max(4, parseInt(list[index].getAttribute('data-duration'), 10) || 12);
    if (bar) {
      bar.classList.remove('run');
      void bar.offsetWidth; // restart the animation
      bar.style.animationDuration = seconds + 's';
      bar.classList.add('run');
    }
    clearTimeout(timer);
    if (list.length > 1)
      timer = setTimeout(function () {
        show(index + 1);
      }, seconds * 1000);
  }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text) e.textContent = text;
    return e;
  }

  function build(data) {
    var current = slides()[index];
    var currentId = current ? current.getAttribute('data-id') : null;
    var frag = document.createDocumentFragment();
    var next = 0;
    data.slides.forEach(function (s, i) {
      var sec = el(
        'section',
        'sc-slide sc-' + (s.kind === 'photo' ? 'photo' : 'article') + (s.imageUrl ? '' : ' sc-noimage'),
      );
      sec.setAttribute('data-id', s.id);
      sec.setAttribute('data-duration', String(s.durationSeconds));
      if (s.id === currentId) next = i;
      if (s.imageUrl) {
        var media = el('div', 'sc-media');
        var img = document.createElement('img');
        img.src = s.imageUrl;
        // Never empty: a photo is described by its caption (or title), a cover by the article's title.
        img.alt = (s.kind === 'photo' && s.caption) || s.title;
        media.appendChild(img);
        sec.appendChild(media);
      }
      var text = el('div', 'sc-text');
      if (s.dateText) text.appendChild(el('p', 'sc-kicker', s.dateText));
      text.appendChild(el('h2', 'sc-title', s.title));
      if (s.summary) text.appendChild(el('p', 'sc-summary', s.summary));
      if (s.caption) text.appendChild(el('p', 'sc-caption', s.caption));
      sec.appendChild(text);
      frag.appendChild(sec);
    });
    if (!data.slides.length) return; // keep what is on screen rather than going blank
    while (stage.firstChild) stage.removeChild(stage.firstChild);
    stage.appendChild(frag);
    show(next);
  }

  function poll() {
    // 'no-cache' revalidates with the ETag: an unchanged feed costs a 304.
    fetch(feed, { cache: 'no-cache', credentials: 'omit' })
      .then(function (r) {
        return r.ok ? r.json() : null;
      })
      .then(function (data) {
        if (!data) return;
        if (data.assets && data.assets !== assets) {
          location.reload();
          return;
        }
        if (data.version !== version) {
          version = data.version;
          build(data);
        }
      })
      .catch(function () {
        /* offline for a moment: keep showing what we have */
      });
  }

  var clock = document.querySelector('[data-clock]');
  function tick() {
    if (!clock) return;
    var d = new Date();
    var pad = function (n) {
      return (n < 10 ? '0' : '') + n;
    };
    var week = '日一二三四五六'.charAt(d.getDay());
    clock.textContent =
      d.getMonth() +
      1 +
      '月' +
      d.getDate() +
      '日 星期' +
      week +
      '  ' +
      pad(d.getHours()) +
      ':' +
      pad(d.getMinutes());
  }

  // Full screen on a click or the F key (a browser only allows it after a gesture).
  function fullscreen() {
    var root = document.documentElement;
    if (!document.fullscreenElement && root.requestFullscreen) root.requestFullscreen().catch(function () {});
  }
  document.addEventListener('click', fullscreen);
  document.addEventListener('keydown', function (e) {
    if (e.key === 'f' || e.key === 'F') fullscreen();
    if (e.key === 'ArrowRight') show(index + 1);
    if (e.key === 'ArrowLeft') show(index - 1);
  });

  tick();
  setInterval(tick, 5000);
  show(0);
  setInterval(poll, 15000);
})();
