import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { embeddedKeyFile, loadSigningKey } from './signing-keys.js';

const pem = async () => exportPKCS8((await generateKeyPair('EdDSA', { extractable: true })).privateKey);

describe('the signing key', () => {
  let dataDir: string;
  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'bodega-keys-'));
  });
  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('comes from JWT_PRIVATE_KEY, escaped newlines and all', async () => {
    const key = await pem();
    const fromEnv = await loadSigningKey(
      { JWT_PRIVATE_KEY: key.replaceAll('\n', '\\n'), BODEGA_DATA_DIR: dataDir },
      'distributed',
    );
    const again = await loadSigningKey({ JWT_PRIVATE_KEY: key, BODEGA_DATA_DIR: dataDir }, 'distributed');
    expect(fromEnv.kid).toBe(again.kid);
    expect(fromEnv.publicJwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  it('comes from the file named by JWT_PRIVATE_KEY_FILE (a mounted secret)', async () => {
    const key = await pem();
    const file = path.join(dataDir, 'jwt.pem');
    fs.writeFileSync(file, key);
    const fromFile = await loadSigningKey(
      { JWT_PRIVATE_KEY_FILE: file, BODEGA_DATA_DIR: dataDir },
      'distributed',
    );
    expect(fromFile.kid).toBe(
      (await loadSigningKey({ JWT_PRIVATE_KEY: key, BODEGA_DATA_DIR: dataDir }, 'distributed')).kid,
    );
  });

  it('is a clear boot error when the key file cannot be read', async () => {
    await expect(
      loadSigningKey(
        { JWT_PRIVATE_KEY_FILE: path.join(dataDir, 'missing.pem'), BODEGA_DATA_DIR: dataDir },
        'distributed',
      ),
    ).rejects.toThrow(/JWT_PRIVATE_KEY_FILE: cannot read .*missing\.pem/);
  });

  it('is a clear boot error when both settings are given', async () => {
    await expect(
      loadSigningKey(
        { JWT_PRIVATE_KEY: await pem(), JWT_PRIVATE_KEY_FILE: '/run/secrets/jwt', BODEGA_DATA_DIR: dataDir },
        'distributed',
      ),
    ).rejects.toThrow(/set only one/);
  });

  it('is a clear boot error in distributed mode without one', async () => {
    await expect(loadSigningKey({ BODEGA_DATA_DIR: dataDir }, 'distributed')).rejects.toThrow(
      /Invalid configuration for identity:\n {2}- JWT_PRIVATE_KEY: not set/,
    );
  });

  it('rejects a PEM that is not an Ed25519 private key', async () => {
    await expect(
      loadSigningKey({ JWT_PRIVATE_KEY: 'not a pem', BODEGA_DATA_DIR: dataDir }, 'distributed'),
    ).rejects.toThrow(/Invalid signing key/);
  });

  it('is generated once in embedded mode and kept in BODEGA_DATA_DIR/keys', async () => {
    const first = await loadSigningKey({ BODEGA_DATA_DIR: dataDir }, 'embedded');
    expect(fs.existsSync(embeddedKeyFile(dataDir))).toBe(true);
    expect(embeddedKeyFile(dataDir)).toBe(path.join(dataDir, 'keys', 'identity-signing-key.json'));
    const second = await loadSigningKey({ BODEGA_DATA_DIR: dataDir }, 'embedded');
    expect(second.kid).toBe(first.kid);
  });
});
