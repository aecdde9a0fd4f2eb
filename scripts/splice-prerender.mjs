// Puts a page's prerendered first screen (from the convlab-prerender binary: the app rendered
// to HTML natively for the default layer, with a status line where the stage will start) into
// the built page, in place of the static shell inside <… id="app">. Until the wasm mounts the
// app, the prerendered controls are inert: they do nothing yet, and nothing typed into them
// would be kept. Run by scripts/build.
// Usage: node scripts/splice-prerender.mjs PAGE.html PRERENDERED.html
import { readFile, writeFile } from 'node:fs/promises';

const [page, prerendered] = process.argv.slice(2);
if (!page || !prerendered) {
  console.error('usage: node scripts/splice-prerender.mjs PAGE.html PRERENDERED.html');
  process.exit(2);
}
const fail = (why) => {
  console.error(`splice-prerender: ${page}: ${why}`);
  process.exit(1);
};

const html = await readFile(page, 'utf8');
const app = (await readFile(prerendered, 'utf8')).trim();
if (app.length === 0) fail('the prerendered first screen is empty');

// The app's root: its opening tag (attributes in any order, quoted or not, as minified).
const open = /<(div|main)\b[^>]*\bid="?app"?(?=[\s>])[^>]*>/.exec(html);
if (!open) fail('no element with id="app"');
const tag = open[1];
const start = open.index + open[0].length;
// The root ends at the last closing tag of its kind before the explorer's root (main page) or
// the end of the body (lessons page).
const boundary = html.indexOf('id=explorer-root') >= 0 ? html.search(/<div\b[^>]*\bid=("?)explorer-root/) : html.lastIndexOf('</body>');
const end = html.lastIndexOf(`</${tag}>`, boundary);
if (boundary < 0 || end < start) fail(`no end of the app's root before the ${boundary < 0 ? 'body end' : 'explorer root'}`);

// The app, rendered with the `prerender` feature, says where the stage will start.
if (!/class="[^"]*\bshell-loading\b/.test(app)) fail('the prerendered first screen has no status line');

const opening = open[0].replace(/>$/, ' inert>');
await writeFile(page, html.slice(0, open.index) + opening + app + html.slice(end));
console.log(`splice-prerender: ${page}: ${app.length} bytes of prerendered first screen`);
