import { ruleTester, rule } from './tester.ts';

const limit = 102_400;
// Built from the limit so the boundary itself is tested: exactly at the limit passes, one byte over fails.
const padTo = (bytes: number) => `// ${'x'.repeat(bytes - 4)}\n`;
const multiByte = `// ${'é'.repeat(51_200)}\n`; // 2 bytes per character: 102,404 bytes in 51,204 characters

ruleTester().run('max-script-size', rule('max-script-size'), {
  valid: [
    'function login(email, password, callback) { callback(null); }',
    { name: 'exactly 102,400 bytes', code: padTo(limit) },
    { name: '100 bytes with maxBytes 100', code: padTo(100), options: [{ maxBytes: 100 }] },
  ],
  invalid: [
    { name: '102,401 bytes', code: padTo(limit + 1), errors: [{ messageId: 'tooLarge', data: { size: '102,401', max: '102,400' } }] },
    { name: '102,404 bytes in 51,204 two-byte characters', code: multiByte, errors: [{ messageId: 'tooLarge', data: { size: '102,404', max: '102,400' } }] },
    { name: '101 bytes with maxBytes 100', code: padTo(101), options: [{ maxBytes: 100 }], errors: [{ messageId: 'tooLarge', data: { size: '101', max: '100' } }] },
  ],
});
