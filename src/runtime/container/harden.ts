// Defense in depth for the container's own realm. User code runs in a vm context of its own, but
// values of this realm reach it anyway (Buffer, URL, fetch's Response, required modules), and
// from any function of this realm `.constructor` used to lead to this realm's Function and so to
// `process`. Both are closed here, before user code runs. This is not the isolation boundary:
// the worker thread / child process (with Node's permission model) is. See docs/runtime.md.

type Exit = (reason: string) => void;

function denied(name: string): () => never {
  return function denied() {
    throw new Error(`process.${name}() is not available to user code`);
  };
}

/**
 * Neuters the process methods that reach outside the container (signals to other pids, native
 * bindings and addons, replacing the process) and routes `process.exit` to `onExit`, which ends
 * this container only.
 */
export function hardenProcess(onExit: Exit): void {
  const p = process as unknown as Record<string, unknown>;
  const names = [
    'kill', '_kill', 'binding', '_linkedBinding', 'dlopen', 'getBuiltinModule', 'abort', 'execve',
    'chdir', 'setuid', 'setgid', 'seteuid', 'setegid', 'setgroups', 'initgroups', 'loadEnvFile',
    '_debugProcess', '_debugEnd', '_startProfilerIdleNotifier', '_stopProfilerIdleNotifier',
  ];
  for (const name of names) {
    if (typeof p[name] === 'function') Object.defineProperty(p, name, { value: denied(name), writable: false, configurable: false });
  }
  const report = p.report as Record<string, unknown> | undefined;
  if (report && typeof report === 'object') {
    for (const name of ['writeReport', 'getReport']) {
      try {
        Object.defineProperty(report, name, { value: denied(`report.${name}`), writable: false, configurable: false });
      } catch {
        // Not configurable on this Node version: nothing more to do.
      }
    }
  }
  Object.defineProperty(p, 'exit', {
    value: function exit(code?: unknown) {
      onExit(`process.exit(${typeof code === 'number' ? code : ''}) was called`);
    },
    writable: false,
    configurable: false,
  });
}

/**
 * Makes `.constructor` of every function kind of this realm a function that refuses to compile
 * code. It keeps the real names so that `fn.constructor.name === 'AsyncFunction'` checks still
 * work. The global `Function` stays usable by this realm's own code (packages like ajv).
 */
export function closeFunctionConstructors(): void {
  const kinds: Array<[object, string]> = [
    [Function.prototype, 'Function'],
    [Object.getPrototypeOf(async function () {}), 'AsyncFunction'],
    [Object.getPrototypeOf(function* () {}), 'GeneratorFunction'],
    [Object.getPrototypeOf(async function* () {}), 'AsyncGeneratorFunction'],
  ];
  for (const [proto, name] of kinds) {
    const blocked = {
      [name]: function () {
        throw new EvalError('Code generation from this realm is not available to user code');
      },
    }[name];
    Object.defineProperty(proto, 'constructor', { value: blocked, writable: false, enumerable: false, configurable: false });
  }
}

/**
 * Refuses to wrap an existing file descriptor in a socket (`new net.Socket({ fd })`,
 * `net.connect({ fd })`, `server.listen({ fd })`, or a raw handle's `open(fd)`). A worker thread
 * shares its process's descriptor table: on the worker backend that is the worker host's (its IPC
 * channel to the server), and this keeps user code off it. Must run before `hardenProcess` (it needs
 * `process.binding`) and after the container's own stdio streams exist (they are opened by fd).
 */
export function closeDescriptorAdoption(): void {
  const p = process as unknown as { noDeprecation?: boolean; binding?: (name: string) => Record<string, { prototype: object } | undefined> };
  void process.stdout;
  void process.stderr;
  const quiet = p.noDeprecation;
  p.noDeprecation = true;
  try {
    for (const [binding, name] of [['tcp_wrap', 'TCP'], ['pipe_wrap', 'Pipe'], ['udp_wrap', 'UDP']] as const) {
      let handleClass: { prototype: object } | undefined;
      try {
        handleClass = p.binding?.(binding)[name];
      } catch {
        // Under the permission model the binding is refused; the child owns its descriptors anyway.
        continue;
      }
      if (handleClass) {
        Object.defineProperty(handleClass.prototype, 'open', {
          value: function open() {
            throw new Error('Opening an existing file descriptor is not available to user code');
          },
          writable: false,
          configurable: false,
        });
      }
    }
  } finally {
    p.noDeprecation = quiet;
  }
}
