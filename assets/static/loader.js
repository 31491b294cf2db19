// Starts the page's Go WebAssembly program (wasm_exec.js defines Go) and
// registers the service worker that keeps the questionnaire usable offline.
// The page works without either: this only adds to it.
'use strict';
(function () {
  var script = document.currentScript;
  var wasm = script && script.getAttribute('data-wasm');
  var json = script && script.getAttribute('data-json');
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
  // The wasm and the data the program needs (the questionnaire) are
  // downloaded at once, side by side. Compiling and starting Go wait for the
  // first frame: on a slow machine they would compete with it, and the form
  // can be answered as soon as it is on the screen (measured: make
  // bench-pages). The data is handed to Go as text before it starts, so
  // dom.Early reads it without waiting for the network.
  var data = json
    ? fetch(json, { credentials: 'same-origin' }).then(function (r) {
        return r.ok ? r.text() : null;
      }).catch(function () { return null; })
    : null;
  var fetched = fetch(wasm, { credentials: 'same-origin' });
  function instantiate(go) {
    var fromBytes = function () {
      return fetch(wasm).then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    };
    if (!WebAssembly.instantiateStreaming) {
      return fetched.then(function (r) { return r.arrayBuffer(); })
        .then(function (b) { return WebAssembly.instantiate(b, go.importObject); });
    }
    // A server that sends the wrong Content-Type: compile from bytes.
    return WebAssembly.instantiateStreaming(fetched, go.importObject).catch(fromBytes);
  }
  requestAnimationFrame(function () {
    setTimeout(function () {
      var go = new Go();
      Promise.all([instantiate(go), data]).then(function (got) {
        if (typeof got[1] === 'string') {
          window.lagesbildEarly = {};
          window.lagesbildEarly[json] = got[1];
        }
        return go.run(got[0].instance);
      }).catch(function (err) {
        console.error('starting ' + wasm + ':', err);
        document.documentElement.setAttribute('data-wasm-failed', '');
      });
    }, 0);
  });
})();
