import { GatehouseError } from '../../errors/index.ts';
import { InvalidProfileError, metadataObject, normaliseProfile, type NormalisedProfile } from '../../extensibility/custom-db/index.ts';
import {
  createIdentityQueries, createUserQueries, inTransaction, type ConnectionRecord, type UpdateUserInput, type UserRecord,
} from '../../storage/index.ts';
import type { CustomDbDeps } from './deps.ts';

/** Parses a profile a script returned; a malformed one is the script's failure (generic to the user, detail logged). */
export function profileOf(value: unknown, script: string): NormalisedProfile {
  try {
    return normaliseProfile(value);
  } catch (err) {
    if (err instanceof InvalidProfileError) throw new GatehouseError('SCRIPT_FAILED', `${script}: ${err.message}`);
    throw err;
  }
}

export interface StoreOptions {
  /** Import mode: the hash of the password just accepted by the script (the user is now migrated). */
  readonly passwordHash?: string;
}

/**
 * Writes the profile to Gatehouse's store: the cached profile of a legacy-mode user, or the
 * migrated user in import mode. First time: the user and its identity (IdP tokens sealed on the
 * identity, never on the user). Later: email and verification always follow the script; name,
 * nickname, given/family name and picture only with set_user_root_attributes = on_each_login.
 */
export async function storeProfile(deps: CustomDbDeps, tenantId: string, connection: ConnectionRecord, profile: NormalisedProfile, options: StoreOptions = {}): Promise<UserRecord> {
  return inTransaction(deps.database, async (tx) => {
    const users = createUserQueries(tx, tenantId);
    const identities = createIdentityQueries(tx, deps.box, tenantId);
    const key = { provider: 'auth0', connection: connection.name, identity_user_id: profile.identityUserId };
    const existing = await users.find(profile.userId);
    if (existing && existing.connection !== connection.name) {
      throw new GatehouseError('SCRIPT_FAILED', `the profile's user_id ${profile.userId} already belongs to a user of another connection`);
    }
    const email = profile.root.email;
    if (email) {
      const holder = await users.findByEmail(connection.name, email);
      if (holder && holder.user_id !== profile.userId) {
        throw new GatehouseError('SCRIPT_FAILED', `the script returned user_id ${profile.userId} for an email that user ${holder.user_id} already has`);
      }
    }
    const tokens = profile.idpTokens;
    if (!existing) {
      const user = await users.create({
        connection: connection.name,
        user_id: profile.userId,
        ...profile.root,
        email_verified: profile.email_verified,
        phone_verified: profile.phone_verified,
        user_metadata: metadataObject(profile.user_metadata),
        app_metadata: metadataObject(profile.app_metadata),
        password_hash: options.passwordHash ?? null,
      });
      await identities.add(user.user_id, { ...key, is_social: false, profile_data: profile.extra, access_token: tokens.access_token, refresh_token: tokens.refresh_token });
      return user;
    }
    const patch: UpdateUserInput = { email_verified: profile.email_verified };
    if (email) patch.email = email;
    if (profile.root.username) patch.username = profile.root.username;
    if (profile.root.phone_number) patch.phone_number = profile.root.phone_number;
    if (connection.options.set_user_root_attributes === 'on_each_login') {
      for (const field of ['name', 'nickname', 'given_name', 'family_name', 'picture'] as const) {
        if (profile.root[field] !== undefined) patch[field] = profile.root[field];
      }
    }
    await users.update(existing.user_id, patch);
    if (options.passwordHash) await users.setPasswordHash(existing.user_id, options.passwordHash);
    if (await identities.find(key)) {
      if (tokens.access_token !== undefined || tokens.refresh_token !== undefined) await identities.setTokens(key, tokens);
    } else {
      await identities.add(existing.user_id, { ...key, is_social: false, profile_data: profile.extra, access_token: tokens.access_token, refresh_token: tokens.refresh_token });
    }
    return (await users.find(existing.user_id)) ?? existing;
  });
}
