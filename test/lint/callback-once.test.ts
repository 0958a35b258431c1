import { ruleTester, rule } from './tester.ts';

ruleTester().run('callback-once', rule('callback-once'), {
  valid: [
    'function login(email, password, callback) { if (!email) return callback(new Error("x")); callback(null, { user_id: "1" }); }',
    'function login(email, password, callback) { if (!email) { callback(new Error("x")); } else { callback(null); } }',
    // The callback handed to another function (a driver) counts as calling back.
    'function getByEmail(email, callback) { db.query("select", [email], callback); }',
    'function getByEmail(email, callback) { db.query("select", [email], function (err, rows) { if (err) return callback(err); callback(null, rows[0]); }); }',
    `async function login(email, password, callback) {
       try { const user = await find(email); return callback(null, user); }
       catch (err) { return callback(err); }
     }`,
    `function login(email, password, callback) {
       fetch(url, { signal: AbortSignal.timeout(5000) })
         .then((r) => { if (!r.ok) return callback(new Error('HTTP ' + r.status)); return r.json(); })
         .then((body) => callback(null, body))
         .catch((err) => callback(err));
     }`,
    'function login(email, password, callback) { switch (email) { case "a": return callback(null); default: return callback(new WrongUsernameOrPasswordError(email)); } }',
    // A path that ends in throw is reported by the runtime, not hung.
    'function verify(email, callback) { if (!email) throw new Error("no email"); callback(null, true); }',
    // Not a script: no callback parameter.
    'function helper(a, b) { if (a) b(); b(); }',
  ],
  invalid: [
    {
      code: 'function login(email, password, callback) { if (!email) callback(new Error("x")); callback(null, { user_id: "1" }); }',
      errors: [{ messageId: 'twice', data: { callback: 'callback' }, line: 1, column: 83 }],
    },
    {
      code: 'function login(email, password, callback) { if (email === "a") return callback(null); }',
      errors: [{ messageId: 'never', data: { script: 'login', callback: 'callback' } }],
    },
    {
      code: 'function getByEmail(email, callback) { db.query("select", function (err, rows) { if (err) callback(err); callback(null, rows[0]); }); }',
      errors: [{ messageId: 'twice' }],
    },
    {
      // Twice with two rows, never with none.
      code: 'function remove(id, cb) { for (const row of rows) { cb(null); } }',
      errors: [{ messageId: 'never', data: { script: 'remove', callback: 'cb' } }, { messageId: 'twice', data: { callback: 'cb' } }],
    },
    {
      code: `async function login(email, password, callback) {
         try { const user = await find(email); callback(null, user); }
         catch (err) { console.error('lookup failed'); }
       }`,
      errors: [{ messageId: 'never' }],
    },
    {
      code: 'async function create(user, callback) { await save(user); }',
      errors: [{ messageId: 'never', data: { script: 'create', callback: 'callback' } }],
    },
  ],
});
