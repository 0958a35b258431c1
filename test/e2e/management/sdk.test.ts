import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { backends } from '../../management/support.ts';
import { runTrusting, startTlsGatehouse, type TlsGatehouse } from './support.ts';

const driver = fileURLToPath(new URL('./sdk-driver.ts', import.meta.url));

for (const backend of await backends()) {
  describe(`the auth0 SDK's ManagementClient against Gatehouse over TLS on ${backend.name}`, { skip: backend.skip }, () => {
    let gh: TlsGatehouse;
    before(async () => { gh = await startTlsGatehouse(backend.name); });
    after(async () => { await gh?.close(); });

    const run = async (scenario: string) => {
      const res = await runTrusting(gh, [driver], { DOMAIN: gh.domain, CLIENT_ID: gh.clientId, CLIENT_SECRET: gh.clientSecret, SCENARIO: scenario });
      let out: Record<string, any>;
      try {
        out = JSON.parse(res.stdout);
      } catch {
        throw new Error(`driver printed no JSON (status ${res.status}): ${res.stdout}\n${res.stderr}`);
      }
      assert.equal(out.failed, undefined, JSON.stringify(out.failed));
      assert.equal(res.status, 0, res.stderr);
      return out;
    };

    test('users and connections end to end', async () => {
      const out = await run('users-and-connections');
      assert.equal(out.connection.name, 'sdk-legacy');
      assert.equal(out.connection.options.customScripts.get_user.includes('getUser'), true);
      assert.deepEqual(out.connection.options.configuration, { LEGACY_PASSWORD: '_VALUE_NOT_SHOWN_' });
      assert.ok(out.connectionList.includes('sdk-legacy') && out.connectionList.includes('Username-Password-Authentication'));
      assert.equal(out.connectionGet.id, out.connection.id);
      assert.equal(out.connectionUpdated.options.requires_username, false);

      assert.match(out.userCreated.user_id, /^auth0\|/);
      assert.deepEqual(out.userGet.app_metadata, { plan: 'gold' });
      assert.deepEqual(out.userUpdated.user_metadata, { b: 2 });
      assert.deepEqual(out.userUpdated.app_metadata, { plan: 'gold', tier: 1 });
      assert.deepEqual(out.userSearch, [out.userCreated.user_id]);
      assert.deepEqual(out.usersByEmail, [out.userCreated.user_id]);
      assert.equal(out.duplicate.statusCode, 409);
      assert.equal(out.duplicate.body.errorCode, 'auth0_idp_error');
      assert.equal(out.unknownField.statusCode, 400);
      assert.equal(out.unknownField.body.errorCode, 'invalid_body');
      assert.equal(out.deleted.statusCode, 404);
      assert.equal(out.deleted.body.errorCode, 'inexistent_user');
      assert.ok(out.keys.length >= 2);
    });

    test('actions end to end: create, deploy, versions, triggers, bindings, test, rollback', async () => {
      const out = await run('actions');
      assert.equal(out.actionCreated.name, 'sdk-action');
      assert.deepEqual(out.actionCreated.secrets.map((s: { name: string }) => s.name), ['GREETING']);
      assert.doesNotMatch(JSON.stringify(out), /"value":"hello"/, 'secret values never come back');
      assert.ok(out.actionList.includes('sdk-action'));
      assert.equal(out.deployed.number, 1);
      assert.equal(out.deployed.deployed, true);
      assert.deepEqual(out.versions, [1]);
      assert.ok(out.triggers.includes('post-login') && out.triggers.includes('credentials-exchange'));
      assert.deepEqual(out.bindings.bindings.map((b: { display_name: string }) => b.display_name), ['sdk-action']);
      assert.deepEqual(out.bindingList, ['sdk-action']);
      const claim = out.test.payload.commands.find((c: { api: string }) => c.api === 'idToken.setCustomClaim');
      assert.deepEqual(claim.args, ['https://sdk/claim', 'hello'], 'the draft ran with its secret');
      assert.equal(out.secondNumber, 2);
      assert.equal(out.rollback.number, 3, 'a rollback deploys a new version copying the old one');
      assert.equal(out.rollback.code, out.deployed.code);
      assert.equal(out.actionAfter.deployed_version.number, 3);
      assert.equal(out.actionAfter.all_changes_deployed, false, 'the draft (v2 code) is not what runs');
    });
  });
}
