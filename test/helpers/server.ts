// An in-process Gatehouse on a random loopback port with a fresh SQLite database, booted exactly
// as `gatehouse start` boots (migrations, key file, demo tenant), for HTTP tests of any surface.
//
//   const server = await startTestServer();
//   const res = await server.request('/healthz');                  // Host: localhost → demo
//   const other = await server.request('/healthz', { host: 'acme.localhost' });
//   await server.close();
import { request as httpRequest } from 'node:http';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { createLogger, loadConfig, type Config } from '../../src/config/index.ts';
import { boot, type Booted } from '../../src/cli/boot.ts';
import type { Surface } from '../../src/http/index.ts';
import { surfaces as defaultSurfaces } from '../../src/http/index.ts';

export interface TestResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
  json<T = any>(): T;
}

export interface RequestOptions {
  readonly method?: string;
  /** Host header; defaults to localhost (the demo tenant). */
  readonly host?: string;
  readonly headers?: Record<string, string>;
  /** An object is sent as JSON unless a content-type header says otherwise; a string is sent as is. */
  readonly body?: unknown;
}

export interface TestServer extends Booted {
  readonly config: Config;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  readonly port: number;
  /** Every JSON log line the server wrote so far. */
  logs(): string;
  request(path: string, options?: RequestOptions): Promise<TestResponse>;
}

export interface TestServerOptions {
  /** Extra settings as flags (`{ 'runtime.timeoutMs': '1000' }`); the environment is not read. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Log level captured by logs(); default 'info'. */
  readonly logLevel?: Config['logLevel'];
  /** Surfaces to register in addition to the default table (e.g. a test-only route). */
  readonly extraSurfaces?: readonly Surface[];
}

export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-server-'));
  const config = loadConfig({ env: {}, flags: { db: `sqlite:${join(dir, 'gatehouse.db')}`, ...options.settings } });
  const chunks: string[] = [];
  const sink = new Writable({ write(chunk, _encoding, done) { chunks.push(String(chunk)); done(); } });
  const logger = createLogger({ level: options.logLevel ?? 'info', destination: sink });
  const booted = await boot(config, logger, { surfaces: [...defaultSurfaces, ...(options.extraSurfaces ?? [])] });
  await booted.app.listen({ port: 0, host: '127.0.0.1' });
  const address = booted.app.server.address();
  const port = typeof address === 'object' && address ? address.port : 0;

  const request = (path: string, init: RequestOptions = {}): Promise<TestResponse> => new Promise((resolve, reject) => {
    const headers: Record<string, string> = { host: init.host ?? 'localhost', ...init.headers };
    let payload: string | undefined;
    if (init.body !== undefined) {
      const hasType = Object.keys(headers).some((h) => h.toLowerCase() === 'content-type');
      payload = typeof init.body === 'string' ? init.body : JSON.stringify(init.body);
      if (!hasType) headers['content-type'] = 'application/json';
    }
    const req = httpRequest({ host: '127.0.0.1', port, path, method: init.method ?? (payload === undefined ? 'GET' : 'POST'), headers }, (res) => {
      const parts: Buffer[] = [];
      res.on('data', (part: Buffer) => parts.push(part));
      res.on('end', () => {
        const text = Buffer.concat(parts).toString('utf8');
        resolve({ status: res.statusCode ?? 0, headers: res.headers, text, json: () => JSON.parse(text) });
      });
      res.on('error', reject);
    });
    req.on('error', reject);
    req.end(payload);
  });

  const close = async () => {
    await booted.close();
    await rm(dir, { recursive: true, force: true });
  };
  return { ...booted, close, config, url: `http://127.0.0.1:${port}`, port, logs: () => chunks.join(''), request };
}
