import { readFile, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { brotliCompress, constants, gzip } from 'node:zlib';
import type { Plugin } from 'vite';

const brotli = promisify(brotliCompress);
const gzipAsync = promisify(gzip);

/** Text worth compressing; images and fonts are compressed formats already. */
const compressible = /\.(?:html|js|mjs|css|json|svg|webmanifest|txt)$/;
/** Below about a packet, compression saves nothing a client would notice. */
const smallest = 1024;

/**
 * Writes `<file>.br` (brotli at its best) and `<file>.gz` beside every text file of the build, which
 * the gateway serves to clients that accept them (services/gateway/src/web). At build time because
 * brotli's best quality takes seconds for the whole app, too long for the gateway's boot, and gives
 * scripts about a fifth fewer bytes than gzip: the storefront's first load on a slow phone.
 */
export function precompress(): Plugin {
  let outDir = 'dist';
  return {
    name: 'bodega-precompress',
    apply: 'build',
    configResolved(config) {
      outDir = path.resolve(config.root, config.build.outDir);
    },
    async writeBundle(_options, bundle) {
      const names = Object.keys(bundle).filter((name) => compressible.test(name));
      await Promise.all(
        names.map(async (name) => {
          const file = path.join(outDir, name);
          const body = await readFile(file);
          if (body.length < smallest) return;
          const [br, gz] = await Promise.all([
            brotli(body, {
              params: {
                [constants.BROTLI_PARAM_QUALITY]: constants.BROTLI_MAX_QUALITY,
                [constants.BROTLI_PARAM_SIZE_HINT]: body.length,
              },
            }),
            gzipAsync(body, { level: 9 }),
          ]);
          await Promise.all([writeFile(`${file}.br`, br), writeFile(`${file}.gz`, gz)]);
        }),
      );
    },
  };
}
