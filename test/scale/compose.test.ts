// deploy/docker-compose.yml cannot be checked with `docker compose config` here, so this reads
// it as YAML (merge keys resolved, as Compose does) and validates every field the example
// relies on: services, images or builds, the nodes' environment, ports, depends_on and
// healthchecks, and that the proxy really spreads over the three nodes.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { parse } from 'yaml';
import { z } from 'zod';
import { envVariables, loadConfig } from '../../src/config/index.ts';

const deployDir = fileURLToPath(new URL('../../deploy/', import.meta.url));
const composeFile = join(deployDir, 'docker-compose.yml');

const Healthcheck = z.strictObject({
  test: z.union([z.tuple([z.enum(['CMD', 'CMD-SHELL'])]).rest(z.string()), z.string()]),
  interval: z.string().regex(/^\d+s$/),
  timeout: z.string().regex(/^\d+s$/),
  retries: z.number().int().positive(),
  start_period: z.string().regex(/^\d+s$/).optional(),
});
const DependsOn = z.record(z.string(), z.strictObject({ condition: z.enum(['service_started', 'service_healthy', 'service_completed_successfully']) }));
const Service = z.strictObject({
  image: z.string().min(1).optional(),
  build: z.strictObject({ context: z.string(), dockerfile: z.string() }).optional(),
  restart: z.enum(['no', 'always', 'on-failure', 'unless-stopped']).optional(),
  command: z.array(z.string()).optional(),
  environment: z.record(z.string(), z.string()).optional(),
  ports: z.array(z.string().regex(/^\d+:\d+$/)).optional(),
  volumes: z.array(z.string()).optional(),
  depends_on: DependsOn.optional(),
  healthcheck: Healthcheck.optional(),
  stop_grace_period: z.string().regex(/^\d+s$/).optional(),
}).refine((s) => s.image || s.build, 'a service needs an image or a build');
const Compose = z.object({
  name: z.string(),
  services: z.record(z.string(), Service),
  volumes: z.record(z.string(), z.null()).optional(),
});

function load() {
  const doc = parse(readFileSync(composeFile, 'utf8'), { merge: true }) as Record<string, unknown>;
  // Extension fields (x-…) are Compose's own; only the rest must validate.
  const withoutExtensions = Object.fromEntries(Object.entries(doc).filter(([k]) => !k.startsWith('x-')));
  return Compose.parse(withoutExtensions);
}

/** ${VAR:?msg} and ${VAR:-default} as Compose expands them, with test values. */
function expand(value: string, env: Record<string, string>): string {
  return value.replace(/\$\{([A-Z0-9_]+)(?::([?-])([^}]*))?\}/g, (_m, name: string, kind?: string, rest?: string) => {
    if (env[name] !== undefined) return env[name];
    if (kind === '-') return rest ?? '';
    throw new Error(`${name} must be set`);
  });
}

const nodes = ['gatehouse-1', 'gatehouse-2', 'gatehouse-3'];

describe('deploy/docker-compose.yml', () => {
  it('is valid Compose YAML with PostgreSQL, Redis, three nodes and a proxy', () => {
    const compose = load();
    for (const name of ['postgres', 'redis', ...nodes, 'proxy']) assert.ok(compose.services[name], `service ${name}`);
    for (const [name, service] of Object.entries(compose.services)) {
      assert.ok(service.healthcheck, `${name} has a healthcheck`);
      for (const dep of Object.keys(service.depends_on ?? {})) assert.ok(compose.services[dep], `${name} depends on a known service ${dep}`);
      for (const volume of service.volumes ?? []) {
        const source = volume.split(':')[0];
        if (source.startsWith('.')) assert.ok(existsSync(join(deployDir, source)), `${name} mounts ${source}, which exists`);
        else assert.ok(compose.volumes && source in compose.volumes, `${name} uses the declared volume ${source}`);
      }
    }
    const build = compose.services['gatehouse-1'].build!;
    assert.ok(existsSync(join(deployDir, build.context, build.dockerfile)), 'the nodes build from an existing Dockerfile');
  });

  it('gives every node the same configuration, which Gatehouse itself accepts', () => {
    const compose = load();
    const known = new Set(envVariables.map(([name]) => name));
    const envs = nodes.map((name) => compose.services[name].environment!);
    for (const env of envs) assert.deepEqual(env, envs[0], 'identical, stateless nodes');
    for (const name of Object.keys(envs[0])) assert.ok(known.has(name), `${name} is a setting src/config/ reads`);
    for (const required of ['GATEHOUSE_DB', 'GATEHOUSE_REDIS_URL', 'GATEHOUSE_SECRET_KEY', 'GATEHOUSE_HOST']) assert.ok(envs[0][required], required);
    for (const name of nodes) {
      const depends = compose.services[name].depends_on!;
      assert.equal(depends.postgres?.condition, 'service_healthy');
      assert.equal(depends.redis?.condition, 'service_healthy');
      assert.match(JSON.stringify(compose.services[name].healthcheck!.test), /\/readyz/, 'nodes report ready only with storage and Redis');
    }
    // Expanded with test values, the environment passes Gatehouse's own validation.
    const env = Object.fromEntries(Object.entries(envs[0]).map(([k, v]) => [k, expand(v, { POSTGRES_PASSWORD: 'pw', GATEHOUSE_SECRET_KEY: 'a'.repeat(64) })]));
    const config = loadConfig({ env });
    assert.equal(config.host, '0.0.0.0');
    assert.equal(config.redisUrl, 'redis://redis:6379/0');
    assert.match(config.db, /^postgres:\/\/gatehouse:pw@postgres:5432\/gatehouse$/);
    assert.equal(config.port, 3000);
    // The database credentials are the ones the postgres service creates.
    const pg = compose.services.postgres.environment!;
    assert.equal(new URL(config.db).username, pg.POSTGRES_USER);
    assert.equal(new URL(config.db).pathname, `/${pg.POSTGRES_DB}`);
    assert.throws(() => expand(envs[0].GATEHOUSE_SECRET_KEY, {}), /GATEHOUSE_SECRET_KEY must be set/, 'no default key: each deployment sets its own');
  });

  it('puts the proxy in front of all three nodes, passing Host and keeping operations endpoints private', () => {
    const compose = load();
    const proxy = compose.services.proxy;
    assert.deepEqual(Object.keys(proxy.depends_on!).sort(), nodes);
    assert.ok(proxy.ports?.length, 'the proxy is the only published port');
    for (const name of nodes) assert.equal(compose.services[name].ports, undefined, `${name} is not published`);
    const mount = proxy.volumes!.find((v) => v.endsWith(':/etc/nginx/nginx.conf:ro'))!;
    const conf = readFileSync(join(deployDir, mount.split(':')[0]), 'utf8');
    for (const name of nodes) assert.match(conf, new RegExp(`server ${name}:3000`));
    assert.match(conf, /proxy_set_header Host \$host;/);
    assert.match(conf, /location = \/metrics \{ return 404; \}/);
  });
});
