// The harness every Action runs in (RunRequest.harness, src/runtime/container/harness.ts):
// trusted JavaScript evaluated once per container in the user's vm context. It loads the
// Action's module (with `require('actions:<name>')` resolving the pinned Action Modules),
// checks the handler is an async function, builds `event` and the trigger's `api` out of the
// user realm's own objects, awaits the handler and returns the recorded commands as plain data.
// A throw of the handler propagates (its commands are discarded, actions.md §5.5).
//
// Input (args[0], plain data, HarnessInput below) and output ({ commands, skipped }) are the
// contract with run-action.ts in this folder.
import { createHash } from 'node:crypto';
import { apiSource } from './api.ts';
import { cacheSource } from './cache.ts';
import { tokenSource } from './token.ts';

export interface HarnessInput {
  readonly trigger: string;
  readonly event: Record<string, unknown>;
  /** onContinuePostLogin: the continuing Action must export it. */
  readonly continuing: boolean;
  /** The suspended flow's state, checked by validateToken. */
  readonly state?: string;
  readonly canRedirect: boolean;
  readonly now: number;
  readonly cache: ReadonlyArray<{ key: string; value: string; expires_at: number }>;
  readonly limits: Readonly<Record<string, number>>;
  /** Pinned Action Modules by name: version id, source and that version's secrets. */
  readonly modules: Readonly<Record<string, { id: string; source: string; secrets: Record<string, string> }>>;
}

const source = String.raw`(function gatehouseActionsHarness(tools) {
  'use strict';
  const ObjectProto = Object.prototype;
  const { freeze, keys, assign, getPrototypeOf } = Object;
  const isArray = Array.isArray;
  const stringify = JSON.stringify;
  const parse = JSON.parse;
  const DateNow = Date.now;
  const BufferClass = Buffer;
  let cryptoCache;
  function cryptoModule() { return cryptoCache || (cryptoCache = tools.require('crypto')); }
` + cacheSource + tokenSource + apiSource + String.raw`
  const loaded = new Map();
  function moduleRequire(id) {
    if (typeof id === 'string' && id.startsWith('actions:')) throw new Error("Cannot find module '" + id + "': Action Modules cannot require other Action Modules");
    return tools.require(id);
  }
  function loadModule(name, pins) {
    const pin = Object.prototype.hasOwnProperty.call(pins, name) ? pins[name] : undefined;
    if (pin === undefined) throw new Error("Cannot find module 'actions:" + name + "': the Action does not pin a version of it");
    let entry = loaded.get(pin.id);
    if (entry === undefined) {
      const module = { exports: {} };
      const actions = freeze({ secrets: freeze(assign({}, pin.secrets)) });
      try {
        const fn = tools.compile('module-' + name + '-' + pin.id, pin.source, ['exports', 'require', 'module', 'actions']);
        fn.call(module.exports, module.exports, moduleRequire, module, actions);
        entry = { exports: module.exports };
      } catch (err) {
        entry = { error: err };
      }
      loaded.set(pin.id, entry);
    }
    if (entry.error !== undefined) throw entry.error;
    return entry.exports;
  }

  return function run(call) {
    const input = call.args[0];
    const pins = input.modules;
    const mod = call.load(function require(id) {
      if (typeof id === 'string' && id.startsWith('actions:')) return loadModule(id.slice(8), pins);
      return tools.require(id);
    });
    if (mod.error !== undefined) throw mod.error;
    const exported = mod.exports;
    if (exported === null || (typeof exported !== 'object' && typeof exported !== 'function')) throw new Error('The Action must export an object.');
    const name = call.entryPoint;
    const handler = exported[name];
    if (handler === undefined && !input.continuing) return { commands: [], skipped: true };
    if (typeof handler !== 'function' || !handler.constructor || handler.constructor.name !== 'AsyncFunction') {
      throw new Error('Invalid function signature for the "' + name + '" handler. Use "exports.' + name + ' = async function(event, api) { }" as the signature.');
    }
    const commands = [];
    const record = (api, args) => { commands.push({ api, args }); };
    const event = input.event;
    const ctx = {
      trigger: input.trigger, event, record, limits: input.limits, continuing: input.continuing,
      state: input.state, canRedirect: input.canRedirect,
    };
    ctx.cache = makeCache(input.cache, input.limits, input.now, record);
    const api = buildApi(ctx);
    return handler.call(exported, event, api).then(() => ({ commands, skipped: false }));
  };
})`;

/** The harness as RunRequest.harness wants it: the id is a hash, so a changed harness is sent anew. */
export const actionsHarness = Object.freeze({
  id: `actions-${createHash('sha256').update(source).digest('hex').slice(0, 16)}`,
  source,
});
