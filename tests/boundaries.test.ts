import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const script = path.join(import.meta.dirname, '..', 'scripts', 'check-boundaries.mjs');

function workspace(root: string, kind: string, name: string, files: Record<string, string>): void {
  const dir = path.join(root, kind, name);
  fs.mkdirSync(path.join(dir, 'src'), { recursive: true });
  fs.writeFileSync(path.join(dir, 'package.json'), JSON.stringify({ name: `@bodega/${name}` }));
  for (const [file, text] of Object.entries(files)) fs.writeFileSync(path.join(dir, 'src', file), text);
}

function check(root: string) {
  return spawnSync(process.execPath, [script, root], { encoding: 'utf8' });
}

describe('the boundary check', () => {
  it('passes on the repository itself', () => {
    const result = check(path.join(import.meta.dirname, '..'));
    expect(result.stderr).toBe('');
    expect(result.status).toBe(0);
  });

  it('fails when a service imports another service, a package internals or a service from a package', () => {
    const root = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-boundaries-'));
    workspace(root, 'packages', 'db', { 'index.ts': "import { x } from '@bodega/orders';\n" });
    workspace(root, 'services', 'orders', {
      'index.ts':
        "import { catalog } from '@bodega/catalog';\nimport { y } from '@bodega/db/src/internal.js';\n",
    });
    workspace(root, 'services', 'catalog', {
      'index.ts': "export { z } from '../../orders/src/index.js';\n",
    });
    const result = check(root);
    expect(result.status).toBe(1);
    expect(result.stderr).toContain(
      "services/orders/src/index.ts: imports '@bodega/catalog': a service may not import another service",
    );
    expect(result.stderr).toContain("imports '@bodega/db/src/internal.js': deep import");
    expect(result.stderr).toContain('packages/db/src/index.ts');
    expect(result.stderr).toContain('reaches into services/orders by path');
  });
});
