// The service worker: once a page has been visited, the questionnaire, its
// result page and everything they need open without a network. The build
// writes the version and the list (a hash of every file), so a new build
// replaces the cache as a whole. The API is never cached: answers go to the
// worker or wait in the page's draft.
'use strict';
var VERSION = '{{VERSION}}';
var PRECACHE = {{PRECACHE}};
var CACHE = 'lagesbild-' + VERSION;

self.addEventListener('install', function (event) {
  event.waitUntil(
    caches.open(CACHE).then(function (cache) { return cache.addAll(PRECACHE); })
      .then(function () { return self.skipWaiting(); })
  );
});

self.addEventListener('activate', function (event) {
  event.waitUntil(
    caches.keys().then(function (keys) {
      return Promise.all(keys.filter(function (k) {
        return k.indexOf('lagesbild-') === 0 && k !== CACHE;
      }).map(function (k) { return caches.delete(k); }));
    }).then(function () { return self.clients.claim(); })
  );
});

self.addEventListener('fetch', function (event) {
  var req = event.request;
  var url = new URL(req.url);
  if (req.method !== 'GET' || url.origin !== self.location.origin || url.pathname.indexOf('/api/') === 0) {
    return; // the network, as if there were no service worker
  }
  // Pages and files: from the cache (this build's), else the network, which
  // also fills the cache for files not precached (the chart binary).
  event.respondWith(
    caches.open(CACHE).then(function (cache) {
      return cache.match(req, { ignoreSearch: true }).then(function (hit) {
        if (hit) {
          return hit;
        }
        return fetch(req).then(function (resp) {
          if (resp.ok && resp.type === 'basic') {
            cache.put(url.pathname, resp.clone());
          }
          return resp;
        });
      });
    })
  );
});
