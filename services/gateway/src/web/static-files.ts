import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** The encodings a file may be held in besides its plain bytes, in the order the gateway prefers them. */
export const encodings = ['br', 'gzip'] as const;
export type Encoding = (typeof encodings)[number];

/** What the build writes beside a file for each encoding (`index-3f2a.js.br`). */
const suffixes: Record<Encoding, string> = { br: '.br', gzip: '.gz' };

/** One file of the built web app, held in memory with its compressed forms (the whole app is a few MB). */
export interface StaticFile {
  body: Buffer;
  /** Brotli from the build (apps/web's precompress plugin); gzip from the build or, without one, made at boot. */
  encoded: Partial<Record<Encoding, Buffer>>;
  type: string;
  etag: string;
  /** Vite's hashed output (`/assets/index-3f2a9c1d.js`): its name changes when its content does. */
  immutable: boolean;
}

const types: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.webp': 'image/webp',
  '.avif': 'image/avif',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.txt': 'text/plain; charset=utf-8',
};
const compressible = new Set(['.html', '.js', '.mjs', '.css', '.json', '.svg', '.webmanifest', '.txt']);

async function filesUnder(root: string, dir = ''): Promise<string[]> {
  const entries = await readdir(path.join(root, dir), { withFileTypes: true });
  const nested = await Promise.all(
    entries.map((entry) => {
      const relative = path.posix.join(dir, entry.name);
      return entry.isDirectory()
        ? filesUnder(root, relative)
        : Promise.resolve(entry.isFile() ? [relative] : []);
    }),
  );
  return nested.flat();
}

/**
 * Every file of a built web app by its URL path (`/index.html`, `/assets/...`), or undefined when the
 * directory has no `index.html` (not built). Files are read once, at boot: a request never touches the
 * disk, and a path can only name a file that was there (no traversal to check).
 */
export async function loadStaticFiles(root: string): Promise<Map<string, StaticFile> | undefined> {
  let names: string[];
  try {
    names = await filesUnder(root);
  } catch {
    return undefined;
  }
  if (!names.includes('index.html')) return undefined;
  const present = new Set(names);
  const files = new Map<string, StaticFile>();
  for (const name of names) {
    // A precompressed variant is a form of its original, not a page of its own.
    if (
      Object.values(suffixes).some(
        (suffix) => name.endsWith(suffix) && present.has(name.slice(0, -suffix.length)),
      )
    )
      continue;
    const body = await readFile(path.join(root, name));
    const extension = path.extname(name).toLowerCase();
    const encoded: Partial<Record<Encoding, Buffer>> = {};
    if (compressible.has(extension) && body.length > 1024) {
      for (const encoding of encodings) {
        const variant = `${name}${suffixes[encoding]}`;
        if (present.has(variant)) encoded[encoding] = await readFile(path.join(root, variant));
      }
      // Brotli at its best takes seconds for the whole app: only the build makes it. Gzip is quick enough
      // for a build without variants (an older one, or `vite build` run by hand without the plugin).
      encoded.gzip ??= gzipSync(body, { level: 9 });
    }
    files.set(`/${name}`, {
      body,
      encoded,
      type: types[extension] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name.startsWith('assets/'),
    });
  }
  return files;
}
