import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GatehouseError } from '../../../src/errors/index.ts';
import { createAction, setBindings, type ActionsDeps } from '../../../src/extensibility/actions/index.ts';
import { createScriptRunner, type ScriptRunner } from '../../../src/extensibility/custom-db/index.ts';
import { sendPhoneMessage, type PhoneMessage, type PhoneSender } from '../../../src/flows/actions/index.ts';
import {
  createExecutionLogQueries, createSecretBox, createTenantQueries, createUserQueries, type Database, type UserRecord,
} from '../../../src/storage/index.ts';
import { dialects } from '../../helpers/dialects.ts';
import { startSink, type Sink } from '../../e2e/actions/support.ts';

const message: PhoneMessage = { recipient: '+15555550123', text: 'Your code is 482913', code: '482913', action: 'second-factor-authentication', message_type: 'sms' };

for (const dialect of await dialects()) {
  describe(`sendPhoneMessage on ${dialect.name}`, { skip: dialect.skip, timeout: 300_000 }, () => {
    let database: Database;
    let runner: ScriptRunner;
    let moduleDir: string;
    let sink: Sink;
    let deps: ActionsDeps;
    let tenantId: string;
    let user: UserRecord;
    const pipeline = () => ({ database, box: deps.box, runner });

    before(async () => {
      database = await dialect.openMigrated();
      moduleDir = await mkdtemp(join(tmpdir(), 'gh-phone-'));
      runner = createScriptRunner({ backend: 'worker', moduleCacheDir: moduleDir, timeoutMs: 10_000, heapMb: 64, maxContainers: 8, idleMs: 60_000, spares: 0, queueTimeoutMs: 30_000 });
      sink = await startSink();
      tenantId = (await createTenantQueries(database).create({ name: 'phones', hostnames: ['phones.localhost'] })).id;
      deps = { database, box: createSecretBox(randomBytes(32)), runner };
      user = await createUserQueries(database, tenantId).create({ connection: 'Username-Password-Authentication', email: 'grace@example.com', phone_number: '+15555550123' });
    });
    after(async () => {
      await runner?.close();
      await sink?.close();
      await database?.close();
      await rm(moduleDir, { recursive: true, force: true });
    });

    test('with no Action bound the PhoneSender delivers: by default into the tenant\'s execution log', async () => {
      const result = await sendPhoneMessage(pipeline(), { tenantId, message, user });
      assert.equal(result.deliveredBy, 'sender');
      const logged = await createExecutionLogQueries(database, tenantId).list({ type: 'phone' });
      assert.equal(logged.length, 1);
      assert.equal(logged[0].logs[0].message, 'Your code is 482913');
      assert.deepEqual(logged[0].details, { recipient: '+15555550123', message_type: 'sms' });

      const sent: PhoneMessage[] = [];
      const sender: PhoneSender = { send: async (_tenant, m) => { sent.push(m); } };
      await sendPhoneMessage({ ...pipeline(), phoneSender: sender }, { tenantId, message, user });
      assert.deepEqual(sent, [message]);
    });

    test('with send-sms bound the Action delivers through its gateway and the sender is not used', async () => {
      const code = await readFile(new URL('../../fixtures/actions/send-sms.js', import.meta.url), 'utf8');
      const action = await createAction(deps, tenantId, {
        name: 'send-sms', supported_triggers: [{ id: 'send-phone-message' }], code, secrets: [{ name: 'SMS_GATEWAY_URL', value: `${sink.url}/sms` }], deploy: true,
      });
      await setBindings(deps, tenantId, 'send-phone-message', [{ ref: { type: 'action_id', value: action.id } }]);
      const sender: PhoneSender = { send: async () => { throw new Error('the built-in sender must not be used'); } };
      const result = await sendPhoneMessage({ ...pipeline(), phoneSender: sender }, { tenantId, message, user });
      assert.equal(result.deliveredBy, 'actions');
      const sms = await sink.waitFor((r) => r.path === '/sms', 'the SMS');
      assert.deepEqual(sms.body, { to: '+15555550123', body: 'Your code is 482913', code_length: 6, type: 'sms', action: 'second-factor-authentication', user: user.user_id });

      sink.failWith(502);
      try {
        await assert.rejects(sendPhoneMessage({ ...pipeline(), phoneSender: sender }, { tenantId, message, user }),
          (err: unknown) => err instanceof GatehouseError && err.code === 'SERVER_ERROR');
      } finally {
        sink.failWith(undefined);
      }
    });
  });
}
