import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { freePort, startGatehouse } from './spawn.ts';

const dir = await mkdtemp(join(tmpdir(), 'gh-precedence-'));
after(() => rm(dir, { recursive: true, force: true }));

async function listeningPort(args: string[], env: Record<string, string>): Promise<number> {
  const server = await startGatehouse(args, { env });
  try {
    return Number(/listening on http:\/\/[^:]+:(\d+)/.exec(server.banner)?.[1]);
  } finally {
    assert.equal(await server.stop(), 0);
  }
}

test('gatehouse start takes --port over GATEHOUSE_PORT over the --config file', async () => {
  const [fromFile, fromEnv, fromFlag] = [await freePort(), await freePort(), await freePort()];
  const file = join(dir, 'gatehouse.yaml');
  await writeFile(file, `port: ${fromFile}\nhost: 127.0.0.1\ndb: sqlite:${join(dir, 'gh.db')}\nlogLevel: warn\n`);
  assert.equal(await listeningPort(['--config', file], {}), fromFile);
  assert.equal(await listeningPort(['--config', file], { GATEHOUSE_PORT: String(fromEnv) }), fromEnv);
  assert.equal(await listeningPort(['--config', file, '--port', String(fromFlag)], { GATEHOUSE_PORT: String(fromEnv) }), fromFlag);
});
