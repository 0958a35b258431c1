import { hash, verify, type Algorithm } from '@node-rs/argon2';

// argon2id with the library's defaults (19 MiB, t=2, p=1: OWASP's first argon2id configuration).
// The PHC string carries its parameters, so raising them later still verifies old hashes.
// `algorithm` is a const enum in the typings, which type stripping cannot read: 2 is Argon2id.
const ARGON2ID = 2 as Algorithm;

export function hashPassword(password: string): Promise<string> {
  return hash(password, { algorithm: ARGON2ID });
}

/** False for a wrong password and for a stored value that is not an argon2 hash. */
export async function verifyPassword(storedHash: string, password: string): Promise<boolean> {
  try {
    return await verify(storedHash, password);
  } catch {
    return false;
  }
}

let dummy: Promise<string> | undefined;

/**
 * Spends the time a real verification would for a user that does not exist, so the answer's
 * timing does not tell which emails have accounts.
 */
export async function verifyAgainstNothing(password: string): Promise<false> {
  dummy ??= hashPassword('gatehouse-timing-equaliser');
  await verifyPassword(await dummy, password);
  return false;
}
