import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { link, mkdir, readFile, unlink, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { GatehouseError } from '../errors/index.ts';

// Sealed format: v1:<base64 iv>:<base64 tag>:<base64 ciphertext>, AES-256-GCM with a fresh
// 12-byte IV per value. The optional context is bound as additional authenticated data, so a
// ciphertext copied into another row (another tenant's client, say) fails to open.

const VERSION = 'v1';
const KEY_BYTES = 32;

export interface SecretBox {
  seal(plaintext: string, context?: string): string;
  open(sealed: string, context?: string): string;
}

export function createSecretBox(key: Buffer): SecretBox {
  if (key.length !== KEY_BYTES) throw new GatehouseError('SECRET_KEY_INVALID', `the secret key must be ${KEY_BYTES} bytes, got ${key.length}`);
  const secret = Buffer.from(key);
  return {
    seal(plaintext, context = '') {
      const iv = randomBytes(12);
      const cipher = createCipheriv('aes-256-gcm', secret, iv);
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const ct = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
      return [VERSION, iv.toString('base64'), cipher.getAuthTag().toString('base64'), ct.toString('base64')].join(':');
    },
    open(sealed, context = '') {
      const parts = sealed.split(':');
      if (parts.length !== 4 || parts[0] !== VERSION) {
        throw new GatehouseError('STORAGE_CORRUPT', 'a stored secret is not in the sealed format');
      }
      const [, iv, tag, ct] = parts.map((p) => Buffer.from(p, 'base64'));
      try {
        const decipher = createDecipheriv('aes-256-gcm', secret, iv);
        decipher.setAAD(Buffer.from(context, 'utf8'));
        decipher.setAuthTag(tag);
        return Buffer.concat([decipher.update(ct), decipher.final()]).toString('utf8');
      } catch (err) {
        throw new GatehouseError('SECRET_KEY_INVALID',
          'a stored secret cannot be decrypted: the secret key is not the one it was sealed with (or the value was altered)', { cause: err });
      }
    },
  };
}

/** Parses a 32-byte key written as 64 hex digits or base64/base64url; never echoes the input. */
export function parseSecretKey(text: string, source: string): Buffer {
  const value = text.trim();
  const key = /^[0-9a-f]{64}$/i.test(value)
    ? Buffer.from(value, 'hex')
    : /^[A-Za-z0-9+/_-]+={0,2}$/.test(value) ? Buffer.from(value, value.includes('-') || value.includes('_') ? 'base64url' : 'base64') : undefined;
  if (!key || key.length !== KEY_BYTES) {
    throw new GatehouseError('SECRET_KEY_INVALID', `${source} must be ${KEY_BYTES} bytes written as 64 hex digits or base64`);
  }
  return key;
}

export interface LoadSecretKeyOptions {
  /** From GATEHOUSE_SECRET_KEY (via config); wins over the key file. */
  secretKey?: string;
  /** Read, or created with mode 0600 on first start; the caller puts it beside the SQLite file. */
  keyFile: string;
}

export async function loadSecretKey(options: LoadSecretKeyOptions): Promise<Buffer> {
  if (options.secretKey !== undefined && options.secretKey !== '') return parseSecretKey(options.secretKey, 'GATEHOUSE_SECRET_KEY');
  const { keyFile } = options;
  try {
    return parseSecretKey(await readFile(keyFile, 'utf8'), `the key file ${keyFile}`);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw wrapFileError(err, keyFile);
  }
  const key = randomBytes(KEY_BYTES);
  try {
    await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
    // Written aside then hard-linked into place: link() fails if the file exists, so two
    // processes starting at once agree on one key and neither reads a half-written file.
    const temp = `${keyFile}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    await writeFile(temp, key.toString('base64') + '\n', { mode: 0o600, flag: 'wx' });
    try {
      await link(temp, keyFile);
    } finally {
      await unlink(temp).catch(() => {});
    }
    return key;
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') {
      return parseSecretKey(await readFile(keyFile, 'utf8'), `the key file ${keyFile}`);
    }
    throw wrapFileError(err, keyFile);
  }
}

function wrapFileError(err: unknown, keyFile: string): unknown {
  if (err instanceof GatehouseError) return err;
  const code = (err as NodeJS.ErrnoException).code ?? String(err);
  return new GatehouseError('SECRET_KEY_INVALID', `cannot use the key file ${keyFile} (${code})`, { cause: err });
}
