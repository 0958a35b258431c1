import { ruleTester, rule } from './tester.ts';

// The plugin's processor wraps `function (…) {…}` files in parentheses (test/lint/script-processor.test.ts);
// here the code is given already wrapped, as the rule sees it.
ruleTester().run('no-anonymous-script', rule('no-anonymous-script'), {
  valid: [
    { code: 'function login(email, password, callback) { callback(null); }', filename: 'login.js' },
    { code: 'exports.onExecutePostLogin = async (event, api) => {};', filename: 'code.js' },
    { code: '(function helper() {})();', filename: 'util.js' },
  ],
  invalid: [
    {
      code: '(function (email, password, callback) { callback(null); })',
      filename: 'database-connections/legacy/login.js',
      output: '(function login(email, password, callback) { callback(null); })',
      errors: [{ messageId: 'anonymous', data: { name: 'login' } }],
    },
    {
      code: '(async function (email, callback) { callback(null); })',
      filename: 'get_user.js',
      output: '(async function getByEmail(email, callback) { callback(null); })',
      errors: [{ messageId: 'anonymous', data: { name: 'getByEmail' } }],
    },
    {
      // Not named after a script: reported, but there is no name to give it.
      code: '((user, callback) => { callback(null); })',
      filename: 'script.js',
      output: null,
      errors: [{ messageId: 'anonymous' }],
    },
  ],
});
