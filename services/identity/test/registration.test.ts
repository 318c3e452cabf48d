import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AnyEnvelope } from '@bodega/contracts';
import { databaseBackends } from '@bodega/testing';
import { API, call, expectError, PASSWORD, uniqueEmail } from './support/api.js';
import { startIdentity, SUBSCRIBER, type IdentityUnderTest } from './support/identity.js';

const eventually = { timeout: 15_000, interval: 25 };

describe.each(databaseBackends())('registration on $name', (backend) => {
  let identity: IdentityUnderTest;
  const register = (body: unknown, headers?: Record<string, string>) =>
    call(identity.app, {
      method: 'POST',
      url: `${API}/auth/register`,
      body,
      ...(headers ? { headers } : {}),
    });

  beforeAll(async () => {
    identity = await startIdentity(backend);
  });
  afterAll(async () => {
    await identity.close();
  });

  it('creates a customer and answers 201 with the user in snake_case, never the password', async () => {
    const email = uniqueEmail();
    const response = await register({ email, password: PASSWORD, name: 'Ada Lovelace' });
    expect(response.statusCode).toBe(201);
    const user = response.json();
    expect(user).toEqual({
      id: expect.stringMatching(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/),
      email,
      name: 'Ada Lovelace',
      role: 'customer',
      active: true,
      created_at: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z$/),
      updated_at: expect.stringMatching(/Z$/),
    });
    expect(response.body).not.toContain(PASSWORD);
  });

  it('stores the email trimmed and lowercase, and only an argon2id hash of the password', async () => {
    const email = uniqueEmail('MixedCase');
    const response = await register({ email: `  ${email.toUpperCase()} `, password: PASSWORD });
    expect(response.json().email).toBe(email.toLowerCase());
    const [row] = await identity.database.query<{ password_hash: string }>(
      'select password_hash from identity.users where id = $1',
      [response.json().id],
    );
    expect(row?.password_hash).toMatch(/^\$argon2id\$/);
    expect(row?.password_hash).not.toContain(PASSWORD);
  });

  it('treats a name of only spaces as no name', async () => {
    const response = await register({ email: uniqueEmail(), password: PASSWORD, name: '   ' });
    expect(response.json().name).toBeNull();
  });

  it('refuses a second account for the same email, whatever its case, with 409 EMAIL_TAKEN', async () => {
    const email = uniqueEmail();
    expect((await register({ email, password: PASSWORD })).statusCode).toBe(201);
    expectError(await register({ email, password: PASSWORD }), 409, 'EMAIL_TAKEN');
    expectError(await register({ email: ` ${email.toUpperCase()}`, password: PASSWORD }), 409, 'EMAIL_TAKEN');
  });

  it('lets exactly one of two simultaneous sign-ups with one email succeed', async () => {
    const email = uniqueEmail();
    const responses = await Promise.all([
      register({ email, password: PASSWORD }),
      register({ email, password: PASSWORD }),
    ]);
    expect(responses.map((r) => r.statusCode).sort()).toEqual([201, 409]);
  });

  it('rejects an invalid email with 400 INVALID_EMAIL', async () => {
    for (const email of ['not-an-email', 'a@b', 'two@@example.com', 'spaces in@example.com']) {
      const error = expectError(await register({ email, password: PASSWORD }), 400, 'INVALID_EMAIL');
      expect(error.details).toEqual({ field: 'email' });
    }
  });

  it('rejects a password under 10 characters with 400 WEAK_PASSWORD and a message that says the rule', async () => {
    const error = expectError(
      await register({ email: uniqueEmail(), password: 'short' }),
      400,
      'WEAK_PASSWORD',
    );
    expect(error.message).toBe('The password must be at least 10 characters long');
  });

  it('rejects a password over 256 characters', async () => {
    expectError(await register({ email: uniqueEmail(), password: 'x'.repeat(300) }), 400, 'WEAK_PASSWORD');
  });

  it('rejects malformed JSON with 400 MALFORMED_JSON', async () => {
    expectError(await register('{"email": "a@example.com", '), 400, 'MALFORMED_JSON');
  });

  it('rejects wrong types with 400 VALIDATION_ERROR naming the field', async () => {
    const error = expectError(await register({ email: 42, password: ['x'] }), 400, 'VALIDATION_ERROR');
    expect(error.details).toMatchObject({
      location: 'body',
      issues: expect.arrayContaining([
        expect.objectContaining({ field: 'email' }),
        expect.objectContaining({ field: 'password' }),
      ]),
    });
  });

  it('rejects a missing password with 400 VALIDATION_ERROR', async () => {
    const error = expectError(await register({ email: uniqueEmail() }), 400, 'VALIDATION_ERROR');
    expect(error.details).toMatchObject({ issues: [expect.objectContaining({ field: 'password' })] });
  });

  it('rejects unknown fields, such as a self-chosen role, with 400 VALIDATION_ERROR', async () => {
    const error = expectError(
      await register({ email: uniqueEmail(), password: PASSWORD, role: 'admin' }),
      400,
      'VALIDATION_ERROR',
    );
    expect(error.details).toMatchObject({ issues: [{ field: 'role', message: 'is not a known field' }] });
  });

  it('rejects a body that is not JSON with 415', async () => {
    const response = await call(identity.app, {
      method: 'POST',
      url: `${API}/auth/register`,
      body: 'email=a@example.com',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    expectError(response, 415, 'UNSUPPORTED_MEDIA_TYPE');
  });

  it('rejects an oversized body with 413 PAYLOAD_TOO_LARGE', async () => {
    const response = await register({
      email: uniqueEmail(),
      password: PASSWORD,
      name: 'x'.repeat(64 * 1024),
    });
    expectError(response, 413, 'PAYLOAD_TOO_LARGE');
  });

  it('writes identity.user.registered to the outbox in the same transaction as the user', async () => {
    const user = (await register({ email: uniqueEmail(), password: PASSWORD, name: 'Grace' })).json();
    const rows = await identity.database.query<{ type: string; envelope: AnyEnvelope }>(
      `select type, envelope from identity.outbox where envelope->'data'->>'user_id' = $1`,
      [user.id],
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]?.envelope).toMatchObject({
      type: 'identity.user.registered',
      version: 1,
      source: 'identity',
      trace_parent: expect.stringMatching(/^00-[0-9a-f]{32}-[0-9a-f]{16}-[0-9a-f]{2}$/),
      data: {
        user_id: user.id,
        email: user.email,
        name: 'Grace',
        role: 'customer',
        registered_at: user.created_at,
      },
    });
  });

  it('writes no event when the registration fails', async () => {
    const email = uniqueEmail();
    await register({ email, password: PASSWORD });
    await register({ email, password: PASSWORD });
    const rows = await identity.database.query(
      `select 1 from identity.outbox where envelope->'data'->>'email' = $1`,
      [email],
    );
    expect(rows).toHaveLength(1);
  });

  it('delivers identity.user.registered to a subscriber and marks the outbox row published', async () => {
    const bus = await identity.subscriberBus();
    const received: AnyEnvelope[] = [];
    if (bus) {
      await bus.subscribe({
        consumer: SUBSCRIBER,
        types: ['identity.user.registered'],
        handler: (envelope) => {
          received.push(envelope);
          return Promise.resolve();
        },
      });
    }
    const user = (await register({ email: uniqueEmail(), password: PASSWORD })).json();
    await expect
      .poll(async () => {
        const [row] = await identity.database.query<{ published: boolean }>(
          `select published_at is not null as published from identity.outbox where envelope->'data'->>'user_id' = $1`,
          [user.id],
        );
        return row?.published;
      }, eventually)
      .toBe(true);
    if (bus) {
      await expect
        .poll(
          () =>
            received.some(
              (event) => event.type === 'identity.user.registered' && event.data.user_id === user.id,
            ),
          eventually,
        )
        .toBe(true);
    }
  });
});
