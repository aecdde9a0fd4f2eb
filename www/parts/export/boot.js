// Loads the export dialog's bundle into the page that asked for it (the stage's "Export…"
// button inserts this file as a module script, with ?v=BUILD: src/ui/part_bridge.rs). It fetches
// the stylesheet, the JS glue and the wasm side by side, asked for with the same ?v= so a new
// deploy never pairs a page with an old part, tells the part where the GIF encoder's worker is,
// then starts the wasm, whose main mounts the dialog into #export-root and opens it. A failure
// is shown in #export-root (role="alert") and marked, so the next press tries again.
const version = new URL(import.meta.url).search;
const here = (name) => new URL(name + version, import.meta.url).href;
const root = document.getElementById('export-root');

function fail(error) {
  if (!root) return;
  const why = error instanceof Error ? error.message : String(error);
  root.dataset.failed = '';
  const line = document.createElement('p');
  line.className = 'export-failed';
  line.setAttribute('role', 'alert');
  line.textContent = `The export could not be loaded (${why}). Press Export… to try again.`;
  root.replaceChildren(line);
}

try {
  if (!root) throw new Error('the page has no #export-root');
  root.dataset.worker = here('../gif-worker/worker.js');
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = here('export.css');
  const styled = new Promise((resolve, reject) => {
    style.onload = resolve;
    style.onerror = () => reject(new Error('its stylesheet could not be fetched'));
  });
  document.head.append(style);
  const wasm = fetch(here('convlab-export_bg.wasm')).then((response) => {
    if (!response.ok) throw new Error(`its code could not be fetched (HTTP ${response.status})`);
    return response;
  });
  const glue = import(here('convlab-export.js'));
  const [{ default: init }] = await Promise.all([glue, styled]);
  root.replaceChildren();
  await init({ module_or_path: wasm });
} catch (error) {
  fail(error);
}
