import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createLoginAttemptQueries, createTenantQueries, type Database } from '../../src/storage/index.ts';
import { dialects } from '../helpers/dialects.ts';

for (const dialect of await dialects()) {
  describe(`login_attempts on ${dialect.name}`, { skip: dialect.skip }, () => {
    let database: Database;
    let a: string;
    let b: string;
    before(async () => {
      database = await dialect.openMigrated();
      a = (await createTenantQueries(database).create({ name: 'a', hostnames: ['a.localhost'] })).id;
      b = (await createTenantQueries(database).create({ name: 'b', hostnames: ['b.localhost'] })).id;
    });
    after(() => database?.close());

    const key = { connection: 'db', user_id: 'auth0|1', ip: '203.0.113.1' };

    test('concurrent failures all count (one atomic upsert each)', async () => {
      const q = createLoginAttemptQueries(database, a);
      const counts = await Promise.all(Array.from({ length: 10 }, () => q.recordFailure(key)));
      assert.deepEqual([...counts].sort((x, y) => x - y), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
      assert.equal(await q.failures(key), 10);
    });

    test('counts are per IP and per tenant; reset clears one IP, resetUser all of them', async () => {
      const q = createLoginAttemptQueries(database, a);
      const other = { ...key, ip: '198.51.100.2' };
      assert.equal(await q.recordFailure(other), 1);
      assert.equal(await createLoginAttemptQueries(database, b).failures(key), 0);
      await q.reset(other);
      assert.equal(await q.failures(other), 0);
      assert.equal(await q.failures(key), 10);
      await q.recordFailure(other);
      assert.equal(await q.resetUser('db', 'auth0|1'), 2);
      assert.equal(await q.failures(key), 0);
    });
  });
}
