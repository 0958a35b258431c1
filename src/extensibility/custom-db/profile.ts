import { z } from 'zod';

// A profile returned by `login` or `get_user`, normalised as Auth0 does (custom-db.md §3). The
// script produced it, so it is parsed, never trusted: a profile without an id is an error.

const ROOT_FIELDS = ['email', 'username', 'phone_number', 'name', 'nickname', 'given_name', 'family_name', 'picture'] as const;
type RootField = (typeof ROOT_FIELDS)[number];

/** Keys Gatehouse itself sets; a script returning them does not override the stored values. */
const HOST_KEYS = new Set(['user_id', 'id', 'identities', 'created_at', 'updated_at', 'last_login', 'last_ip', 'logins_count', 'blocked', 'password', 'password_hash']);

export interface NormalisedProfile {
  /** `auth0|` + the returned id: the Gatehouse user id. */
  readonly userId: string;
  /** The returned id, stringified and unprefixed: identities[0].user_id. */
  readonly identityUserId: string;
  readonly root: Partial<Record<RootField, string>>;
  readonly email_verified: boolean;
  readonly phone_verified: boolean;
  readonly user_metadata?: unknown;
  readonly app_metadata?: unknown;
  /** Moved off the root into identities[0] (sealed at rest); never in tokens, userinfo or logs. */
  readonly idpTokens: { readonly access_token?: string; readonly refresh_token?: string };
  /** Custom root fields, kept on the identity's profile_data. */
  readonly extra: Record<string, unknown>;
}

const idValue = z.union([z.string().min(1).max(512), z.number().finite()]);

export class InvalidProfileError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'InvalidProfileError';
  }
}

function stringOrUndefined(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/**
 * `user_id` or `id` is mandatory (numbers are stringified); the user id is `auth0|` + it, even
 * when it already holds a `|` (e.g. `auth0|legacy|42`); `metadata` is the old name of
 * `app_metadata` (merged, `app_metadata` winning); `email_verified` defaults to false.
 */
export function normaliseProfile(raw: unknown): NormalisedProfile {
  if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) throw new InvalidProfileError('the script called back with a profile that is not an object');
  const profile = raw as Record<string, unknown>;
  const id = idValue.safeParse(profile.user_id ?? profile.id);
  if (!id.success) throw new InvalidProfileError('the profile has no usable user_id or id (a non-empty string or a number)');
  const identityUserId = String(id.data);

  const root: Partial<Record<RootField, string>> = {};
  for (const key of ROOT_FIELDS) {
    const value = stringOrUndefined(profile[key]);
    if (value !== undefined) root[key] = value;
  }

  const appMetadata = mergeMetadata(profile.metadata, profile.app_metadata);
  const extra: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(profile)) {
    if (HOST_KEYS.has(key) || (ROOT_FIELDS as readonly string[]).includes(key)) continue;
    if (['email_verified', 'phone_verified', 'user_metadata', 'app_metadata', 'metadata', 'access_token', 'refresh_token'].includes(key)) continue;
    extra[key] = value;
  }
  return {
    userId: `auth0|${identityUserId}`,
    identityUserId,
    root,
    email_verified: profile.email_verified === true,
    phone_verified: profile.phone_verified === true,
    user_metadata: profile.user_metadata,
    app_metadata: appMetadata,
    idpTokens: {
      ...(typeof profile.access_token === 'string' ? { access_token: profile.access_token } : {}),
      ...(typeof profile.refresh_token === 'string' ? { refresh_token: profile.refresh_token } : {}),
    },
    extra,
  };
}

function isPlainObject(value: unknown): value is Record<string, unknown> {
  return value !== null && typeof value === 'object' && !Array.isArray(value);
}

/** `metadata` (the old name) and `app_metadata` merged with `app_metadata` winning; non-objects kept as they are. */
function mergeMetadata(legacy: unknown, current: unknown): unknown {
  if (legacy === undefined) return current;
  if (current === undefined) return legacy;
  if (isPlainObject(legacy) && isPlainObject(current)) return { ...legacy, ...current };
  return current;
}

/** Metadata as the users table stores it: objects only (other values are wrapped, never dropped). */
export function metadataObject(value: unknown): Record<string, unknown> | undefined {
  if (value === undefined || value === null) return undefined;
  return isPlainObject(value) ? value : { value };
}
