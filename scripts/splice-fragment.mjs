// Puts a fragment rendered at build time (convlab-prerender seed-note: the note on the
// often-quoted 9.24×, with the engine's figures) into a built page, in place of its empty
// placeholder element `<… id="ID"></…>`. Run by scripts/build.
// Usage: node scripts/splice-fragment.mjs PAGE.html ID FRAGMENT.html
import { readFile, writeFile } from 'node:fs/promises';

const [page, id, fragmentFile] = process.argv.slice(2);
if (!page || !id || !fragmentFile) {
  console.error('usage: node scripts/splice-fragment.mjs PAGE.html ID FRAGMENT.html');
  process.exit(2);
}
const fail = (why) => {
  console.error(`splice-fragment: ${page}: ${why}`);
  process.exit(1);
};
const html = await readFile(page, 'utf8');
const fragment = (await readFile(fragmentFile, 'utf8')).trim();
if (!fragment.includes(`id="${id}"`)) fail(`the fragment has no element with id="${id}"`);
// The placeholder: an empty element with that id (attributes in any order, quoted or not).
const placeholder = new RegExp(`<(\\w+)\\b[^>]*\\bid="?${id}"?(?=[\\s>])[^>]*>\\s*</\\1>`).exec(html);
if (!placeholder) fail(`no empty placeholder with id="${id}"`);
await writeFile(page, html.slice(0, placeholder.index) + fragment + html.slice(placeholder.index + placeholder[0].length));
console.log(`splice-fragment: ${page}: ${fragment.length} bytes for #${id}`);
