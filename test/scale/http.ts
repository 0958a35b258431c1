// A small HTTP client for cluster tests: the Host header chooses the tenant (as behind a real
// proxy) while the TCP connection chooses the node, cookies are kept like a browser's, and
// redirects are returned, not followed, so a test can send the next step to another node.
import { Agent, request } from 'node:http';

export interface Reply {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  readonly location?: string;
  json<T = any>(): T;
}

export interface SendOptions {
  readonly method?: string;
  readonly host: string;
  readonly headers?: Record<string, string>;
  /** Sent as application/x-www-form-urlencoded. */
  readonly form?: Record<string, string>;
  /** Sent as JSON. */
  readonly json?: unknown;
  readonly jar?: Jar;
  readonly agent?: Agent;
}

export class Jar {
  readonly cookies = new Map<string, string>();
  header(): string | undefined {
    return this.cookies.size === 0 ? undefined : [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
  }
  store(setCookie: string[] | string | undefined): void {
    for (const line of setCookie === undefined ? [] : Array.isArray(setCookie) ? setCookie : [setCookie]) {
      const [pair, ...attributes] = line.split(';');
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq).trim();
      const value = pair.slice(eq + 1).trim();
      if (value === '' || attributes.some((a) => /^\s*max-age=0\s*$/i.test(a))) this.cookies.delete(name);
      else this.cookies.set(name, value);
    }
  }
}

export function send(port: number, path: string, options: SendOptions): Promise<Reply> {
  const headers: Record<string, string> = { host: options.host, ...options.headers };
  let body: string | undefined;
  if (options.form) {
    body = new URLSearchParams(options.form).toString();
    headers['content-type'] = 'application/x-www-form-urlencoded';
  } else if (options.json !== undefined) {
    body = JSON.stringify(options.json);
    headers['content-type'] = 'application/json';
  }
  const cookie = options.jar?.header();
  if (cookie) headers.cookie = cookie;
  return new Promise((resolve, reject) => {
    const req = request({ host: '127.0.0.1', port, path, method: options.method ?? (body === undefined ? 'GET' : 'POST'), headers, agent: options.agent }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('error', reject);
      res.on('end', () => {
        options.jar?.store(res.headers['set-cookie']);
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, location: res.headers.location, json: () => JSON.parse(text) });
      });
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** The claims of a JWT, unverified (the tests check what a node put in, not the signature). */
export function claimsOf(jwt: string): Record<string, unknown> {
  return JSON.parse(Buffer.from(jwt.split('.')[1], 'base64url').toString('utf8')) as Record<string, unknown>;
}
