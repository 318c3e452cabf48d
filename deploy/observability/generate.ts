/**
 * Writes every generated file of deploy/observability (see generated.ts):
 * `node --import tsx deploy/observability/generate.ts`.
 */
import fs from 'node:fs';
import path from 'node:path';
import { generatedFiles } from './generated.js';

const here = import.meta.dirname;
for (const [file, content] of Object.entries(await generatedFiles())) {
  const target = path.join(here, file);
  fs.mkdirSync(path.dirname(target), { recursive: true });
  fs.writeFileSync(target, content);
  console.log(`wrote deploy/observability/${file}`);
}
