// Gives a release bundle's wasm imports short names. wasm-bindgen names each import after the
// JavaScript it calls plus a 16-digit hash (`__wbg_addEventListener_847fd86b8c33ec43`); the
// name is written twice, in the wasm's import section and as a key of the glue's import object,
// and the hashes do not compress: about 0.8 KB gzip per bundle. Both are renamed to the same
// short name (`a`, `b`, … `ba`, …), in the order of the import section.
// Used by scripts/post-build.mjs; pure: bytes and text in, bytes and text out.

/** An unsigned LEB128 at `at` in `bytes`: [value, next offset]. */
function leb(bytes, at) {
  let value = 0;
  let shift = 0;
  for (;;) {
    if (at >= bytes.length) throw new Error('a number runs past the end of the module');
    const b = bytes[at++];
    value += (b & 0x7f) * 2 ** shift;
    if ((b & 0x80) === 0) return [value, at];
    shift += 7;
  }
}

/** `value` as an unsigned LEB128. */
function lebBytes(value) {
  const out = [];
  do {
    let b = value % 128;
    value = Math.floor(value / 128);
    if (value > 0) b |= 0x80;
    out.push(b);
  } while (value > 0);
  return out;
}

/** The `index`th short name: a, b, … z, ba, bb, … (letters only, so never a number). */
function shortName(index) {
  let name = '';
  do {
    name = String.fromCharCode(97 + (index % 26)) + name;
    index = Math.floor(index / 26);
  } while (index > 0);
  return name;
}

/** Skips an import's description (function, table, memory, global or tag) at `at`. */
function skipImportDesc(bytes, at) {
  const kind = bytes[at++];
  const limits = (p) => {
    const flags = bytes[p++];
    [, p] = leb(bytes, p);
    if (flags & 1) [, p] = leb(bytes, p);
    return p;
  };
  switch (kind) {
    case 0: return leb(bytes, at)[1]; // function: its type index
    case 1: return limits(at + 1); // table: element type, limits
    case 2: return limits(at); // memory: limits
    case 3: return at + 2; // global: value type, mutability
    case 4: return leb(bytes, at + 1)[1]; // tag: attribute, type index
    default: throw new Error(`an import of unknown kind ${kind}`);
  }
}

const decoder = new TextDecoder();
const encoder = new TextEncoder();

/** Whether an import module is wasm-bindgen's glue ("./convlab_bg.js"). */
const isGlue = (module) => /^\.\/[\w-]+_bg\.js$/.test(module);

/**
 * Renames every import from the glue's module in `wasm` (a Uint8Array) and in `js` (the glue,
 * minified). Fails, changing nothing, when an import's name is not exactly one key of the glue.
 */
export function shortenImports(wasm, js) {
  if (wasm[0] !== 0 || wasm[1] !== 0x61 || wasm[2] !== 0x73 || wasm[3] !== 0x6d) throw new Error('not a wasm module');
  let at = 8;
  while (at < wasm.length) {
    const id = wasm[at];
    const [size, body] = leb(wasm, at + 1);
    if (id !== 2) {
      at = body + size;
      continue;
    }
    // The import section: rewrite it with the new names.
    const out = [];
    let p = body;
    let count;
    [count, p] = leb(wasm, p);
    out.push(...lebBytes(count));
    const renames = new Map();
    for (let i = 0; i < count; i++) {
      let len;
      [len, p] = leb(wasm, p);
      const mod = decoder.decode(wasm.subarray(p, p + len));
      p += len;
      [len, p] = leb(wasm, p);
      const name = decoder.decode(wasm.subarray(p, p + len));
      p += len;
      const descStart = p;
      p = skipImportDesc(wasm, p);
      let newName = name;
      if (isGlue(mod)) {
        newName = renames.get(name) ?? shortName(renames.size);
        renames.set(name, newName);
      }
      for (const text of [mod, newName]) {
        const b = encoder.encode(text);
        out.push(...lebBytes(b.length), ...b);
      }
      out.push(...wasm.subarray(descStart, p));
    }
    if (p !== body + size) throw new Error('the import section does not end where its size says');
    // The glue: each old name is one key of the import object (`name:` after `{` or `,`).
    let glue = js;
    for (const [name, newName] of renames) {
      const key = new RegExp(`([{,])${name.replace(/[$]/g, '\\$&')}(?=:)`, 'g');
      const found = glue.match(key)?.length ?? 0;
      if (found !== 1) throw new Error(`the glue has ${found} keys named ${name}, not one`);
      if (new RegExp(`[^\\w$]${name.replace(/[$]/g, '\\$&')}[^\\w$:]`).test(glue)) {
        throw new Error(`the glue uses ${name} other than as a key`);
      }
      glue = glue.replace(key, `$1${newName}`);
    }
    const section = [2, ...lebBytes(out.length), ...out];
    const bytes = new Uint8Array(at + section.length + (wasm.length - (body + size)));
    bytes.set(wasm.subarray(0, at), 0);
    bytes.set(section, at);
    bytes.set(wasm.subarray(body + size), at + section.length);
    return { wasm: bytes, js: glue, renamed: renames.size };
  }
  return { wasm, js, renamed: 0 };
}
