import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { createSecretBox, loadSecretKey, parseSecretKey } from '../../src/storage/secret-box.ts';
import { isGatehouseError } from '../../src/errors/index.ts';

function assertCode(code: string) {
  return (err: unknown) => {
    assert.ok(isGatehouseError(err), String(err));
    assert.equal(err.code, code);
    return true;
  };
}

describe('secret box', () => {
  const box = createSecretBox(randomBytes(32));

  test('seal then open returns the plaintext, with the v1 format and no plaintext inside', () => {
    const sealed = box.seal('correct horse battery staple');
    assert.match(sealed, /^v1:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+:[A-Za-z0-9+/=]+$/);
    assert.ok(!sealed.includes('horse'));
    assert.equal(box.open(sealed), 'correct horse battery staple');
  });

  test('two seals of one value differ (fresh IV each time)', () => {
    assert.notEqual(box.seal('same'), box.seal('same'));
  });

  test('unicode and empty strings survive', () => {
    for (const value of ['', 'pässwörd 🔑', 'x'.repeat(5000)]) assert.equal(box.open(box.seal(value)), value);
  });

  test('a wrong key is SECRET_KEY_INVALID', () => {
    const sealed = box.seal('top secret');
    const other = createSecretBox(randomBytes(32));
    assert.throws(() => other.open(sealed), assertCode('SECRET_KEY_INVALID'));
  });

  test('a different context does not open (value moved to another row)', () => {
    const sealed = box.seal('s3cret', 'clients:ten_a:abc');
    assert.equal(box.open(sealed, 'clients:ten_a:abc'), 's3cret');
    assert.throws(() => box.open(sealed, 'clients:ten_b:abc'), assertCode('SECRET_KEY_INVALID'));
  });

  test('a tampered ciphertext does not open', () => {
    const [v, iv, tag, ct] = box.seal('amount=100').split(':');
    const bytes = Buffer.from(ct, 'base64');
    bytes[0] ^= 1;
    assert.throws(() => box.open([v, iv, tag, bytes.toString('base64')].join(':')), assertCode('SECRET_KEY_INVALID'));
  });

  test('a value not in the sealed format is STORAGE_CORRUPT', () => {
    assert.throws(() => box.open('plaintext'), assertCode('STORAGE_CORRUPT'));
  });

  test('a key of the wrong size is refused', () => {
    assert.throws(() => createSecretBox(randomBytes(16)), assertCode('SECRET_KEY_INVALID'));
  });
});

describe('parseSecretKey', () => {
  const key = randomBytes(32);

  test('accepts hex, base64 and base64url', () => {
    assert.deepEqual(parseSecretKey(key.toString('hex'), 'k'), key);
    assert.deepEqual(parseSecretKey(key.toString('base64'), 'k'), key);
    assert.deepEqual(parseSecretKey(key.toString('base64url'), 'k'), key);
    assert.deepEqual(parseSecretKey(`  ${key.toString('base64')}\n`, 'k'), key);
  });

  test('refuses short keys and junk without echoing them', () => {
    for (const bad of [randomBytes(16).toString('hex'), 'not a key at all!', '']) {
      assert.throws(() => parseSecretKey(bad, 'GATEHOUSE_SECRET_KEY'), (err) => {
        assertCode('SECRET_KEY_INVALID')(err);
        assert.match((err as Error).message, /GATEHOUSE_SECRET_KEY must be 32 bytes/);
        if (bad) assert.ok(!(err as Error).message.includes(bad));
        return true;
      });
    }
  });
});

describe('loadSecretKey', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'gh-key-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  test('a key given through the environment wins over the file', async () => {
    const key = randomBytes(32);
    const file = join(dir, 'env-wins.key');
    await writeFile(file, randomBytes(32).toString('base64'));
    assert.deepEqual(await loadSecretKey({ secretKey: key.toString('hex'), keyFile: file }), key);
  });

  test('first start generates a key file with mode 0600; the next start reads the same key', async () => {
    const file = join(dir, 'nested', 'gatehouse.key');
    const first = await loadSecretKey({ keyFile: file });
    assert.equal(first.length, 32);
    assert.equal((await stat(file)).mode & 0o777, 0o600);
    assert.deepEqual(parseSecretKey(await readFile(file, 'utf8'), 'file'), first);
    assert.deepEqual(await loadSecretKey({ keyFile: file }), first);
  });

  test('concurrent first starts agree on one key', async () => {
    const file = join(dir, 'race.key');
    const keys = await Promise.all(Array.from({ length: 8 }, () => loadSecretKey({ keyFile: file })));
    for (const k of keys) assert.deepEqual(k, keys[0]);
  });

  test('a damaged key file is SECRET_KEY_INVALID, not silently replaced', async () => {
    const file = join(dir, 'damaged.key');
    await writeFile(file, 'garbage');
    await assert.rejects(loadSecretKey({ keyFile: file }), assertCode('SECRET_KEY_INVALID'));
    assert.equal(await readFile(file, 'utf8'), 'garbage');
  });

  test('a key file path that cannot be created is SECRET_KEY_INVALID', async () => {
    const blocker = join(dir, 'blocker');
    await writeFile(blocker, 'x');
    await assert.rejects(loadSecretKey({ keyFile: join(blocker, 'k.key') }), assertCode('SECRET_KEY_INVALID'));
  });
});
