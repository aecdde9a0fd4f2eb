// Writes the service worker into a build: www/sw.js with the build's identity and the list of
// every file the site serves (each page as its folder, `/` and `/lessons/`; the precompressed
// .br/.gz copies aside, as the browser stores what they decode to). Run by scripts/build after
// the last change to any file and before the compressed copies are made.
// Usage: node scripts/service-worker.mjs DIST BUILD
import { readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './files-under.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The site's URL paths of the files in `dist` that the worker keeps. */
export async function siteFiles(dist) {
  const files = [];
  for await (const path of filesUnder(dist)) {
    const url = `/${relative(dist, path).split(sep).join('/')}`;
    if (/\.(br|gz)$/.test(url) || url === '/sw.js') continue;
    files.push(url.replace(/(^|\/)index\.html$/, '$1'));
  }
  return files;
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [dist, build] = process.argv.slice(2);
  if (!dist || !build || process.argv.length > 4) {
    console.error('usage: node scripts/service-worker.mjs DIST BUILD');
    process.exit(2);
  }
  const template = await readFile(join(ROOT, 'www', 'sw.js'), 'utf8');
  const files = await siteFiles(dist);
  if (!files.includes('/') || !files.includes('/lessons/')) {
    console.error(`service-worker: ${dist} lacks a page (${files.join(', ')})`);
    process.exit(1);
  }
  const worker = template
    .replace("'__CONVLAB_BUILD__'", JSON.stringify(build))
    .replace('__CONVLAB_FILES__', JSON.stringify(files));
  if (worker.includes('__CONVLAB_')) {
    console.error('service-worker: a marker of www/sw.js was left unfilled');
    process.exit(1);
  }
  await writeFile(join(dist, 'sw.js'), worker);
  console.log(`service-worker: ${files.length} files for build ${build}`);
}
