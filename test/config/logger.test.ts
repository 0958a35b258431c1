import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { createLogger, scrubUrl } from '../../src/config/index.ts';

function capture(): { stream: Writable; text: () => string } {
  const chunks: string[] = [];
  const stream = new Writable({ write(chunk, _enc, done) { chunks.push(String(chunk)); done(); } });
  return { stream, text: () => chunks.join('') };
}

test('sensitive keys are redacted at any depth, other values kept', () => {
  const out = capture();
  const logger = createLogger({ level: 'trace', destination: out.stream });
  logger.info({
    user: 'alice@example.com',
    password: 'pw-top-1',
    body: { client_secret: 'cs-2', nested: { deeper: { refresh_token: 'rt-3', newPassword: 'pw-4', list: [{ secretKey: 'sk-5' }] } } },
    headers: { authorization: 'Basic YWxpY2U6cHctNg==', cookie: 'sid=c-7', 'user-agent': 'test-agent' },
  }, 'something happened');
  logger.child({ session: { id_token: 'it-8' } }).warn('child');
  const err = Object.assign(new Error('failed'), { config: { password: 'pw-9' } });
  logger.error({ err }, 'with error');
  const text = out.text();
  for (const secret of ['pw-top-1', 'cs-2', 'rt-3', 'pw-4', 'sk-5', 'YWxpY2U6cHctNg', 'c-7', 'it-8', 'pw-9']) {
    assert.ok(!text.includes(secret), `${secret} leaked into the log`);
  }
  assert.ok(text.includes('alice@example.com'));
  assert.ok(text.includes('test-agent'));
  assert.ok(text.includes('[Redacted]'));
  assert.ok(text.includes('"message":"failed"'), 'errors keep their message');
  for (const line of text.trim().split('\n')) JSON.parse(line);
});

test('dictionaries without Object.prototype (as query-string parsers build) are scrubbed too', () => {
  const out = capture();
  const logger = createLogger({ destination: out.stream });
  function Empty() {}
  Empty.prototype = Object.create(null);
  const form = new (Empty as unknown as new () => Record<string, string>)();
  form.username = 'bob';
  form.password = 'pw-form-1';
  const bare = Object.assign(Object.create(null) as Record<string, string>, { client_secret: 'cs-bare-2' });
  logger.info({ form, bare }, 'forms');
  assert.ok(!out.text().includes('pw-form-1'));
  assert.ok(!out.text().includes('cs-bare-2'));
  assert.ok(out.text().includes('"username":"bob"'));
});

test('request URLs lose the values of codes, tokens and secrets', () => {
  assert.equal(scrubUrl('/cb?code=abc&state=xyz'), '/cb?code=[Redacted]&state=xyz');
  assert.equal(scrubUrl('/x?access_token=t1&client_secret=s1&a=1'), '/x?access_token=[Redacted]&client_secret=[Redacted]&a=1');
  assert.equal(scrubUrl('/healthz'), '/healthz');
});
