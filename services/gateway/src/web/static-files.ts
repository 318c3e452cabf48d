import { createHash } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import path from 'node:path';
import { gzipSync } from 'node:zlib';

/** One file of the built web app, held in memory with its gzip form (the whole app is a few hundred KB). */
export interface StaticFile {
  body: Buffer;
  gzip: Buffer | undefined;
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
  const files = new Map<string, StaticFile>();
  for (const name of names) {
    const body = await readFile(path.join(root, name));
    const extension = path.extname(name).toLowerCase();
    files.set(`/${name}`, {
      body,
      gzip: compressible.has(extension) && body.length > 1024 ? gzipSync(body, { level: 9 }) : undefined,
      type: types[extension] ?? 'application/octet-stream',
      etag: `"${createHash('sha256').update(body).digest('base64url').slice(0, 27)}"`,
      immutable: name.startsWith('assets/'),
    });
  }
  return files;
}
