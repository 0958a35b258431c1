import { performance } from 'node:perf_hooks';
import { Option, type Command } from 'commander';
import { createLogger, loadConfig, redactUrl, type Config } from '../config/index.ts';
import { boot, type Booted } from './boot.ts';
import { addStorageOptions, type StorageFlags } from './storage-options.ts';
import type { Output } from './output.ts';

const examples = `
With no options: SQLite in ./data/gatehouse.db (created with its key file on first start),
migrations applied, a "demo" tenant answering on localhost, listening on http://localhost:3000.

Examples:
  $ gatehouse start
  $ gatehouse start --port 8080 --host 0.0.0.0
  $ gatehouse start --db postgres://gatehouse:secret@127.0.0.1:5432/gatehouse --config gatehouse.yaml`;

interface StartFlags extends StorageFlags {
  readonly port?: string;
  readonly host?: string;
  readonly redis?: string;
  readonly tlsCert?: string;
  readonly tlsKey?: string;
}

/** How a browser on this machine reaches the server: wildcard binds are shown as localhost. */
function browserOrigin(config: Config): string {
  const wildcard = config.host === '0.0.0.0' || config.host === '::' || config.host === '[::]';
  const host = wildcard ? 'localhost' : config.host.includes(':') && !config.host.startsWith('[') ? `[${config.host}]` : config.host;
  return `${config.publicScheme === 'https' && config.tls ? 'https' : 'http'}://${host}:${config.port}`;
}

function banner(config: Config, booted: Booted, output: Output): void {
  const origin = browserOrigin(config);
  output.out(`Gatehouse is listening on ${origin} (database ${redactUrl(config.db)})`);
  if (booted.migrations.length > 0) output.out(`  applied ${booted.migrations.length} migration(s)`);
  if (booted.demo) {
    output.out(`  created the "demo" tenant (hostnames ${booted.demo.tenant.hostnames.join(', ')})`);
    output.out(`  demo application client_id: ${booted.demo.application.client_id}, callback ${booted.demo.application.redirect_uris[0]}`);
  }
  if (!config.db.startsWith('sqlite:') && config.secretKey === undefined) {
    // Each node would otherwise seal with its own generated key and fail to open the others' secrets.
    output.out(`  note: secrets are sealed with the key file ${config.keyFile}; with several nodes, set the same GATEHOUSE_SECRET_KEY on each`);
  }
  output.out('Open:');
  for (const [url, what] of newcomerUrls(origin, booted)) output.out(`  ${what}:\n    ${url}`);
  output.out(`Other tenants: gatehouse tenant create <name>, then http://<name>.localhost:${config.port}/healthz`);
}

/** The pages worth opening first, each only if its route is actually served. */
function newcomerUrls(origin: string, booted: Booted): Array<[string, string]> {
  const has = (url: string) => booted.app.hasRoute({ method: 'GET', url });
  const urls: Array<[string, string]> = [[`${origin}/healthz`, 'health of the demo tenant']];
  const demo = booted.demoApplication;
  if (demo?.redirect_uri && has('/authorize')) {
    const query = new URLSearchParams({ client_id: demo.client_id, response_type: 'code', redirect_uri: demo.redirect_uri, scope: 'openid profile email', state: 'demo' });
    urls.push([`${origin}/authorize?${query.toString().replace(/\+/g, '%20')}`, 'sign up and log in to the demo application']);
  }
  if (has('/.well-known/openid-configuration')) urls.push([`${origin}/.well-known/openid-configuration`, 'OpenID Connect discovery']);
  return urls;
}

/** Closes once on SIGINT/SIGTERM, waiting for requests in flight; a second signal forces exit. */
function closeOnSignals(booted: Booted, logger: ReturnType<typeof createLogger>): void {
  let stopping = false;
  const stop = (signal: NodeJS.Signals) => {
    if (stopping) process.exit(1);
    stopping = true;
    logger.info({ signal }, 'shutting down');
    setTimeout(() => process.exit(1), 10_000).unref();
    booted.close().then(
      () => { logger.flush(); process.exitCode = 0; },
      (err: unknown) => { logger.error({ err }, 'shutdown failed'); logger.flush(); process.exit(1); },
    );
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

export function registerStart(program: Command, output: Output): void {
  addStorageOptions(program.command('start'))
    .description('start the server (migrates the database and creates the demo tenant on first start)')
    .addOption(new Option('--port <port>', 'TCP port (env GATEHOUSE_PORT or PORT; default 3000)'))
    .addOption(new Option('--host <host>', 'address to listen on (env GATEHOUSE_HOST; default localhost, 0.0.0.0 for all)'))
    .addOption(new Option('--redis <url>', 'Redis for state shared by several nodes: redis://host:6379/0 (env GATEHOUSE_REDIS_URL; docs/deploy.md)'))
    .addOption(new Option('--tls-cert <file>', 'serve HTTPS with this PEM certificate (env GATEHOUSE_TLS_CERT; needs --tls-key)'))
    .addOption(new Option('--tls-key <file>', 'the PEM private key of --tls-cert (env GATEHOUSE_TLS_KEY)'))
    .addHelpText('after', examples)
    .action(async (flags: StartFlags) => {
      const config = loadConfig({ flags: { port: flags.port, host: flags.host, db: flags.db, redisUrl: flags.redis, 'tls.cert': flags.tlsCert, 'tls.key': flags.tlsKey }, file: flags.config });
      const logger = createLogger({ level: config.logLevel });
      const booted = await boot(config, logger);
      try {
        await booted.app.listen({ port: config.port, host: config.host});
      } catch (err) {
        await booted.close().catch(() => {});
        throw err;
      }
      closeOnSignals(booted, logger);
      banner(config, booted, output);
      output.out(`ready in ${Math.round(performance.now())} ms`);
    });
}
