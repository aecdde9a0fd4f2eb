// Inlined at the end of each page's body by Trunk (rel="inline"). If the app cannot start (no
// WebAssembly, a failed download), the static shell says so instead of loading for ever. The
// app removes aria-busy from #app when it mounts, and from then on this stays silent.
function convlabFailed(reason) {
  var status = document.querySelector('#app[aria-busy] .shell-loading');
  if (!status) return;
  var why = reason && reason.message ? reason.message : String(reason);
  status.textContent = 'convlab could not start (' + why + '). Reload the page to try again.';
  status.setAttribute('role', 'alert');
}
// The loader's top-level await reports as an error; a stray promise as a rejection.
addEventListener('error', function (event) { convlabFailed(event.error || event.message); });
addEventListener('unhandledrejection', function (event) { convlabFailed(event.reason); });
