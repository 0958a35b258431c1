import { test } from 'node:test';
import assert from 'node:assert/strict';
import { checkPassword, policyOf, ruleText, type PasswordPolicy } from '../../../src/flows/native-db/index.ts';

// Each level's boundary, from Auth0's definitions (password-sheriff presets).
const cases: Record<PasswordPolicy, { accept: string[]; reject: string[] }> = {
  none: { accept: ['a', ' '], reject: [''] },
  low: { accept: ['abcdef', 'aaaaaa'], reject: ['abcde', ''] },
  fair: { accept: ['abcdefG1', 'ABCDEFg9x'], reject: ['abcdefg1', 'ABCDEFG1', 'abcdefGh', 'abcdG1', 'abcdefG!'] },
  good: { accept: ['abcdefG1', 'abcdef1!', 'ABCDEF1!', 'abcdeF!!', 'pass word1'], reject: ['abcdefgh', 'abcdefg1', 'ABCDEF12', 'abG1!', 'abcd!!!!'] },
  excellent: { accept: ['abcdefGh1!', 'aabbccDD11'], reject: ['abcdefG1!', 'aaabcdefG1!', 'abcdefghij', 'abcdefgh12'] },
};

for (const [policy, { accept, reject }] of Object.entries(cases) as [PasswordPolicy, (typeof cases)[PasswordPolicy]][]) {
  test(`policy ${policy} accepts ${accept.length} and rejects ${reject.length} boundary passwords`, () => {
    for (const p of accept) assert.equal(checkPassword(policy, p).verified, true, `${policy} should accept ${JSON.stringify(p)}`);
    for (const p of reject) assert.equal(checkPassword(policy, p).verified, false, `${policy} should reject ${JSON.stringify(p)}`);
  });
}

test('the rule report has password-sheriff\'s shape, each item marked', () => {
  const { rules, verified } = checkPassword('good', 'abc');
  assert.equal(verified, false);
  assert.deepEqual(rules, [
    { message: 'At least %d characters in length', format: [8], code: 'lengthAtLeast', verified: false },
    {
      message: 'Contain at least %d of the following %d types of characters:', format: [3, 4], code: 'containsAtLeast', verified: false,
      items: [
        { message: 'lower case letters (a-z)', code: 'lowerCase', verified: true },
        { message: 'upper case letters (A-Z)', code: 'upperCase', verified: false },
        { message: 'numbers (i.e. 0-9)', code: 'numbers', verified: false },
        { message: 'special characters (e.g. !@#$%^&*)', code: 'specialCharacters', verified: false },
      ],
    },
  ]);
});

test('excellent reports the identical-characters rule; none reports non-empty', () => {
  const excellent = checkPassword('excellent', 'aaaBBB111!!');
  assert.deepEqual(excellent.rules.at(-1), {
    message: 'No more than %d identical characters in a row (e.g., "%s" not allowed)', format: [2, 'aaa'], code: 'identicalChars', verified: false,
  });
  assert.equal(ruleText(excellent.rules.at(-1)!), 'No more than 2 identical characters in a row (e.g., "aaa" not allowed)');
  assert.deepEqual(checkPassword('none', '').rules, [{ message: 'Non-empty password required', code: 'nonEmpty', verified: false }]);
});

test('fair lists all three character sets as required', () => {
  const rule = checkPassword('fair', 'abcdefgh').rules[1];
  assert.equal(rule.code, 'shouldContain');
  assert.deepEqual(rule.items?.map((i) => [i.code, i.verified]), [['lowerCase', true], ['upperCase', false], ['numbers', false]]);
});

test('a connection without a policy gets good; min_length raises the length rule', () => {
  assert.deepEqual(policyOf({}), { policy: 'good' });
  assert.deepEqual(policyOf({ passwordPolicy: 'nonsense' }), { policy: 'good' });
  assert.deepEqual(policyOf({ passwordPolicy: 'low', password_complexity_options: { min_length: 12 } }), { policy: 'low', minLength: 12 });
  assert.equal(checkPassword('low', 'abcdefghijk', 12).verified, false);
  assert.equal(checkPassword('low', 'abcdefghijkl', 12).verified, true);
});
