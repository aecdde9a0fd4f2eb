// Every file under a folder, for the build's steps that go over the built site
// (scripts/compress.mjs, scripts/csp.mjs, scripts/service-worker.mjs).
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/** Every file under `root`, depth first, in a stable (sorted by name) order. */
export async function* filesUnder(root) {
  const entries = (await readdir(root, { withFileTypes: true }))
    .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const path = join(root, e.name);
    if (e.isDirectory()) yield* filesUnder(path);
    else if (e.isFile()) yield path;
  }
}
