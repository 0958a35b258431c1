// The host's side of one container: dispatches runs, times them, parses every message the
// container sends, answers host-capability calls, and turns whatever happens into Outcomes.
// A run that times out, a malformed message, a crash or an out-of-memory recycles the whole
// container: its pending timers and sockets must never fire into a later call.
import { secretMask } from './limits.ts';
import { admitLine, maskSecrets, newBudget, type CappedLine, type LogBudget } from './container/log-cap.ts';
import { ContainerMessageSchema, type ContainerMessage, type HostMessage, type SettledMessage } from './protocol.ts';
import type { ContainerTransport, ExitReason } from './backends/transport.ts';
import type { Outcome, RunRequest, UserError } from './runner.ts';
import { truncationMarker } from './limits.ts';

export interface Dispatch {
  readonly request: RunRequest;
  readonly timeoutMs: number;
  readonly logLimitChars: number;
  /** Masked in logs and errors (already normalised: non-empty, longest first). */
  readonly secrets: readonly string[];
  readonly modulesDir: string | null;
  /** This call created or was first assigned the container. */
  readonly cold: boolean;
  /** The container was a pre-started spare assigned to this call's key. */
  readonly fromSpare: boolean;
  /** performance.now() when the caller asked, so durations include queueing and start-up. */
  readonly startedAt: number;
}

interface Pending {
  readonly dispatch: Dispatch;
  readonly resolve: (outcome: Outcome) => void;
  timer: ReturnType<typeof setTimeout> | null;
  returned: boolean;
  readonly lines: CappedLine[];
  readonly budget: LogBudget;
}

export interface ContainerClient {
  readonly id: string;
  /** Resolves true once the container can take runs, false if it died first. */
  readonly ready: Promise<boolean>;
  readonly alive: boolean;
  readonly inFlight: number;
  run(dispatch: Dispatch): Promise<Outcome>;
  /** Ends the container; calls in flight end as `crash` "container recycled: <reason>". */
  recycle(reason: string): Promise<void>;
  /** Called once when the container is gone, whatever the reason. */
  onGone(handler: () => void): void;
}

type Failure = Extract<Outcome['kind'], 'timeout' | 'callback-missing' | 'crash' | 'out-of-memory'>;

export function createContainerClient(transport: ContainerTransport): ContainerClient {
  const runs = new Map<number, Pending>();
  const sent = new Map<string, string>();
  const sentHarnesses = new Set<string>();
  const goneHandlers: Array<() => void> = [];
  let alive = true;
  let nextRun = 0;
  let markReady: (ok: boolean) => void = () => {};
  const ready = new Promise<boolean>((resolve) => (markReady = resolve));

  transport.setActive(false);
  transport.onMessage((raw) => {
    const parsed = ContainerMessageSchema.safeParse(raw);
    if (!parsed.success) {
      void fail({ kind: 'crash', message: 'container recycled: it sent a malformed message' });
      return;
    }
    handle(parsed.data);
  });
  transport.onExit((reason) => {
    markReady(false);
    endAll(reason, reason.kind === 'crash' ? `container recycled: ${reason.message}` : reason.message);
    if (alive) {
      alive = false;
      for (const handler of goneHandlers) handler();
    }
  });

  function handle(message: ContainerMessage): void {
    switch (message.type) {
      case 'ready':
        markReady(true);
        return;
      case 'fatal':
        void fail({ kind: 'crash', message: `container recycled: ${message.message}` });
        return;
      case 'returned': {
        const run = runs.get(message.runId);
        if (run) run.returned = true;
        return;
      }
      case 'log': {
        const run = runs.get(message.runId);
        if (run) addLines(run, message.lines);
        return;
      }
      case 'done': {
        const run = runs.get(message.runId);
        if (!run) return;
        addLines(run, message.lines);
        finish(message.runId, settledOutcome(run, message.settled), false);
        return;
      }
      case 'capability-call':
        callCapability(message.runId, message.callId, message.name, message.args);
        return;
    }
  }

  function addLines(run: Pending, lines: readonly CappedLine[]): void {
    for (const line of lines) {
      const kept = admitLine(run.budget, { level: line.level, message: maskSecrets(line.message, run.dispatch.secrets, secretMask) }, truncationMarker);
      if (kept) run.lines.push(kept);
    }
  }

  function settledOutcome(run: Pending, settled: SettledMessage): Partial<Outcome> & { kind: Outcome['kind'] } {
    if (settled.kind === 'result') return { kind: 'result', value: settled.value };
    if (settled.kind === 'rejected') return { kind: 'rejected', message: settled.message };
    const mask = (s: string | undefined): string | undefined => (s === undefined ? undefined : maskSecrets(s, run.dispatch.secrets, secretMask));
    const e = settled.error;
    const error: UserError = {
      name: e.name,
      message: mask(e.message) ?? '',
      ...(e.code !== undefined ? { code: e.code } : {}),
      ...(e.description !== undefined ? { description: mask(e.description) } : {}),
      ...(e.user_id !== undefined ? { user_id: e.user_id } : {}),
      ...(e.status_code !== undefined ? { status_code: e.status_code } : {}),
    };
    return { kind: 'user-error', error };
  }

  function callCapability(runId: number, callId: number, name: string, args: unknown[]): void {
    const run = runs.get(runId);
    if (!run) return;
    const capabilities = run.dispatch.request.capabilities ?? {};
    const reply = (message: HostMessage): void => {
      if (!alive || !runs.has(runId)) return;
      try {
        transport.send(message);
      } catch {
        try {
          transport.send({ type: 'capability-result', runId, callId, ok: false, message: `The result of host capability "${name}" is not serializable` });
        } catch {
          // The container is gone; its exit ends the run.
        }
      }
    };
    if (!Object.hasOwn(capabilities, name)) {
      reply({ type: 'capability-result', runId, callId, ok: false, message: `Unknown host capability "${name}"` });
      return;
    }
    Promise.resolve()
      .then(() => capabilities[name](...args))
      .then(
        (value) => reply({ type: 'capability-result', runId, callId, ok: true, value }),
        (err: unknown) => reply({ type: 'capability-result', runId, callId, ok: false, message: err instanceof Error ? err.message : String(err) }),
      );
  }

  function finish(runId: number, fields: Partial<Outcome> & { kind: Outcome['kind'] }, recycled: boolean): void {
    const run = runs.get(runId);
    if (!run) return;
    runs.delete(runId);
    if (run.timer) clearTimeout(run.timer);
    if (runs.size === 0) transport.setActive(false);
    run.resolve({
      ...fields,
      logs: run.lines,
      logsTruncated: run.budget.truncated,
      durationMs: performance.now() - run.dispatch.startedAt,
      container: { id: transport.id, cold: run.dispatch.cold, recycled, fromSpare: run.dispatch.fromSpare },
    } as Outcome);
  }

  function endAll(reason: { kind: Failure | ExitReason['kind'] }, message: string): void {
    for (const runId of [...runs.keys()]) finish(runId, { kind: reason.kind, message }, true);
  }

  async function fail(reason: { kind: Failure; message: string }): Promise<void> {
    endAll(reason, reason.message);
    await end();
  }

  async function end(): Promise<void> {
    if (alive) {
      alive = false;
      for (const handler of goneHandlers) handler();
    }
    await transport.kill();
  }

  function timedOut(runId: number): void {
    const run = runs.get(runId);
    if (!run) return;
    const { request, timeoutMs } = run.dispatch;
    const missing = request.kind === 'script' && run.returned;
    finish(runId, missing
      ? { kind: 'callback-missing', message: `The script returned without calling back within ${timeoutMs} ms` }
      : { kind: 'timeout', message: `Execution time exceeded (${timeoutMs} ms)` }, true);
    void fail({ kind: 'crash', message: 'container recycled: another call in it timed out' });
  }

  return {
    id: transport.id,
    ready,
    get alive() {
      return alive;
    },
    get inFlight() {
      return runs.size;
    },
    async run(dispatch) {
      const runId = ++nextRun;
      const outcome = new Promise<Outcome>((resolve) => {
        runs.set(runId, { dispatch, resolve, timer: null, returned: false, lines: [], budget: newBudget(dispatch.logLimitChars) });
      });
      transport.setActive(true);
      const isReady = await ready;
      if (!runs.has(runId)) return outcome;
      if (!isReady || !alive) {
        finish(runId, { kind: 'crash', message: 'container recycled: it did not start' }, true);
        return outcome;
      }
      const { request } = dispatch;
      const known = sent.get(request.codeId) === request.codeVersion;
      try {
        transport.send({
          type: 'run',
          runId,
          kind: request.kind,
          codeId: request.codeId,
          codeVersion: request.codeVersion,
          ...(known ? {} : { source: request.source }),
          ...(request.entryPoint !== undefined ? { entryPoint: request.entryPoint } : {}),
          ...(request.harness !== undefined
            ? { harness: sentHarnesses.has(request.harness.id) ? { id: request.harness.id } : request.harness }
            : {}),
          args: request.args,
          configuration: request.configuration ?? {},
          secrets: dispatch.secrets,
          modulesDir: dispatch.modulesDir,
          dependencies: request.dependencies ?? {},
          capabilities: Object.keys(request.capabilities ?? {}),
          logLimitChars: dispatch.logLimitChars,
        });
      } catch (err) {
        const message = err instanceof Error && err.name === 'DataCloneError'
          ? 'The arguments are not serializable (they must be JSON-like data)'
          : 'container recycled: it could not be reached';
        finish(runId, { kind: 'crash', message }, false);
        return outcome;
      }
      sent.set(request.codeId, request.codeVersion);
      if (request.harness !== undefined) sentHarnesses.add(request.harness.id);
      const pending = runs.get(runId);
      if (pending) pending.timer = setTimeout(() => timedOut(runId), dispatch.timeoutMs);
      return outcome;
    },
    async recycle(reason) {
      endAll({ kind: 'crash' }, `container recycled: ${reason}`);
      await end();
    },
    onGone(handler) {
      goneHandlers.push(handler);
    },
  };
}
