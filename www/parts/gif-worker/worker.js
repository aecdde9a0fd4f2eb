// The GIF worker's entry, a classic worker script: the page starts it with
// new Worker('/parts/gif-worker/worker.js?v=BUILD'). It loads wasm-bindgen's glue (which
// defines `wasm_bindgen`) and the wasm beside it, asked for with the same ?v= so a new deploy
// never pairs a page with an old encoder, then starts the wasm, whose main answers
// {kind: "ready"} and handles the page's messages (src/bin/gif_worker.rs). A failure to start
// is sent to the page as {kind: "error"}.
const version = self.location.search;
const fail = (error) => {
  const why = error instanceof Error ? error.message : String(error);
  self.postMessage({ kind: 'error', message: `the GIF encoder could not start: ${why}` });
};
try {
  importScripts(`./convlab-gif-worker.js${version}`);
  wasm_bindgen({ module_or_path: `./convlab-gif-worker_bg.wasm${version}` }).catch(fail);
} catch (error) {
  fail(error);
}
