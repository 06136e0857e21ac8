// 「校园党建」 public site: applies the visitor's reading mode (大字高对比) before the first paint.
// Loaded without `defer` in <head>, so it must stay tiny; portal.js wires the toggle button. A file,
// not an inline script, because the CSP forbids inline scripts; pages stay identical for everyone.
(function () {
  'use strict';
  var root = document.documentElement;
  root.classList.add('js');
  try {
    if (window.localStorage.getItem('portal.reading') === 'on') root.classList.add('reading');
  } catch {
    /* storage disabled: the default reading mode */
  }
})();
