import { createHash } from 'node:crypto';
import { z } from 'zod';
import { GatehouseError } from '../../errors/index.ts';
import type { SuspendedFlow } from '../../extensibility/actions/index.ts';
import { createActionFlowStateQueries, type ActionFlowStateQueries, type Database, type SecretBox } from '../../storage/index.ts';

// Where a post-login flow waits while the browser is at a redirect Action's site. Stored
// server-side (the action_flow_states table, or Redis in the scaled setup: flowStateStore),
// keyed by the SHA-256 of the opaque `state` the engine put in the redirect URL, bound to the
// browser cookie and SSO session that started it, good once, for 15 minutes at most.

export interface FlowStateDeps {
  readonly database: Database;
  readonly box: SecretBox;
  readonly now?: () => Date;
  /** Redis in the scaled setup (docs/deploy.md), so /continue may land on any node; absent → the table. */
  readonly flowStateStore?: (tenantId: string) => ActionFlowStateQueries;
}

const queriesOf = (deps: FlowStateDeps, tenantId: string): ActionFlowStateQueries =>
  deps.flowStateStore ? deps.flowStateStore(tenantId) : createActionFlowStateQueries(deps.database, deps.box, tenantId);

/** What the protocol needs to finish the login after /continue (its own JSON; checked when read). */
export type FinishLogin = Record<string, unknown>;

export interface SuspendInput {
  readonly tenantId: string;
  readonly suspended: SuspendedFlow;
  /** SHA-256 of the browser's binding cookie. */
  readonly browserHash: string;
  /** The SSO session's public id, when the login has one. */
  readonly sid: string | null;
  readonly finish: FinishLogin;
}

export interface ResumeInput {
  readonly tenantId: string;
  readonly state: string | undefined;
  /** SHA-256 of the binding cookie of the browser now at /continue (undefined: none). */
  readonly browserHash: string | undefined;
  /**
   * The public id of the SSO session the request carries: null when its cookie names no live
   * session (logged out meanwhile), undefined when it carries none (a cross-site POST, which
   * sends no SameSite=Lax cookie: then the browser binding alone decides).
   */
  readonly sid: string | null | undefined;
}

export interface ResumedFlow {
  readonly suspended: SuspendedFlow;
  readonly finish: FinishLogin;
}

/** The longest a flow may wait, whatever the engine proposes. */
export const MAX_SUSPENDED_MS = 15 * 60 * 1000;
const WELL_FORMED_STATE = /^[A-Za-z0-9_-]{16,256}$/;

const Stored = z.object({ suspended: z.record(z.string(), z.unknown()), finish: z.record(z.string(), z.unknown()) });

const hash = (state: string) => createHash('sha256').update(state, 'utf8').digest('hex');
const clock = (deps: FlowStateDeps) => (deps.now ? deps.now() : new Date());

export async function suspendFlow(deps: FlowStateDeps, input: SuspendInput): Promise<void> {
  const at = clock(deps);
  const queries = queriesOf(deps, input.tenantId);
  const expires = Math.min(input.suspended.expiresAt, at.getTime() + MAX_SUSPENDED_MS);
  // The table only grows by redirects; expired rows of the tenant go on the way.
  await queries.deleteExpired(at.toISOString());
  await queries.create({
    id_hash: hash(input.suspended.state),
    trigger_id: input.suspended.trigger,
    browser_hash: input.browserHash,
    sid: input.sid,
    flow: { suspended: input.suspended, finish: input.finish },
    expires_at: new Date(expires).toISOString(),
  });
}

/**
 * The suspended flow of `state`, spent: unknown, expired, replayed, started in another browser
 * or for another session → ACTIONS_CONTINUE_INVALID, and a foreign browser's attempt does not
 * spend it (the owner may still continue).
 */
export async function resumeFlow(deps: FlowStateDeps, input: ResumeInput): Promise<ResumedFlow> {
  const invalid = () => new GatehouseError('ACTIONS_CONTINUE_INVALID');
  if (!input.state || !WELL_FORMED_STATE.test(input.state)) throw invalid();
  const queries = queriesOf(deps, input.tenantId);
  const idHash = hash(input.state);
  const found = await queries.find(idHash);
  if (!found || found.browser_hash !== input.browserHash) throw invalid();
  if (found.sid !== null && input.sid !== undefined && found.sid !== input.sid) throw invalid();
  const spent = await queries.consume(idHash, clock(deps).toISOString());
  if (!spent) throw invalid();
  const parsed = Stored.safeParse(spent.flow);
  if (!parsed.success) throw new GatehouseError('STORAGE_CORRUPT', 'a suspended Action flow is not readable');
  return { suspended: parsed.data.suspended as unknown as SuspendedFlow, finish: parsed.data.finish };
}
