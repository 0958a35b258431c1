// A thrown error reaches the host as a typed value, name and message (and Auth0 fields such as
// `code`), never as a crash (SPEC.md §2 "errors"; custom-db.md §4). The container is not
// recycled for it: the script's `global` survives.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { assertServesOthers, backends, expectKind, readMark, runScript, setMark, startRunner } from '../../helpers/runtime.ts';
import type { TestRunner, UserError } from '../../helpers/runtime.ts';

const thrown: Record<string, { source: string; expect: Partial<UserError> }> = {
  'a TypeError': {
    source: 'function login(e, p, callback) { throw new TypeError("bad things " + e); }',
    expect: { name: 'TypeError', message: 'bad things a@example.com' },
  },
  'a WrongUsernameOrPasswordError': {
    source: 'function login(e, p, callback) { throw new WrongUsernameOrPasswordError(e, "nope"); }',
    expect: { name: 'WrongUsernameOrPasswordError', message: 'nope', user_id: 'a@example.com' },
  },
  'a ValidationError': {
    source: 'function login(e, p, callback) { throw new ValidationError("user_exists", "exists"); }',
    expect: { name: 'ValidationError', code: 'user_exists', message: 'exists' },
  },
  'a string': {
    source: 'function login(e, p, callback) { throw "plain words"; }',
    expect: { message: 'plain words' },
  },
  'an error whose getters throw': {
    source: `function login(e, p, callback) {
      var err = new Error("booby-trapped");
      Object.defineProperty(err, "code", { get: function () { throw new Error("gotcha"); } });
      Object.defineProperty(err, "description", { get: function () { throw new Error("gotcha"); } });
      throw err;
    }`,
    expect: { name: 'Error', message: 'booby-trapped' },
  },
  'a Proxy': {
    source: 'function login(e, p, callback) { throw new Proxy({}, { get: function () { throw new Error("gotcha"); }, ownKeys: function () { throw new Error("gotcha"); } }); }',
    expect: {},
  },
};

for (const backend of backends()) {
  describe(`throws synchronously [${backend}]`, () => {
    let runner: TestRunner;
    before(() => { runner = startRunner(backend); });
    after(() => runner.dispose());

    for (const [name, { source, expect }] of Object.entries(thrown)) {
      it(`${name}: user-error, container kept`, async () => {
        const tenant = `thrower-${name.replace(/\W+/g, '-')}`;
        const marked = await setMark(runner, tenant);
        const outcome = expectKind(await runScript(runner, source, { tenant, codeId: 'throw', args: ['a@example.com', 'pw'] }), 'user-error');
        for (const [field, value] of Object.entries(expect)) {
          assert.equal(outcome.error[field as keyof UserError], value, `${field} of ${JSON.stringify(outcome.error)}`);
        }
        assert.equal(typeof outcome.error.name, 'string');
        assert.equal(typeof outcome.error.message, 'string');
        const still = await readMark(runner, tenant);
        assert.equal(still.mark, marked.mark, 'a thrown error is not a reason to recycle');
        await assertServesOthers(runner);
      });
    }
  });
}
