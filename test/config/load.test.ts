import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadConfig } from '../../src/config/index.ts';
import { GatehouseError } from '../../src/errors/index.ts';

const dir = mkdtempSync(join(tmpdir(), 'gatehouse-config-'));
const file = (name: string, text: string): string => {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
};

function configError(fn: () => unknown): string {
  try {
    fn();
  } catch (err) {
    assert.ok(err instanceof GatehouseError, `expected a GatehouseError, got ${String(err)}`);
    assert.equal(err.code, 'CONFIG_INVALID');
    assert.ok(!err.message.includes('\n'), 'the error is one line');
    return err.message;
  }
  assert.fail('expected loadConfig to throw');
}

test('defaults: localhost:3000, SQLite under ./data, key file beside it, process backend', () => {
  const config = loadConfig({ env: {} });
  assert.equal(config.port, 3000);
  assert.equal(config.host, 'localhost');
  assert.equal(config.db, 'sqlite:./data/gatehouse.db');
  assert.equal(config.keyFile, join('data', 'secret.key'));
  assert.equal(config.logLevel, 'info');
  assert.equal(config.publicScheme, 'http');
  assert.deepEqual(config.runtime, { backend: 'process', timeoutMs: 20_000, heapMb: 128, maxContainers: 100, idleMs: 300_000, spares: 1, moduleCacheDir: '.gatehouse/modules' });
  assert.equal(config.secretKey, undefined);
  assert.equal(config.tls, undefined);
});

test('the runtime defaults to the process backend on every database; the file setting still wins', () => {
  assert.equal(loadConfig({ env: { GATEHOUSE_DB: 'postgres://u:p@127.0.0.1/db' } }).runtime.backend, 'process');
  assert.equal(loadConfig({ env: { GATEHOUSE_DB: 'sqlite:./x.db' } }).runtime.backend, 'process');
  const path = file('backend.yaml', 'runtime:\n  backend: worker\n');
  assert.equal(loadConfig({ env: { GATEHOUSE_DB: 'postgresql://u:p@h/db' }, file: path }).runtime.backend, 'worker');
});

test('precedence: flags > environment > config file > defaults, setting by setting', () => {
  const path = file('precedence.yaml', 'port: 4000\nhost: 0.0.0.0\nlogLevel: debug\nruntime:\n  timeoutMs: 5000\n  heapMb: 64\n');
  const env = { GATEHOUSE_PORT: '5000', GATEHOUSE_HOST: '127.0.0.1', GATEHOUSE_RUNTIME_HEAP_MB: '96' };
  const config = loadConfig({ env, file: path, flags: { port: '6000' } });
  assert.equal(config.port, 6000, 'flag beats env and file');
  assert.equal(config.host, '127.0.0.1', 'env beats file');
  assert.equal(config.logLevel, 'debug', 'file beats default');
  assert.equal(config.runtime.heapMb, 96, 'env beats file inside a section');
  assert.equal(config.runtime.timeoutMs, 5000, 'a section merges, not replaces');
  assert.equal(config.runtime.maxContainers, 100, 'defaults fill the rest of a section');
  assert.equal(loadConfig({ env, file: path }).port, 5000);
  assert.equal(loadConfig({ env: {}, file: path }).port, 4000);
});

test('GATEHOUSE_PORT beats the platform-style PORT; PORT alone is used', () => {
  assert.equal(loadConfig({ env: { PORT: '8080' } }).port, 8080);
  assert.equal(loadConfig({ env: { PORT: '8080', GATEHOUSE_PORT: '9090' } }).port, 9090);
});

test('GATEHOUSE_CONFIG names the file when no --config is given', () => {
  const path = file('by-env.json', '{"port": 4321}');
  assert.equal(loadConfig({ env: { GATEHOUSE_CONFIG: path } }).port, 4321);
});

test('JSON config files, and files whose extension says neither, are read by content', () => {
  assert.equal(loadConfig({ env: {}, file: file('c.json', '{"db": "sqlite:/tmp/x.db"}') }).db, 'sqlite:/tmp/x.db');
  assert.equal(loadConfig({ env: {}, file: file('c.conf', 'port: 1234\n') }).port, 1234);
  assert.equal(loadConfig({ env: {}, file: file('c2.conf', '{"port": 2345}') }).port, 2345);
});

test('the key file sits beside the SQLite file unless set', () => {
  assert.equal(loadConfig({ env: {}, flags: { db: 'sqlite:/var/lib/gh/main.db' } }).keyFile, '/var/lib/gh/secret.key');
  assert.equal(loadConfig({ env: { GATEHOUSE_KEY_FILE: '/etc/gh.key' } }).keyFile, '/etc/gh.key');
});

test('the configuration is deep-frozen', () => {
  const config = loadConfig({ env: {} });
  assert.ok(Object.isFrozen(config));
  assert.ok(Object.isFrozen(config.runtime));
  assert.throws(() => { (config as { port: number }).port = 1; }, TypeError);
  assert.throws(() => { (config.runtime as { heapMb: number }).heapMb = 1; }, TypeError);
});

test('a bad --port names the setting, its source, what was expected and what was given', () => {
  assert.equal(configError(() => loadConfig({ env: {}, flags: { port: 'abc' } })),
    'invalid setting "port" (from --port): expected an integer 1–65535, got "abc"');
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_PORT: '0' } })), /"port" \(from GATEHOUSE_PORT\)/);
  assert.match(configError(() => loadConfig({ env: {}, flags: { port: '65536' } })), /"port"/);
});

test('an unknown --db scheme is refused without echoing its password', () => {
  const message = configError(() => loadConfig({ env: {}, flags: { db: 'mysql://root:hunter2@127.0.0.1/gh' } }));
  assert.match(message, /^invalid setting "db" \(from --db\): expected sqlite:PATH or postgres:\/\//);
  assert.ok(!message.includes('hunter2'));
  assert.match(message, /mysql:\/\/root:\*\*\*@127\.0\.0\.1\/gh/);
});

test('a bad secret key is refused without echoing it', () => {
  const path = file('secret.yaml', 'secretKey: 12345\n');
  const message = configError(() => loadConfig({ env: {}, file: path }));
  assert.match(message, /"secretKey"/);
  assert.ok(!message.includes('12345'));
});

test('a config file that is not valid JSON or YAML is refused in one line', () => {
  assert.match(configError(() => loadConfig({ env: {}, file: file('bad.json', '{"port": 3000,') })), /^invalid setting "config": .*bad\.json is not valid JSON/);
  assert.match(configError(() => loadConfig({ env: {}, file: file('bad.yaml', 'port: [3000\n  host: {') })), /^invalid setting "config": .*bad\.yaml is not valid YAML/);
  assert.match(configError(() => loadConfig({ env: {}, file: file('list.yaml', '- 1\n- 2\n') })), /must contain a mapping/);
  assert.match(configError(() => loadConfig({ env: {}, file: join(dir, 'missing.yaml') })), /cannot be read \(ENOENT\)/);
});

test('an unknown key in the config file is refused, naming it', () => {
  assert.equal(configError(() => loadConfig({ env: {}, file: file('unknown.yaml', 'prot: 3000\n') })),
    'invalid setting "prot" (from unknown.yaml): unknown setting (see docs/configuration.md)');
  assert.match(configError(() => loadConfig({ env: {}, file: file('unknown2.yaml', 'runtime:\n  heap: 3\n') })), /"runtime\.heap"/);
});

test('runtime, log level, scheme and TLS values are checked', () => {
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_RUNTIME_BACKEND: 'vm2' } })), /"runtime\.backend".*"worker" or "process"/);
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_RUNTIME_TIMEOUT_MS: '1.5' } })), /"runtime\.timeoutMs"/);
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_LOG_LEVEL: 'loud' } })), /"logLevel"/);
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_PUBLIC_SCHEME: 'ftp' } })), /"publicScheme"/);
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_TLS_CERT: '/x.pem' } })), /"tls".*both/);
  assert.match(configError(() => loadConfig({ env: { GATEHOUSE_REDIS_URL: 'http://x' } })), /"redisUrl"/);
  const ok = loadConfig({ env: { GATEHOUSE_TLS_CERT: '/c.pem', GATEHOUSE_TLS_KEY: '/k.pem', GATEHOUSE_REDIS_URL: 'redis://127.0.0.1:6379' } });
  assert.deepEqual(ok.tls, { cert: '/c.pem', key: '/k.pem' });
  assert.equal(ok.redisUrl, 'redis://127.0.0.1:6379');
});
