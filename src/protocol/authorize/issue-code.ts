import { createAuthorizationCodeQueries, type Database } from '../../storage/index.ts';
import { CODE_LIFETIME } from '../defaults.ts';
import { randomToken, sha256Hex } from '../random.ts';

export interface CodeGrant {
  readonly tenantId: string;
  readonly clientId: string;
  readonly userId: string;
  /** Only when the authorization request named it (then /oauth/token must repeat it). */
  readonly redirectUri: string | null;
  readonly scope: string;
  readonly audience: string | null;
  readonly nonce: string | null;
  readonly codeChallenge: string | null;
  readonly codeChallengeMethod: string | null;
  readonly sid: string;
  readonly authTime: string;
}

/** Stores a single-use code (its hash) and returns the code for the redirect. */
export async function issueCode(database: Database, grant: CodeGrant, at: Date): Promise<string> {
  const code = randomToken();
  await createAuthorizationCodeQueries(database, grant.tenantId).create({
    code_hash: sha256Hex(code),
    client_id: grant.clientId,
    user_id: grant.userId,
    redirect_uri: grant.redirectUri,
    scope: grant.scope,
    audience: grant.audience,
    nonce: grant.nonce,
    code_challenge: grant.codeChallenge,
    code_challenge_method: grant.codeChallengeMethod,
    sid: grant.sid,
    auth_time: grant.authTime,
    expires_at: new Date(at.getTime() + CODE_LIFETIME * 1000).toISOString(),
  });
  return code;
}
