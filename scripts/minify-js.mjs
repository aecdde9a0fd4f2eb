// Trunk post-build hook: minifies the JavaScript glue of a release build in Trunk's staging
// folder with terser (wasm-bindgen writes it readable; Trunk minifies only HTML and CSS).
// Debug builds are left as they are. Run by Trunk (see Trunk.toml), not by hand.
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { minify } from 'terser';

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir) {
  console.error('minify-js: TRUNK_STAGING_DIR is not set (run through trunk build)');
  process.exit(1);
}
if (process.env.TRUNK_PROFILE !== 'release') process.exit(0);

for (const name of await readdir(dir)) {
  if (!name.endsWith('.js')) continue;
  const path = join(dir, name);
  const code = await readFile(path, 'utf8');
  const out = await minify(code, { module: true, compress: true, mangle: true });
  if (typeof out.code !== 'string') throw new Error(`minify-js: terser gave nothing for ${name}`);
  await writeFile(path, out.code);
  console.log(`minify-js: ${name} ${code.length} → ${out.code.length} bytes`);
}
