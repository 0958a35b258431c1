// What the host needs from a backend: a started container it can message and end. Both backends
// (worker thread, child process) implement exactly this; everything above is shared.
import type { ChildProcess } from 'node:child_process';
import type { HostMessage } from '../protocol.ts';

export interface ExitReason {
  readonly kind: 'crash' | 'out-of-memory';
  readonly message: string;
}

export interface ContainerTransport {
  readonly id: string;
  /** Throws when the message cannot be serialized or the container is gone. */
  send(message: HostMessage): void;
  /** Raw messages: the caller parses them (user code may have produced them). */
  onMessage(handler: (message: unknown) => void): void;
  /** Called once, when the container is gone for any reason (after `kill()` too). */
  onExit(handler: (reason: ExitReason) => void): void;
  /** Ends the container at once (also a running `while (true) {}`); resolves when it is gone. */
  kill(): Promise<void>;
  /** An idle container must not keep the host process alive; a busy one must. */
  setActive(active: boolean): void;
}

export interface TransportOptions {
  readonly id: string;
  readonly heapMb: number;
  readonly moduleCacheDir: string;
}

/** How a backend starts containers, and ends whatever it keeps besides them. */
export interface ContainerLauncher {
  start(options: TransportOptions): ContainerTransport;
  close(): Promise<void>;
}

/** What V8 prints when it aborts a process for lack of heap. */
export const heapExhausted = /heap out of memory|Reached heap limit|Allocation failed/i;

/** Keeps the last few KiB of a container's stderr: the reason it died is usually at the end. */
export function stderrTail(limit = 4096): { push(chunk: Buffer | string): void; text(): string } {
  let tail = '';
  return {
    push(chunk) {
      tail = (tail + chunk.toString()).slice(-limit);
    },
    text: () => tail,
  };
}

/** An idle child must not keep the server process alive, a busy one must: its handles follow. */
export function referenceChild(child: ChildProcess | null, referenced: boolean): void {
  const handles = [child, child?.channel, child?.stderr] as Array<{ ref?: () => void; unref?: () => void } | null | undefined>;
  for (const handle of handles) {
    if (referenced) handle?.ref?.();
    else handle?.unref?.();
  }
}
