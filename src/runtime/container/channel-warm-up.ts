// A message the host sends a child-process container once, right after starting it, and the
// container drops on arrival. The first message a fresh child receives pays for compiling Node's
// own IPC receive path (read, deserialize, emit): ~0.4 ms of a new tenant's first call on a spare
// here. This one pays it while the container is still a spare. It has the shape of a run message
// so that deserializing it goes through the same paths; it is never handed to serve().

export const channelWarmUp = Object.freeze({
  type: 'channel-warm-up',
  runId: 0,
  kind: 'script',
  codeId: 'gatehouse-warm-up',
  codeVersion: '1',
  source: 'function login(email, password, callback) { callback(null, email); }',
  args: ['warm-up@example.com', 'not-a-password'],
  configuration: {},
  secrets: [],
  modulesDir: null,
  dependencies: {},
  capabilities: [],
  logLimitChars: 256,
});

export function isChannelWarmUp(message: unknown): boolean {
  return typeof message === 'object' && message !== null && (message as { type?: unknown }).type === channelWarmUp.type;
}
