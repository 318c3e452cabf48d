// `npm install` (the root postinstall): makes the embedded database template, so the platform's
// first start loads a dump instead of running initdb (see pgliteTemplateFile in packages/db).
// Best effort: without it the first start still works, only slower and with a higher memory peak.
import { spawnSync } from 'node:child_process';

const result = spawnSync(
  process.execPath,
  [
    '--conditions=bodega-source',
    '--import',
    'tsx',
    '--input-type=module',
    '--eval',
    "const { pgliteTemplate, pgliteTemplateFile, pgliteOptions } = await import('@bodega/db'); await pgliteTemplate(pgliteOptions); console.log('embedded database template: ' + pgliteTemplateFile());",
  ],
  { stdio: 'inherit' },
);
if (result.status !== 0)
  console.warn('embedded database template not made; the first start will run initdb instead');
