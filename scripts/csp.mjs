// The pages' content security policy. Scripts and wasm come only from the page's own origin;
// the scripts that must run before the wasm (Trunk's loader and www/head.js) are inlined for
// speed and allowed one by one through their SHA-256 hashes, never with 'unsafe-inline'. No remote connections; images from the page, data: and
// blob: (downloads, exports). Styles may be inline: the stylesheet is inlined so the first paint
// needs no second request, and the app sets style attributes.
//
// As a program it puts the policy, with the hashes of each page's inline scripts, into every
// built page as `<meta http-equiv="Content-Security-Policy">`, first in <head> (run by
// scripts/build after every other change to the HTML). scripts/static-server.mjs sends each
// page's own policy as a header too, read back from the page (`pagePolicy`), and BASE_POLICY
// with every other file.
// Usage: node scripts/csp.mjs DIST
import { createHash } from 'node:crypto';
import { readFile, writeFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { filesUnder } from './files-under.mjs';

/** The policy's directives, script hashes aside. */
const DIRECTIVES = [
  // Everything not named below (connections, fonts, workers, the manifest): this origin only.
  ["default-src", "'self'"],
  ["script-src", "'self' 'wasm-unsafe-eval'"],
  ["style-src", "'self' 'unsafe-inline'"],
  ["img-src", "'self' data: blob:"],
  ["object-src", "'none'"],
  ["base-uri", "'self'"],
  ["form-action", "'self'"],
];

/** The policy for `hashes` (base64 SHA-256 of each inline script allowed). */
export function policy(hashes = []) {
  return DIRECTIVES.map(([name, value]) =>
    name === 'script-src' ? `${name} ${[value, ...hashes.map((h) => `'sha256-${h}'`)].join(' ')}` : `${name} ${value}`,
  ).join('; ');
}

/** The policy of files that are not pages (scripts, wasm, workers): no inline script at all. */
export const BASE_POLICY = policy();

/** A page's policy <meta>, wherever it is in the HTML. */
const POLICY_META = /<meta\b[^>]*http-equiv="?Content-Security-Policy"?[^>]*>/gi;

/** The policy a built page carries in its <meta> (null when it has none). */
export function pagePolicy(html) {
  const meta = html.match(POLICY_META)?.[0];
  if (!meta) return null;
  const content = /\bcontent="([^"]*)"/i.exec(meta);
  return content ? content[1].replace(/&#39;|&apos;/g, "'").replace(/&amp;/g, '&') : null;
}

/** The base64 SHA-256 of every inline script's text in `html` (scripts with a src aside). */
export function inlineScriptHashes(html) {
  const hashes = [];
  for (const m of html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)) {
    if (/\bsrc\s*=/i.test(m[1])) continue;
    hashes.push(createHash('sha256').update(m[2], 'utf8').digest('base64'));
  }
  return [...new Set(hashes)];
}

/** `html` with its policy <meta> (replacing any earlier one) first in <head>. */
export function withPolicy(html) {
  const withoutOld = html.replace(POLICY_META, '');
  // Inline event handlers (onclick="…") would need 'unsafe-hashes': the pages have none.
  if (/<[a-z][^>]*\son[a-z]+\s*=/i.test(withoutOld.replace(/<script\b[\s\S]*?<\/script>/gi, ''))) {
    throw new Error('an inline event handler attribute: the policy does not allow it');
  }
  const meta = `<meta http-equiv="Content-Security-Policy" content="${policy(inlineScriptHashes(withoutOld))}">`;
  const head = /<head\b[^>]*>/i.exec(withoutOld);
  const charset = /<meta\s+charset=[^>]*>/i.exec(withoutOld);
  // After the charset declaration, which must come first; else right after <head>.
  const at = charset ? charset.index + charset[0].length : head ? head.index + head[0].length : -1;
  if (at < 0) throw new Error('no <head> and no charset <meta> to put the policy after');
  return withoutOld.slice(0, at) + meta + withoutOld.slice(at);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const dist = process.argv[2];
  if (!dist || process.argv.length > 3) {
    console.error('usage: node scripts/csp.mjs DIST');
    process.exit(2);
  }
  for await (const page of filesUnder(dist)) {
    if (!page.endsWith('.html')) continue;
    const html = await readFile(page, 'utf8');
    try {
      const out = withPolicy(html);
      await writeFile(page, out);
      console.log(`csp: ${page}: ${inlineScriptHashes(out).length} inline script(s) allowed by hash`);
    } catch (e) {
      console.error(`csp: ${page}: ${e.message}`);
      process.exit(1);
    }
  }
}
