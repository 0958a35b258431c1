// The container's one vm context (created once; `global` survives between calls) and the host
// functions behind its globals. Everything user code calls back into lands here, in the
// container's realm, and is attributed to the execution found in the async context.
import { Buffer } from 'node:buffer';
import * as nodeCrypto from 'node:crypto';
import { formatWithOptions, types } from 'node:util';
import vm from 'node:vm';
import { addLine, executions, type Execution } from './execution.ts';
import { innerRealmSource } from './inner-realm.ts';
import type { RequireResult } from './require.ts';

export interface Toolkit {
  copyIn(value: unknown): unknown;
  makeConfiguration(value: unknown): unknown;
  makeCallback(notify: (err: unknown, value: unknown) => void): (...args: unknown[]) => void;
  makeModule(): { exports: unknown };
  require: (id: string) => unknown;
}

export interface SandboxHooks {
  /** Sends a host-capability call; `done(ok, valueOrMessage)` is called with the reply. */
  call(exec: Execution, name: string, args: unknown[], done: (ok: boolean, value: unknown) => void): void;
  /** Resolves a `require` for the execution's declared dependencies. */
  require(exec: Execution, id: unknown): RequireResult;
  /** Schedules sending the execution's pending log lines. */
  flushSoon(exec: Execution): void;
  /** A user callback (timer, microtask) threw outside of any awaited call. */
  late(exec: Execution | undefined, err: unknown): void;
}

export interface Sandbox {
  readonly context: vm.Context;
  readonly toolkit: Toolkit;
}

type TimerKind = 'timeout' | 'interval' | 'immediate';
type NodeTimer = ReturnType<typeof setTimeout> | ReturnType<typeof setImmediate>;

const inspectOptions = { depth: 4, maxArrayLength: 50, breakLength: Infinity, compact: 3 } as const;

export function createSandbox(hooks: SandboxHooks): Sandbox {
  const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, { name: 'gatehouse-user' });
  const timers = new Map<number, { kind: TimerKind; timer: NodeTimer }>();
  let nextTimer = 0;

  const classes = {
    Buffer, URL, URLSearchParams, TextEncoder, TextDecoder, AbortController, AbortSignal, Blob, Event, EventTarget,
    // Node's crypto module is a superset of WebCrypto (subtle, getRandomValues, randomUUID), so
    // scripts written for either see what they expect.
    crypto: nodeCrypto,
  };
  for (const [name, value] of Object.entries(classes)) {
    Object.defineProperty(context, name, { value, writable: true, enumerable: false, configurable: true });
  }
  // Reading these loads undici (tens of ms): only on first use, not on every container start.
  for (const name of ['Headers', 'Request', 'Response', 'FormData'] as const) {
    Object.defineProperty(context, name, {
      get() {
        const value = globalThis[name];
        Object.defineProperty(context, name, { value, writable: true, enumerable: false, configurable: true });
        return value;
      },
      set(value: unknown) {
        Object.defineProperty(context, name, { value, writable: true, enumerable: false, configurable: true });
      },
      enumerable: false,
      configurable: true,
    });
  }

  function current(): Execution | undefined {
    return executions.getStore();
  }

  const host = {
    isDate: (v: unknown) => types.isDate(v),
    time: (v: Date) => Date.prototype.getTime.call(v),
    isMap: (v: unknown) => types.isMap(v),
    isSet: (v: unknown) => types.isSet(v),
    entries: (m: Map<unknown, unknown>) => [...Map.prototype.entries.call(m)],
    values: (s: Set<unknown>) => [...Set.prototype.values.call(s)],
    isPlain: (v: object) => {
      const proto = Object.getPrototypeOf(v);
      return proto === null || proto === Object.prototype || Object.getPrototypeOf(proto) === null;
    },
    setTimer(kind: TimerKind, fn: (...a: unknown[]) => unknown, ms: unknown, args: unknown[]): number {
      const exec = current();
      const id = ++nextTimer;
      const fire = (): void => {
        if (kind !== 'interval') timers.delete(id);
        try {
          Reflect.apply(fn, undefined, args);
        } catch (err) {
          hooks.late(exec, err);
        }
      };
      // Node's coercion: numeric strings count, anything else is 0 (then 1 ms, as in Node).
      const asNumber = Number(ms);
      const delay = Number.isFinite(asNumber) && asNumber > 0 ? asNumber : 0;
      const timer = kind === 'immediate' ? setImmediate(fire) : kind === 'interval' ? setInterval(fire, delay) : setTimeout(fire, delay);
      timers.set(id, { kind, timer });
      return id;
    },
    clearTimer(id: unknown): void {
      const entry = typeof id === 'number' ? timers.get(id) : undefined;
      if (!entry) return;
      timers.delete(id as number);
      if (entry.kind === 'immediate') clearImmediate(entry.timer as ReturnType<typeof setImmediate>);
      else clearTimeout(entry.timer as ReturnType<typeof setTimeout>);
    },
    timerRef(id: number, on: boolean): void {
      const t = timers.get(id)?.timer;
      if (t) {
        if (on) t.ref();
        else t.unref();
      }
    },
    timerHasRef: (id: number) => timers.get(id)?.timer.hasRef() ?? false,
    timerRefresh(id: number): void {
      const entry = timers.get(id);
      if (entry && entry.kind !== 'immediate') (entry.timer as ReturnType<typeof setTimeout>).refresh();
    },
    microtask(fn: () => unknown): void {
      const exec = current();
      queueMicrotask(() => {
        try {
          fn();
        } catch (err) {
          hooks.late(exec, err);
        }
      });
    },
    log(level: 'log' | 'info' | 'warn' | 'error' | 'debug', args: unknown[]): void {
      const exec = current();
      // Past the cap a line costs a counter, not a format: 10,000 lines must stay cheap.
      if (!exec || exec.settled) return;
      if (exec.budget.truncated) {
        exec.budget.dropped += 1;
        return;
      }
      let message: string;
      try {
        message = formatWithOptions(inspectOptions, ...args);
      } catch {
        message = '[unprintable value]';
      }
      if (addLine(exec, level, message)) hooks.flushSoon(exec);
    },
    call(name: string, args: unknown[], done: (ok: boolean, value: unknown) => void): void {
      const exec = current();
      if (!exec || exec.settled) {
        done(false, 'host capabilities can only be called during an execution');
        return;
      }
      if (!exec.capabilities.has(name)) {
        done(false, `Unknown host capability "${name}"`);
        return;
      }
      hooks.call(exec, name, [...args], done);
    },
    fetch: (input: unknown, init: unknown) => fetch(input as string, init as RequestInit),
    structuredClone: (value: unknown, options: unknown) => structuredClone(value, options as Parameters<typeof structuredClone>[1]),
    atob: (data: unknown) => atob(String(data)),
    btoa: (data: unknown) => btoa(String(data)),
    require(id: unknown): RequireResult {
      const exec = current();
      if (!exec) return { ok: false, message: 'require is only available during an execution', code: 'ERR_REQUIRE' };
      return hooks.require(exec, id);
    },
    configuration(): unknown {
      const exec = current();
      if (!exec) return undefined;
      if (exec.configuration === undefined) exec.configuration = toolkit.makeConfiguration({ ...exec.configurationSource });
      return exec.configuration;
    },
  };

  const bootstrap = new vm.Script(innerRealmSource, { filename: 'gatehouse:inner-realm.js' }).runInContext(context) as (h: typeof host) => Toolkit;
  const toolkit = bootstrap(host);
  return { context, toolkit };
}
