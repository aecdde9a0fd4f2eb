// convlab's service worker: keeps every page's files (/, /lessons/, the cost explorer's part,
// the icons and the manifest) so a second visit loads with the network off.
// scripts/service-worker.mjs writes it into the build with the build's identity and its file
// list in place of the two markers below. Each build has a cache of its own: a new build's
// worker installs beside the old one and waits; the page then says a new version is ready
// (www/head.js) and, when the reader asks, tells it to take over and reloads. Taking over
// deletes the older builds' caches.
const BUILD = '__CONVLAB_BUILD__';
const FILES = __CONVLAB_FILES__;
const CACHE = `convlab-${BUILD}`;

self.addEventListener('install', (event) => {
  // Fresh from the server, not from the browser's HTTP cache.
  event.waitUntil(
    caches.open(CACHE).then((cache) => cache.addAll(FILES.map((file) => new Request(file, { cache: 'reload' })))),
  );
});

self.addEventListener('activate', (event) => {
  event.waitUntil(
    caches
      .keys()
      .then((keys) => Promise.all(keys.filter((k) => k.startsWith('convlab-') && k !== CACHE).map((k) => caches.delete(k))))
      .then(() => self.clients.claim()),
  );
});

self.addEventListener('message', (event) => {
  if (event.data === 'activate') self.skipWaiting();
});

// This build's files from its cache: a page whatever its query (the query is the layer), the
// explorer's files whatever their ?v= (this build's). Anything else goes to the network.
self.addEventListener('fetch', (event) => {
  const request = event.request;
  if (request.method !== 'GET' || new URL(request.url).origin !== self.location.origin) return;
  event.respondWith(
    caches
      .open(CACHE)
      .then((cache) => cache.match(request, { ignoreSearch: true, ignoreVary: true }))
      .then((hit) => hit ?? fetch(request)),
  );
});
