// Every message between the host and a container. Host → container messages are typed only: the
// host wrote them. Container → host messages are parsed with zod: user code runs in that realm and
// may forge or corrupt anything it can reach, so a message that does not parse recycles the
// container. Every run-scoped message carries the `runId` the host chose, so a late reply from an
// earlier (timed-out) run is never credited to a later one.
import { z } from 'zod';
import type { EntryKind } from './runner.ts';

/** Longest string accepted in an error field; the container cuts user strings well below this. */
const maxField = 10_000;

export interface RunMessage {
  readonly type: 'run';
  readonly runId: number;
  readonly kind: EntryKind;
  readonly codeId: string;
  readonly codeVersion: string;
  /** Omitted when the host already sent this codeId + version to this container. */
  readonly source?: string;
  readonly entryPoint?: string;
  /** Actions only: a host-supplied harness (RunRequest.harness); `source` omitted once this container has it. */
  readonly harness?: { readonly id: string; readonly source?: string };
  readonly args: readonly unknown[];
  readonly configuration: Readonly<Record<string, string>>;
  /** Values to mask in logs and error texts, longest first. */
  readonly secrets: readonly string[];
  /** Folder whose node_modules/ holds the declared dependencies, or null when none are declared. */
  readonly modulesDir: string | null;
  readonly dependencies: Readonly<Record<string, string>>;
  /** Names of the host capabilities this run may call through `__host.call`. */
  readonly capabilities: readonly string[];
  readonly logLimitChars: number;
}

export type CapabilityReply =
  | { readonly type: 'capability-result'; readonly runId: number; readonly callId: number; readonly ok: true; readonly value: unknown }
  | { readonly type: 'capability-result'; readonly runId: number; readonly callId: number; readonly ok: false; readonly message: string };

export type HostMessage = RunMessage | CapabilityReply;

const runId = z.number().int().nonnegative();
const text = z.string().max(maxField);

export const LogLineSchema = z.object({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  message: text,
});

export const UserErrorSchema = z.object({
  name: text,
  message: text,
  code: text.optional(),
  description: text.optional(),
  user_id: text.optional(),
  status_code: z.number().int().optional(),
});

const Settled = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('result'), value: z.unknown() }),
  z.object({ kind: z.literal('user-error'), error: UserErrorSchema }),
  z.object({ kind: z.literal('rejected'), message: text }),
]);

export const ContainerMessageSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('ready') }),
  /** A script's function returned (or its promise settled) without calling back yet. */
  z.object({ type: z.literal('returned'), runId }),
  /** Logs flushed while the run is still going, so a run that times out keeps what it printed. */
  z.object({ type: z.literal('log'), runId, lines: z.array(LogLineSchema).max(100_000), truncated: z.boolean() }),
  z.object({
    type: z.literal('done'),
    runId,
    settled: Settled,
    lines: z.array(LogLineSchema).max(100_000),
    truncated: z.boolean(),
  }),
  z.object({ type: z.literal('capability-call'), runId, callId: z.number().int().nonnegative(), name: text, args: z.array(z.unknown()) }),
  /** The container's own code failed, or user code asked the process to exit: recycle it. */
  z.object({ type: z.literal('fatal'), message: text }),
]);

export type ContainerMessage = z.infer<typeof ContainerMessageSchema>;
export type SettledMessage = z.infer<typeof Settled>;
