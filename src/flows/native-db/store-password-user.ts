import { GatehouseError } from '../../errors/index.ts';
import { createUserQueries, type Database, type UserRecord } from '../../storage/index.ts';
import { hashPassword } from './password-hash.ts';
import type { SignupInput } from './signup.ts';

/**
 * Stores a new user of a database connection with the password hashed by Gatehouse (argon2id):
 * native signups and custom connections in import mode both end here.
 */
export async function storePasswordUser(database: Database, connectionName: string, input: Omit<SignupInput, 'connection'>): Promise<UserRecord> {
  try {
    return await createUserQueries(database, input.tenantId).create({
      connection: connectionName,
      user_id: input.user_id,
      email: input.email,
      email_verified: false,
      password_hash: await hashPassword(input.password),
      username: input.username,
      given_name: input.given_name,
      family_name: input.family_name,
      name: input.name,
      nickname: input.nickname,
      picture: input.picture,
      user_metadata: input.user_metadata,
    });
  } catch (err) {
    // Two signups with one email racing: the unique index decides, and the loser hears user_exists.
    if (err instanceof GatehouseError && err.code === 'MGMT_CONFLICT') throw new GatehouseError('USER_EXISTS');
    throw err;
  }
}
