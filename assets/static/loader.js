// Starts the page's Go WebAssembly program (wasm_exec.js defines Go) and
// registers the service worker that keeps the questionnaire usable offline.
// The page works without either: this only adds to it.
'use strict';
(function () {
  var script = document.currentScript;
  var wasm = script && script.getAttribute('data-wasm');
  if ('serviceWorker' in navigator && location.protocol !== 'file:') {
    // After the load: its first install fetches every page and the runner
    // for the cache, which must not compete with this page's own loading.
    window.addEventListener('load', function () {
      navigator.serviceWorker.register('/sw.js').catch(function (err) {
        console.warn('service worker:', err);
      });
    });
  }
  if (!wasm || typeof WebAssembly !== 'object' || typeof Go !== 'function') {
    return;
  }
  function start() {
    var go = new Go();
    var fetched = fetch(wasm, { credentials: 'same-origin' });
    var instantiated = WebAssembly.instantiateStreaming
      ? WebAssembly.instantiateStreaming(fetched, go.importObject).catch(function () {
          // A server that sends the wrong Content-Type: compile from bytes.
          return fetch(wasm).then(function (r) { return r.arrayBuffer(); })
            .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
        })
      : fetched.then(function (r) { return r.arrayBuffer(); })
          .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    instantiated.then(function (result) {
      return go.run(result.instance);
    }).catch(function (err) {
      console.error('starting ' + wasm + ':', err);
      document.documentElement.setAttribute('data-wasm-failed', '');
    });
  }
  // The form can be answered as soon as it is on the screen; loading and
  // compiling megabytes of wasm would compete with that first frame, so
  // they wait for it.
  requestAnimationFrame(function () { setTimeout(start, 0); });
})();
