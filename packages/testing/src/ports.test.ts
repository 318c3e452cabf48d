import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ephemeralLow, freePort, isListening } from './ports.js';

describe('freePort and isListening', () => {
  it('finds a port nobody listens on, then sees a server there', async () => {
    const port = await freePort();
    expect(await isListening(port)).toBe(false);
    const server = net.createServer();
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    try {
      expect(await isListening(port)).toBe(true);
    } finally {
      server.close();
    }
  });

  it('gives ports below the ephemeral range, never the same one twice', async () => {
    const ports = await Promise.all(Array.from({ length: 50 }, () => freePort()));
    expect(new Set(ports).size).toBe(50);
    for (const port of ports) {
      expect(port).toBeGreaterThanOrEqual(20_000);
      expect(port).toBeLessThan(ephemeralLow());
    }
  });

  it('skips ports handed out or listened on, and says so when none is left', async () => {
    const base = await freePort();
    const taken = net.createServer();
    await new Promise<void>((resolve) => {
      // Already someone else's: taken all the same.
      taken.once('error', () => {
        resolve();
      });
      taken.listen(base + 1, '127.0.0.1', resolve);
    });
    try {
      // base is handed out already and base + 1 is taken: base + 2 is the one left.
      expect(await freePort({ low: base, high: base + 2 })).toBe(base + 2);
      await expect(freePort({ low: base, high: base + 2 })).rejects.toThrow(/no free port/);
    } finally {
      taken.close();
    }
  });

  it('reads the ephemeral range, with the usual default when it cannot', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-ports-'));
    const file = path.join(dir, 'range');
    fs.writeFileSync(file, '40000\t60999\n');
    expect(ephemeralLow(file)).toBe(40_000);
    fs.writeFileSync(file, 'nonsense');
    expect(ephemeralLow(file)).toBe(32_768);
    expect(ephemeralLow(path.join(dir, 'missing'))).toBe(32_768);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
