import * as oidc from 'openid-client';
import type { Browser } from './browser.ts';
import type { Harness } from './harness.ts';
import { TEST_LOGIN_PATH } from './harness.ts';

/** openid-client configured against the harness over plain http (tests only). */
export async function discover(h: Harness, clientId: string, secret?: string | null): Promise<oidc.Configuration> {
  const auth = secret ? oidc.ClientSecretBasic(secret) : oidc.None();
  return oidc.discovery(new URL(h.issuer), clientId, undefined, auth, { execute: [oidc.allowInsecureRequests] });
}

export interface CodeFlow {
  readonly verifier: string;
  readonly state: string;
  readonly nonce: string;
  readonly url: URL;
}

export async function startCodeFlow(config: oidc.Configuration, params: Record<string, string>): Promise<CodeFlow> {
  const verifier = oidc.randomPKCECodeVerifier();
  const state = oidc.randomState();
  const nonce = oidc.randomNonce();
  const url = oidc.buildAuthorizationUrl(config, {
    scope: 'openid profile email',
    code_challenge: await oidc.calculatePKCECodeChallenge(verifier),
    code_challenge_method: 'S256',
    state,
    nonce,
    ...params,
  });
  return { verifier, state, nonce, url };
}

/**
 * /authorize in the browser; when the login page is asked for, "logs in" as userId through
 * the test login route. Returns the URL the browser was finally sent to (the callback).
 */
export async function authorizeInBrowser(h: Harness, browser: Browser, url: URL, userId?: string): Promise<{ callback: URL; loginShown: boolean }> {
  const first = await browser.get(url);
  if (first.status !== 302 || !first.location) throw new Error(`/authorize answered ${first.status}: ${first.text.slice(0, 200)}`);
  const next = new URL(first.location, h.issuer);
  if (!next.pathname.startsWith('/u/')) return { callback: next, loginShown: false };
  if (!userId) throw new Error(`login page requested: ${next}`);
  const done = await browser.postForm(new URL(TEST_LOGIN_PATH, h.issuer), { state: next.searchParams.get('state')!, user_id: userId });
  if (done.status !== 302 || !done.location) throw new Error(`completeLogin answered ${done.status}: ${done.text.slice(0, 200)}`);
  return { callback: new URL(done.location), loginShown: true };
}
