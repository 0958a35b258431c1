import type { Harness } from './harness.ts';

export interface TokenCall {
  readonly status: number;
  readonly body: any;
  readonly headers: Headers;
}

/** POST /oauth/token as a form (default) or JSON, optionally with HTTP Basic client auth. */
export async function postToken(h: Harness, params: Record<string, string>, options: { json?: boolean; basic?: [string, string]; path?: string; headers?: Record<string, string> } = {}): Promise<TokenCall> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.basic) headers.authorization = `Basic ${Buffer.from(`${encodeURIComponent(options.basic[0])}:${encodeURIComponent(options.basic[1])}`).toString('base64')}`;
  let body: string;
  if (options.json) {
    headers['content-type'] = 'application/json';
    body = JSON.stringify(params);
  } else {
    headers['content-type'] = 'application/x-www-form-urlencoded';
    body = new URLSearchParams(params).toString();
  }
  const res = await fetch(new URL(options.path ?? 'oauth/token', h.issuer), { method: 'POST', headers, body });
  const text = await res.text();
  return { status: res.status, body: text === '' ? undefined : JSON.parse(text), headers: res.headers };
}

/** The demo application's password grant for a user; returns the token response. */
export async function passwordLogin(h: Harness, username: string, password: string, extra: Record<string, string> = {}): Promise<TokenCall> {
  return postToken(h, {
    grant_type: 'password', username, password, client_id: h.demo.client_id, client_secret: h.demo.client_secret!, ...extra,
  });
}
