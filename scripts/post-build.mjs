// Trunk post-build hook for release builds, in Trunk's staging folder: gives each bundle's wasm
// imports short names in the wasm and its JavaScript glue (scripts/short-imports.mjs), then
// minifies the glue with terser (wasm-bindgen writes it readable; Trunk minifies only HTML and
// CSS): ES modules as modules, a worker's classic scripts with their globals kept. Debug builds
// are left as they are. Run by Trunk (see Trunk.toml), not by hand.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';
import { shortenImports } from './short-imports.mjs';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('post-build: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

const names = await readdir(dir);
for (const name of names) {
  if (!name.endsWith('.js')) continue;
  const path = join(dir, name);
  const code = await readFile(path, 'utf8');
  // A classic script keeps its top-level names: wasm-bindgen's no-modules glue (a worker's)
  // defines the global `wasm_bindgen` that the worker's entry calls after `importScripts`.
  const classic = /^\s*let wasm_bindgen\b/.test(code) || /\bimportScripts\(/.test(code);
  const out = await minify(code, { module: !classic, toplevel: !classic, compress: true, mangle: true });
  if (typeof out.code !== 'string') throw new Error(`post-build: terser gave nothing for ${name}`);
  let js = out.code;
  // The glue `X.js` goes with `X_bg.wasm` (Trunk gives both the same hash).
  const wasmName = name.replace(/\.js$/, '_bg.wasm');
  if (names.includes(wasmName)) {
    const wasmPath = join(dir, wasmName);
    const shortened = shortenImports(new Uint8Array(await readFile(wasmPath)), js);
    if (shortened.renamed === 0) throw new Error(`post-build: ${wasmName} imports nothing from its glue`);
    await writeFile(wasmPath, shortened.wasm);
    js = shortened.js;
    console.log(`post-build: ${wasmName}: ${shortened.renamed} imports renamed`);
  }
  await writeFile(path, js);
  console.log(`post-build: ${name} ${code.length} → ${js.length} bytes`);
}
