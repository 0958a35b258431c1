import type { ScriptRunner } from '../../extensibility/custom-db/index.ts';

// Who an execution was for. The execution log does not record the user (scripts get an email
// and a password, Actions a whole event), so in development the runner is tapped: each call of
// the tenant leaves the user it ran for, under the key its execution-log entry will carry, for
// the printer to pick up. Best effort: an entry with no matching call shows no user.
// Never the password: only the first argument of a script (email, username or id) is kept.

export interface UserTap {
  /** The user of the oldest unclaimed call under this key. */
  take(key: string): string | undefined;
}

export function scriptKey(connection: string, script: string): string {
  return `script:${connection}.${script}`;
}

export function actionKey(versionId: string): string {
  return `action:${versionId}`;
}

function userOf(kind: string, args: readonly unknown[]): string | undefined {
  const first = args[0];
  if (kind === 'script') {
    if (typeof first === 'string') return first;
    const email = (first as { email?: unknown } | undefined)?.email;
    return typeof email === 'string' ? email : undefined;
  }
  const event = (first as { event?: { user?: { user_id?: unknown; email?: unknown } } } | undefined)?.event;
  const id = event?.user?.user_id ?? event?.user?.email;
  return typeof id === 'string' ? id : undefined;
}

export function tapRunner(runner: ScriptRunner, tenantId: string): UserTap {
  const queues = new Map<string, string[]>();
  const run = runner.run.bind(runner);
  // The server holds this same object, so replacing the method taps every call it makes.
  (runner as { run: ScriptRunner['run'] }).run = async (request) => {
    const outcome = await run(request);
    if (request.tenant === tenantId) {
      const key = request.kind === 'script' ? `script:${request.codeId}` : actionKey(request.codeVersion);
      const user = userOf(request.kind, request.args);
      if (user !== undefined) {
        const queue = queues.get(key) ?? [];
        queue.push(user);
        if (queue.length > 100) queue.shift();
        queues.set(key, queue);
      }
    }
    return outcome;
  };
  return { take: (key) => queues.get(key)?.shift() };
}
