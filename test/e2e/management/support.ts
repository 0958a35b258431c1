// Gatehouse started the way a user starts it, over TLS with a certificate made here for
// localhost, and the real `auth0` SDK / auth0-deploy-cli run in child processes that trust
// it through NODE_EXTRA_CA_CERTS (read only at process start, hence the child processes).
import { execFile, spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createPostgresDatabase } from '../../helpers/dialects.ts';
import { cleanEnv, freePort, runGatehouse, startGatehouse, type RunningServer } from '../../cli/spawn.ts';

const exec = promisify(execFile);

export interface TlsGatehouse {
  readonly dir: string;
  readonly cert: string;
  /** host:port as the SDK's `domain`. */
  readonly domain: string;
  readonly db: string;
  /** The API Explorer Application of the tenant answering on localhost. */
  readonly clientId: string;
  readonly clientSecret: string;
  readonly server: RunningServer;
  close(): Promise<void>;
}

/** A self-signed certificate for localhost with the openssl CLI. */
export async function makeCertificate(dir: string): Promise<{ cert: string; key: string }> {
  const cert = join(dir, 'localhost.crt');
  const key = join(dir, 'localhost.key');
  await exec('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '2',
    '-subj', '/CN=localhost', '-addext', 'subjectAltName=DNS:localhost,IP:127.0.0.1,IP:::1']);
  return { cert, key };
}

export async function startTlsGatehouse(backend: 'sqlite' | 'postgres', env: Record<string, string> = {}): Promise<TlsGatehouse> {
  const dir = await mkdtemp(join(tmpdir(), 'gh-e2e-mgmt-'));
  const pg = backend === 'postgres' ? await createPostgresDatabase() : undefined;
  const db = pg?.url ?? `sqlite:${join(dir, 'gatehouse.db')}`;
  const baseEnv = { GATEHOUSE_KEY_FILE: join(dir, 'secret.key'), GATEHOUSE_MODULE_CACHE: join(dir, 'modules'), ...env };
  const { cert, key } = await makeCertificate(dir);
  // The tenant on localhost is created first (named demo, so start does not make another) and
  // its API Explorer credentials read from the one time they are printed.
  const created = await runGatehouse(['tenant', 'create', 'demo', '--hostname', 'localhost', '--json', '--db', db], { env: baseEnv });
  if (created.status !== 0) throw new Error(`tenant create failed: ${created.stderr}`);
  const { management_api: explorer } = JSON.parse(created.stdout) as { management_api: { client_id: string; client_secret: string } };
  const port = await freePort();
  const server = await startGatehouse(['--port', String(port), '--db', db, '--tls-cert', cert, '--tls-key', key], { env: baseEnv });
  return {
    dir, cert, domain: `localhost:${port}`, db, clientId: explorer.client_id, clientSecret: explorer.client_secret, server,
    async close() {
      await server.stop();
      await pg?.drop();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

export interface ChildResult {
  readonly status: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs a Node program (a .ts driver or a package's bin) trusting the test certificate. */
export function runTrusting(gatehouse: TlsGatehouse, args: readonly string[], env: Record<string, string> = {}, cwd?: string): Promise<ChildResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, args, {
      env: cleanEnv({ NODE_EXTRA_CA_CERTS: gatehouse.cert, ...env }), cwd, stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d: Buffer) => { stdout += d; });
    child.stderr.on('data', (d: Buffer) => { stderr += d; });
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** A JSON request to the TLS server from this process, trusting the test certificate explicitly. */
export async function httpsJson(gatehouse: TlsGatehouse, method: string, path: string, options: { body?: unknown; token?: string } = {}): Promise<{ status: number; json: any }> {
  const { request } = await import('node:https');
  const { readFile } = await import('node:fs/promises');
  const ca = await readFile(gatehouse.cert);
  const [host, port] = gatehouse.domain.split(':');
  const payload = options.body === undefined ? undefined : JSON.stringify(options.body);
  return new Promise((resolve, reject) => {
    const req = request({
      host, port: Number(port), path, method, ca,
      headers: {
        ...(payload !== undefined ? { 'content-type': 'application/json' } : {}),
        ...(options.token ? { authorization: `Bearer ${options.token}` } : {}),
      },
    }, (res) => {
      let text = '';
      res.on('data', (d: Buffer) => { text += d; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, json: text ? JSON.parse(text) : undefined }));
    });
    req.on('error', reject);
    req.end(payload);
  });
}
