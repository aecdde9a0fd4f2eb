// Inlined first in each page's <head> by Trunk (rel="inline"), so it runs before anything paints;
// the pages' content security policy allows it by its hash (scripts/csp.mjs).
// The lessons are their own page (lessons/): a lesson link to the main page goes there.
if (!/\/(lessons|lab)\/(index\.html)?$/.test(location.pathname) && /[?&](lesson|chapter|kernel)=/.test(location.search)) {
  location.replace('lessons/' + location.search + location.hash);
}
// Each page's first screen in its HTML is for its default state; a link that sets its own shows
// only what does not depend on it until the app mounts (style.css).
if (location.search.length > 1) document.documentElement.dataset.prerender = 'other';
// In another page's iframe (embed=1) the stage alone shows from the first paint: the root is
// marked and embed.css is written into the head while it is parsed, so it holds the first paint.
if (/[?&]embed=1(&|$)/.test(location.search)) {
  document.documentElement.classList.add('embedding');
  document.write('<link rel="stylesheet" href="' + (/\/lessons\//.test(location.pathname) ? '../' : '') + 'embed.css">');
}
// If the app cannot start (no WebAssembly, a failed download), the first screen says so instead
// of loading for ever. The app removes aria-busy from #app when it mounts; from then on this
// stays silent. The loader's top-level await reports as an error; a stray promise as a rejection.
function convlabFailed(reason) {
  var status = document.querySelector('#app[aria-busy] .shell-loading');
  if (!status) return;
  var why = reason && reason.message ? reason.message : String(reason);
  status.textContent = 'convlab could not start (' + why + '). Reload the page to try again.';
  status.setAttribute('role', 'alert');
}
addEventListener('error', function (event) { convlabFailed(event.error || event.message); });
addEventListener('unhandledrejection', function (event) { convlabFailed(event.reason); });
// Offline: the service worker (sw.js) keeps every page's files once the page has loaded. When a
// newer build's worker is waiting, a line offers to reload into it.
if ('serviceWorker' in navigator) {
  addEventListener('load', function () {
    // A sandboxed frame (an opaque origin) has no worker, or may not even read the property.
    var workers;
    try {
      workers = navigator.serviceWorker;
    } catch (refused) {
      return;
    }
    if (!workers) return;
    var reloading = false;
    function offer(worker) {
      if (!workers.controller || document.querySelector('.update-ready')) return;
      var line = document.createElement('div');
      line.className = 'update-ready';
      line.setAttribute('role', 'status');
      line.textContent = 'A new version of convlab is ready. ';
      var button = document.createElement('button');
      button.type = 'button';
      button.textContent = 'Reload';
      button.addEventListener('click', function () {
        reloading = true;
        worker.postMessage('activate');
      });
      line.append(button);
      document.body.append(line);
    }
    workers.addEventListener('controllerchange', function () {
      if (reloading) location.reload();
    });
    workers.register('/sw.js').then(function (registration) {
      if (!registration) return; // registration refused by the browser's settings
      if (registration.waiting) offer(registration.waiting);
      registration.addEventListener('updatefound', function () {
        var worker = registration.installing;
        if (!worker) return;
        worker.addEventListener('statechange', function () {
          if (worker.state === 'installed') offer(worker);
        });
      });
    }, function () {
      // No worker (a private window, a file: page): the page works online as before.
    });
  });
}
