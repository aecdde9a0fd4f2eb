// Loads the cost explorer's bundle into the main page that asked for it (the slot in
// src/ui/explorer_slot.rs inserts this file as a module script, with ?v=BUILD). It fetches the
// stylesheet, the JS glue and the wasm side by side, asked for with the same ?v= so a new
// deploy never pairs a page with an old part, then starts the wasm, whose main mounts the
// explorer into #explorer-root. Any failure is sent to the slot as convlab-part-error.
const version = new URL(import.meta.url).search;
const here = (name) => new URL(name + version, import.meta.url).href;

function fail(error) {
  const root = document.getElementById('explorer-root');
  const why = error instanceof Error ? error.message : String(error);
  root?.dispatchEvent(new CustomEvent('convlab-part-error', { bubbles: true, detail: why }));
}

try {
  const style = document.createElement('link');
  style.rel = 'stylesheet';
  style.href = here('explorer.css');
  const styled = new Promise((resolve, reject) => {
    style.onload = resolve;
    style.onerror = () => reject(new Error('its stylesheet could not be fetched'));
  });
  document.head.append(style);
  const wasm = fetch(here('convlab-explorer_bg.wasm')).then((response) => {
    if (!response.ok) throw new Error(`its code could not be fetched (HTTP ${response.status})`);
    return response;
  });
  const glue = import(here('convlab-explorer.js'));
  const [{ default: init }] = await Promise.all([glue, styled]);
  await init({ module_or_path: wasm });
} catch (error) {
  fail(error);
}
