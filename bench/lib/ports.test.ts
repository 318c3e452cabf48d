import net from 'node:net';
import { describe, expect, it } from 'vitest';
import { freePort, isListening } from './ports.js';

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
});
