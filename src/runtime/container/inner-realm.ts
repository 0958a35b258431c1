// Source evaluated once inside each container's vm context, before any user code. It builds the
// user-visible globals out of the context's OWN intrinsics, so that the functions and error
// classes user code touches belong to the context's realm: `instanceof Error` holds there, and
// `fn.constructor.constructor('…')` compiles in the context (where no `process` exists), not in
// the container's realm. Everything it needs from outside arrives as the `host` functions; it
// captures the intrinsics it relies on before user code can replace them.
//
// `host` (container realm) provides: isDate, time, isMap, isSet, isPlain, setTimer, clearTimer,
// timerRef, timerHasRef, timerRefresh, microtask, log, call, fetch, structuredClone, atob, btoa,
// require, configuration.

export const innerRealmSource = String.raw`'use strict';
(function bootstrap(host) {
  const g = globalThis;
  const { defineProperty, freeze, keys, isFrozen } = Object;
  const { apply } = Reflect;
  const isArray = Array.isArray;
  const InnerPromise = Promise;
  const InnerError = Error;
  const InnerDate = Date;
  const InnerMap = Map;
  const InnerSet = Set;
  const InnerTypeError = TypeError;
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapHas = Map.prototype.has;
  const setAdd = Set.prototype.add;
  const toPrimitive = Symbol.toPrimitive;

  function own(target, key, value) {
    defineProperty(target, key, { value, writable: true, enumerable: true, configurable: true });
  }

  // Copies data that arrived by structured clone (container realm) into this realm.
  function copyIn(value, seen) {
    if (value === null || typeof value !== 'object') return value;
    if (seen === undefined) seen = new InnerMap();
    if (apply(mapHas, seen, [value])) return apply(mapGet, seen, [value]);
    if (host.isDate(value)) return new InnerDate(host.time(value));
    if (isArray(value)) {
      const out = [];
      apply(mapSet, seen, [value, out]);
      for (let i = 0; i < value.length; i++) own(out, i, copyIn(value[i], seen));
      return out;
    }
    if (host.isMap(value)) {
      const out = new InnerMap();
      apply(mapSet, seen, [value, out]);
      for (const [k, v] of host.entries(value)) apply(mapSet, out, [copyIn(k, seen), copyIn(v, seen)]);
      return out;
    }
    if (host.isSet(value)) {
      const out = new InnerSet();
      apply(mapSet, seen, [value, out]);
      for (const v of host.values(value)) apply(setAdd, out, [copyIn(v, seen)]);
      return out;
    }
    if (!host.isPlain(value)) return value;
    const out = {};
    apply(mapSet, seen, [value, out]);
    for (const k of keys(value)) own(out, k, copyIn(value[k], seen));
    return out;
  }

  function deepFreeze(value) {
    if (value !== null && typeof value === 'object' && !isFrozen(value)) {
      freeze(value);
      for (const k of keys(value)) deepFreeze(value[k]);
    }
    return value;
  }

  // Auth0's sandbox error types (custom-db.md §4): own name, code, message and Auth0 fields.
  class WrongUsernameOrPasswordError extends InnerError {
    constructor(userIdOrEmail, message) {
      super(message === undefined ? 'Wrong email or password.' : message);
      own(this, 'name', 'WrongUsernameOrPasswordError');
      own(this, 'code', 'wrongusernameorpassword');
      own(this, 'user_id', userIdOrEmail);
      own(this, 'status_code', 400);
    }
  }
  class ValidationError extends InnerError {
    constructor(code, message) {
      super(message);
      own(this, 'name', 'ValidationError');
      own(this, 'code', code);
      own(this, 'description', message);
      own(this, 'status_code', 400);
    }
  }
  class UnauthorizedError extends InnerError {
    constructor(message) {
      super(message);
      own(this, 'name', 'UnauthorizedError');
      own(this, 'code', 'unauthorized');
      own(this, 'description', message);
      own(this, 'status_code', 401);
    }
  }

  // Timers hand out objects of this realm (Node's Timeout would expose the container's realm).
  class Timeout {
    #id;
    constructor(id) { this.#id = id; }
    ref() { host.timerRef(this.#id, true); return this; }
    unref() { host.timerRef(this.#id, false); return this; }
    hasRef() { return host.timerHasRef(this.#id); }
    refresh() { host.timerRefresh(this.#id); return this; }
    close() { host.clearTimer(this.#id); return this; }
    [toPrimitive]() { return this.#id; }
  }
  function timerId(handle) {
    if (handle === null || handle === undefined) return 0;
    if (typeof handle === 'object') return +handle;
    return typeof handle === 'number' ? handle : 0;
  }
  function checkFn(fn) {
    if (typeof fn !== 'function') throw new InnerTypeError('The "callback" argument must be of type function');
  }
  function setTimeout(fn, ms, ...args) { checkFn(fn); return new Timeout(host.setTimer('timeout', fn, ms, args)); }
  function setInterval(fn, ms, ...args) { checkFn(fn); return new Timeout(host.setTimer('interval', fn, ms, args)); }
  function setImmediate(fn, ...args) { checkFn(fn); return new Timeout(host.setTimer('immediate', fn, 0, args)); }
  function clearTimeout(handle) { host.clearTimer(timerId(handle)); }
  function queueMicrotask(fn) { checkFn(fn); host.microtask(fn); }

  const console = {};
  for (const level of ['log', 'info', 'warn', 'error', 'debug']) {
    own(console, level, function (...args) { host.log(level, args); });
  }
  own(console, 'trace', function (...args) { host.log('debug', args); });
  own(console, 'dir', function (...args) { host.log('log', args); });

  function settleInto(resolve, reject) {
    return (ok, value) => (ok ? resolve(copyIn(value)) : reject(new InnerError(String(value))));
  }
  const hostBridge = freeze({
    call(name, ...args) {
      return new InnerPromise((resolve, reject) => host.call(String(name), args, settleInto(resolve, reject)));
    },
  });

  function fetch(input, init) {
    return new InnerPromise((resolve, reject) => { host.fetch(input, init).then(resolve, reject); });
  }
  function structuredClone(value, options) { return copyIn(host.structuredClone(value, options)); }
  function atob(data) { return host.atob(data); }
  function btoa(data) { return host.btoa(data); }

  function require(id) {
    const found = host.require(id);
    if (found.ok) return found.value;
    const err = new InnerError(found.message);
    own(err, 'code', found.code);
    throw err;
  }

  const globals = {
    WrongUsernameOrPasswordError, ValidationError, UnauthorizedError,
    setTimeout, setInterval, setImmediate, clearTimeout, clearInterval: clearTimeout, clearImmediate: clearTimeout,
    queueMicrotask, console, fetch, structuredClone, atob, btoa, require, __host: hostBridge, global: g,
  };
  for (const name of keys(globals)) {
    defineProperty(g, name, { value: globals[name], writable: true, enumerable: false, configurable: true });
  }
  defineProperty(g, 'configuration', { get() { return host.configuration(); }, enumerable: false, configurable: false });

  return freeze({
    copyIn,
    makeConfiguration(value) { return deepFreeze(copyIn(value)); },
    makeCallback(notify) { return function callback(err, value) { notify(err, value); }; },
    makeModule() { const module = { exports: {} }; return module; },
    require,
  });
})`;
