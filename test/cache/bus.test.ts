import { after, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { setTimeout as sleep } from 'node:timers/promises';
import {
  connectRedis, createMemoryBus, createRecycleSignal, createRedisBus, type Bus, type RecycleMessage,
} from '../../src/cache/index.ts';
import { redisUnavailable, testRedisUrl, uniqueKey } from './backends.ts';

async function until(check: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 200; i += 1) {
    if (check()) return;
    await sleep(25);
  }
  assert.fail(`timed out waiting for ${what}`);
}

const redisSkip = await redisUnavailable();
const backends: Array<{ name: string; skip?: string; open(): Promise<Bus> }> = [
  { name: 'memory', open: async () => createMemoryBus() },
  { name: 'redis', skip: redisSkip, open: async () => createRedisBus(await connectRedis(testRedisUrl), await connectRedis(testRedisUrl)) },
];

for (const backend of backends) {
  describe(`Bus and recycle signal (${backend.name})`, { skip: backend.skip }, () => {
    const opened: Bus[] = [];
    after(async () => { for (const bus of opened) await bus.close(); });
    const open = async () => { const bus = await backend.open(); opened.push(bus); return bus; };

    it('delivers a message to every subscriber, the publisher included, and stops after unsubscribe', async () => {
      // Two buses stand for two nodes (on memory they are separate worlds, so one bus plays both).
      const a = await open();
      const b = backend.name === 'redis' ? await open() : a;
      const channel = uniqueKey('chan');
      const gotA: string[] = [];
      const gotB: string[] = [];
      const offA = await a.subscribe(channel, (m) => gotA.push(m));
      await b.subscribe(channel, (m) => gotB.push(m));
      await a.publish(channel, 'one');
      await until(() => gotA.length === 1 && gotB.length === 1, 'both subscribers');
      assert.deepEqual([gotA, gotB], [['one'], ['one']]);
      await offA();
      await b.publish(channel, 'two');
      await until(() => gotB.length === 2, 'the remaining subscriber');
      assert.deepEqual(gotA, ['one']);
    });

    it('recycle signal: announced once, heard by every listener; malformed messages are refused', async () => {
      const a = await open();
      const b = backend.name === 'redis' ? await open() : a;
      const channel = uniqueKey('recycle');
      const heard: RecycleMessage[] = [];
      const malformed: string[] = [];
      await createRecycleSignal(a, channel).listen((m) => heard.push(m), (raw) => malformed.push(raw));
      await createRecycleSignal(b, channel).listen((m) => heard.push(m));
      assert.equal(await createRecycleSignal(b, channel).announce({ tenant: 'ten_1', key: 'con_1', reason: 'deploy' }), true);
      await until(() => heard.length === 2, 'two listeners');
      assert.deepEqual(heard, [{ tenant: 'ten_1', key: 'con_1', reason: 'deploy' }, { tenant: 'ten_1', key: 'con_1', reason: 'deploy' }]);
      await a.publish(channel, '{"tenant":""}');
      await a.publish(channel, 'not json');
      await until(() => malformed.length === 2, 'malformed messages');
      assert.equal(heard.length, 2);
    });
  });
}
