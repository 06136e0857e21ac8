// 「校园党建」 public site: small enhancements only. Every page works without this file.
// Served as a file (the CSP forbids inline scripts).
(function () {
  'use strict';
  document.documentElement.classList.add('js');

  function store(kind) {
    try {
      return window[kind];
    } catch {
      return null;
    }
  }
  var local = store('localStorage');
  var session = store('sessionStorage');
  function get(s, k) {
    try {
      return s ? s.getItem(k) : null;
    } catch {
      return null;
    }
  }
  function set(s, k, v) {
    try {
      if (s) s.setItem(k, v);
    } catch {
      /* storage full or disabled: the choice is simply not remembered */
    }
  }
  var reducedMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)').matches;

  // Featured carousel: dots follow the scroll position; advances every 6 s unless hovered,
  // focused, hidden or the visitor prefers reduced motion. Without JS it is a swipeable list.
  function carousel(root) {
    var track = root.querySelector('.slides');
    var slides = track ? track.children : [];
    var dots = root.querySelectorAll('.carousel-dots a');
    if (!track || slides.length < 2) return;
    var index = 0;
    var paused = false;
    function mark() {
      for (var d = 0; d < dots.length; d++) {
        if (d === index) dots[d].setAttribute('aria-current', 'true');
        else dots[d].removeAttribute('aria-current');
      }
    }
    function go(n) {
      index = (n + slides.length) % slides.length;
      track.scrollTo({ left: index * track.clientWidth, behavior: reducedMotion ? 'auto' : 'smooth' });
      mark();
    }
    var scrollTimer;
    track.addEventListener('scroll', function () {
      clearTimeout(scrollTimer);
      scrollTimer = setTimeout(function () {
        index = Math.round(track.scrollLeft / Math.max(1, track.clientWidth));
        mark();
      }, 80);
    });
    Array.prototype.forEach.call(dots, function (dot, n) {
      dot.addEventListener('click', function (e) {
        e.preventDefault();
        go(n);
      });
    });
    root.addEventListener('mouseenter', function () {
      paused = true;
    });
    root.addEventListener('mouseleave', function () {
      paused = false;
    });
    root.addEventListener('focusin', function () {
      paused = true;
    });
    root.addEventListener('focusout', function () {
      paused = false;
    });
    if (!reducedMotion) {
      setInterval(function () {
        if (!paused && !document.hidden) go(index + 1);
      }, 6000);
    }
  }
  Array.prototype.forEach.call(document.querySelectorAll('[data-carousel]'), carousel);

  // On a phone the column nav scrolls sideways: bring the current column into view.
  var current = document.querySelector('.mainnav a[aria-current="page"]');
  if (current) {
    var bar = current.closest('ul');
    if (bar && bar.scrollWidth > bar.clientWidth) {
      bar.scrollLeft = current.offsetLeft - (bar.clientWidth - current.offsetWidth) / 2;
    }
  }

  // Theme music. Never starts with sound on its own: it plays when the visitor presses the button,
  // and again on later pages only if this visitor chose to play it (remembered in localStorage).
  // The default, on phones and everywhere, is off. The track is not downloaded until it plays.
  var KEY = 'portal.music';
  var box = document.querySelector('[data-music]');
  if (box) {
    var audio = box.querySelector('audio');
    var btn = box.querySelector('.music-btn');
    var label = box.querySelector('.music-state');
    var waiting = false;
    btn.hidden = false;
    var ui = function (playing) {
      btn.setAttribute('aria-pressed', playing ? 'true' : 'false');
      label.textContent = playing ? '暂停' : '播放';
      btn.title = playing ? '暂停主题曲' : '播放主题曲';
    };
    var load = function () {
      if (!audio.getAttribute('src')) {
        audio.src = audio.getAttribute('data-src');
        var at = parseFloat(get(session, KEY + '.at') || '0');
        if (at > 0) {
          audio.addEventListener(
            'loadedmetadata',
            function () {
              if (at < audio.duration) audio.currentTime = at;
            },
            { once: true },
          );
        }
      }
    };
    var onGesture = function (e) {
      if (btn.contains(e.target)) return;
      document.removeEventListener('pointerdown', onGesture, true);
      document.removeEventListener('keydown', onGesture, true);
      waiting = false;
      if (get(local, KEY) === 'on') play(true);
    };
    var play = function (fromGesture) {
      load();
      var p = audio.play();
      if (p && p.then) {
        p.then(
          function () {
            ui(true);
          },
          function () {
            ui(false);
            // The browser wants a gesture first: the visitor chose music, so start at their next one.
            if (!fromGesture && !waiting) {
              waiting = true;
              document.addEventListener('pointerdown', onGesture, true);
              document.addEventListener('keydown', onGesture, true);
            }
          },
        );
      } else {
        ui(!audio.paused);
      }
    };
    btn.addEventListener('click', function () {
      if (audio.paused) {
        set(local, KEY, 'on');
        play(true);
      } else {
        set(local, KEY, 'off');
        audio.pause();
        ui(false);
      }
    });
    audio.addEventListener('pause', function () {
      ui(false);
    });
    audio.addEventListener('play', function () {
      ui(true);
    });
    window.addEventListener('pagehide', function () {
      if (!audio.paused) set(session, KEY + '.at', String(audio.currentTime));
    });
    ui(false);
    if (get(local, KEY) === 'on') play(false);
  }

  // Reading mode (大字高对比): reading.js applied the remembered choice before the first paint; the
  // button switches it and remembers it for later pages and visits. A native <button>, so Enter and
  // Space work; aria-pressed tells a screen reader whether it is on.
  var READING = 'portal.reading';
  Array.prototype.forEach.call(document.querySelectorAll('[data-reading]'), function (toggle) {
    var root = document.documentElement;
    var show = function () {
      toggle.setAttribute('aria-pressed', root.classList.contains('reading') ? 'true' : 'false');
    };
    toggle.addEventListener('click', function () {
      var on = !root.classList.contains('reading');
      root.classList.toggle('reading', on);
      set(local, READING, on ? 'on' : 'off');
      show();
    });
    show();
  });

  // The newsletter's print button.
  Array.prototype.forEach.call(document.querySelectorAll('[data-print]'), function (b) {
    b.hidden = false;
    b.addEventListener('click', function () {
      window.print();
    });
  });
})();
