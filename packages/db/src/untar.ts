import fs from 'node:fs';
import path from 'node:path';
import { gunzipSync } from 'node:zlib';

const BLOCK = 512;

/**
 * Writes the files and directories of a gzipped tar archive under `dir`, with their permission bits.
 * Enough for PGlite's data directory dumps (`dumpDataDir('gzip')`: ustar, plain files and directories,
 * paths from the data directory's root such as `/base/1/1259`); any other entry (a link, a device,
 * an extended header) is refused rather than half understood, and so is a path leaving `dir`.
 */
export function extractTarGz(archive: Buffer, dir: string): void {
  const tar = gunzipSync(archive);
  const root = path.resolve(dir);
  fs.mkdirSync(root, { recursive: true, mode: 0o700 });
  for (let offset = 0; offset + BLOCK <= tar.length;) {
    const header = tar.subarray(offset, offset + BLOCK);
    // Two zero blocks end the archive; one is enough to stop at.
    if (header.every((byte) => byte === 0)) break;
    const name = joinName(field(header, 345, 155), field(header, 0, 100));
    const mode = octal(header, 100, 8) & 0o777;
    const size = octal(header, 124, 12);
    const type = String.fromCharCode(header[156] ?? 0);
    const target = path.resolve(root, `.${path.posix.sep}${name}`);
    if (target !== root && !target.startsWith(root + path.sep))
      throw new Error(`tar entry ${name} would be written outside ${root}`);
    const body = tar.subarray(offset + BLOCK, offset + BLOCK + size);
    if (type === '5') {
      fs.mkdirSync(target, { recursive: true, mode });
    } else if (type === '0' || type === '\0') {
      fs.mkdirSync(path.dirname(target), { recursive: true, mode: 0o700 });
      fs.writeFileSync(target, body, { mode });
    } else {
      throw new Error(`tar entry ${name} has type '${type}', which the data directory never holds`);
    }
    offset += BLOCK + Math.ceil(size / BLOCK) * BLOCK;
  }
}

function field(header: Buffer, start: number, length: number): string {
  const bytes = header.subarray(start, start + length);
  const end = bytes.indexOf(0);
  return bytes.subarray(0, end === -1 ? length : end).toString('utf8');
}

function octal(header: Buffer, start: number, length: number): number {
  const text = field(header, start, length).trim();
  return text === '' ? 0 : parseInt(text, 8);
}

function joinName(prefix: string, name: string): string {
  return prefix === '' ? name : `${prefix}/${name}`;
}
