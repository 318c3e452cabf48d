import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeIdentity, type FakeIdentity } from './fake-identity.js';
import { expectError, send, startGateway, type TestGateway } from './gateway.js';

/** GETs through the gateway as a client whose request arrives with this X-Forwarded-For. */
const from = (gw: TestGateway, forwardedFor: string) =>
  send(gw.url, { path: '/api/v1/me', headers: { 'x-forwarded-for': forwardedFor } });

describe('TRUST_PROXY as a hop count', () => {
  let identity: FakeIdentity;
  let gw: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    // One load balancer in front (the test's own connection plays it): the last entry is its word.
    gw = await startGateway({ IDENTITY_URL: identity.url, TRUST_PROXY: '1', RATE_LIMIT_MAX: '2' });
  });
  afterAll(async () => {
    await gw.close();
    await identity.close();
  });

  it('keys the rate limit on the address the trusted hop appended, whatever the client wrote before it', async () => {
    expect((await from(gw, '1.2.3.4, 5.6.7.8')).status).toBe(200);
    expect((await from(gw, '1.2.3.4, 5.6.7.8')).status).toBe(200);
    // A new forged first entry each time: the same client, still limited.
    for (const forged of ['1.2.3.5', '9.9.9.9', '127.0.0.1']) {
      expectError(await from(gw, `${forged}, 5.6.7.8`), 429, 'RATE_LIMITED');
    }
    // Another client behind the same proxy has a budget of its own.
    expect((await from(gw, '1.2.3.4, 5.6.7.9')).status).toBe(200);
  });

  it('tells the service behind the client the limits saw, without the forged entries', async () => {
    const answer = await from(gw, '6.6.6.6, 10.9.0.1');
    expect(answer.json().headers['x-forwarded-for']).toBe('10.9.0.1, 127.0.0.1');
  });
});

describe('TRUST_PROXY as addresses', () => {
  let identity: FakeIdentity;
  let untrusting: TestGateway;
  let trusting: TestGateway;

  beforeAll(async () => {
    identity = await startFakeIdentity();
    // The test connects from 127.0.0.1: not a proxy of the first gateway, the proxy of the second.
    untrusting = await startGateway({
      IDENTITY_URL: identity.url,
      TRUST_PROXY: '10.0.0.0/8, 192.168.1.10',
      RATE_LIMIT_MAX: '2',
    });
    trusting = await startGateway({
      IDENTITY_URL: identity.url,
      TRUST_PROXY: '10.0.0.0/8,127.0.0.1/32',
      RATE_LIMIT_MAX: '2',
    });
  });
  afterAll(async () => {
    await untrusting.close();
    await trusting.close();
    await identity.close();
  });

  it('ignores the header of a peer that is not a trusted proxy', async () => {
    expect((await from(untrusting, '10.1.0.1')).status).toBe(200);
    const second = await from(untrusting, '10.1.0.2');
    expect(second.status).toBe(200);
    expect(second.json().headers['x-forwarded-for']).toBe('127.0.0.1');
    // Two "clients" by their header, one by their address: the third request is over the limit.
    expectError(await from(untrusting, '10.1.0.3'), 429, 'RATE_LIMITED');
  });

  it("believes a trusted proxy's header back to the first address outside the list", async () => {
    // 10.2.0.1 is a trusted proxy too; 8.8.4.4 is the client it saw; 6.6.6.6 is the client's say-so.
    const answer = await from(trusting, '6.6.6.6, 8.8.4.4, 10.2.0.1');
    expect(answer.status).toBe(200);
    expect(answer.json().headers['x-forwarded-for']).toBe('8.8.4.4, 10.2.0.1, 127.0.0.1');
    expect((await from(trusting, '7.7.7.7, 8.8.4.4, 10.2.0.1')).status).toBe(200);
    expectError(await from(trusting, '5.5.5.5, 8.8.4.4'), 429, 'RATE_LIMITED');
  });
});

describe('TRUST_PROXY at boot', () => {
  it.each(['true', 'false', 'yes', '10.0.0.0/8, true'])('refuses %s, naming the key', async (value) => {
    await expect(startGateway({ TRUST_PROXY: value })).rejects.toThrow(/TRUST_PROXY[^\n]*true is refused/);
  });

  it('refuses an entry that is no address', async () => {
    await expect(startGateway({ TRUST_PROXY: '10.0.0.0/33' })).rejects.toThrow(
      /TRUST_PROXY: "10.0.0.0\/33" is no IP address or CIDR/,
    );
    await expect(startGateway({ TRUST_PROXY: '300.1.1.1' })).rejects.toThrow(/"300.1.1.1" is no IP address/);
  });
});
