import fs from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { PGlite, type PGliteOptions } from '@electric-sql/pglite';

const require = createRequire(import.meta.url);

/**
 * Where the embedded database template lives: a dump of a freshly initialised PGlite data directory,
 * one per PGlite version, under `node_modules/.cache/bodega/`. `npm install` makes it (the root
 * `postinstall`), so the platform's first start unpacks a 4.5 MB tarball (no PostgreSQL started for it)
 * instead of running initdb (~4.5 s, ~840 MB at peak); tests load it for every fresh database too.
 */
export function pgliteTemplateFile(): string {
  // The package exports no package.json: find it from its entry point, <...>/node_modules/@electric-sql/pglite/...
  const entry = require.resolve('@electric-sql/pglite');
  const marker = `${path.sep}node_modules${path.sep}`;
  const nodeModules = entry.slice(0, entry.lastIndexOf(marker) + marker.length);
  const manifest = path.join(nodeModules, '@electric-sql', 'pglite', 'package.json');
  const { version } = JSON.parse(fs.readFileSync(manifest, 'utf8')) as { version: string };
  return path.join(nodeModules, '.cache', 'bodega', `pglite-template-${version}.tar.gz`);
}

/**
 * The template, made now if it does not exist yet (written to a temporary name, then renamed, so a
 * concurrent reader never sees half of it). `options` are those of the instance that makes it.
 */
export async function pgliteTemplate(options: PGliteOptions = {}): Promise<Blob> {
  const file = pgliteTemplateFile();
  if (!fs.existsSync(file)) {
    const instance = await PGlite.create(options);
    const dump = await instance.dumpDataDir('gzip');
    await instance.close();
    fs.mkdirSync(path.dirname(file), { recursive: true });
    const temporary = `${file}.${process.pid}.tmp`;
    fs.writeFileSync(temporary, Buffer.from(await dump.arrayBuffer()));
    fs.renameSync(temporary, file);
  }
  return new Blob([fs.readFileSync(file)]);
}
