// The process transport sends a fresh child one throw-away message (to compile Node's receive
// path while it is a spare); the child's entry must recognise it and never hand it to serve().
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { deserialize, serialize } from 'node:v8';
import { channelWarmUp, isChannelWarmUp } from '../../../src/runtime/container/channel-warm-up.ts';

describe('channel warm-up message', () => {
  it('is recognised after crossing the IPC channel (advanced serialization)', () => {
    assert.equal(isChannelWarmUp(deserialize(serialize(channelWarmUp))), true);
  });

  it('is never mistaken for a run or anything else the host sends', () => {
    assert.notEqual(channelWarmUp.type, 'run');
    assert.equal(isChannelWarmUp({ ...channelWarmUp, type: 'run' }), false);
    assert.equal(isChannelWarmUp({ type: 'capability-result', runId: 1, callId: 1, ok: true, value: null }), false);
    for (const junk of [null, undefined, 'channel-warm-up', 0, []]) assert.equal(isChannelWarmUp(junk), false);
  });
});
