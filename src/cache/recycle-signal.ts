import { z } from 'zod';
import type { Bus } from './bus.ts';

// After a deploy (an Action version, a connection's scripts) every node must drop the tenant's
// containers, or a node would keep serving `global` state built by the old code. One node
// announces; every node, itself included, recycles. A node that misses the message (Redis away
// at that moment) still never runs old code: the runtime retires a container whose code version
// changed on its next call; the signal only makes the recycle immediate and frees the old ones.

export const RecycleMessage = z.strictObject({
  tenant: z.string().min(1).max(200),
  /** One container key of the tenant (a connection id, an Action id); omitted → all of them. */
  key: z.string().min(1).max(500).optional(),
  /** Why, for logs and metrics: 'deploy', 'scripts-saved', 'admin'. */
  reason: z.string().min(1).max(64).optional(),
  /** The announcing node, which has already recycled its own containers and ignores its echo. */
  origin: z.string().min(1).max(64).optional(),
});
export type RecycleMessage = z.infer<typeof RecycleMessage>;

export interface RecycleSignal {
  /** Publishes to every node; false when the bus could not take it (the caller logs, the deploy stands). */
  announce(message: RecycleMessage): Promise<boolean>;
  /** Calls `handler` for every well-formed message; malformed ones go to `onMalformed`. */
  listen(handler: (message: RecycleMessage) => void, onMalformed?: (raw: string) => void): Promise<() => Promise<void>>;
}

export function createRecycleSignal(bus: Bus, channel: string): RecycleSignal {
  return {
    async announce(message) {
      const parsed = RecycleMessage.parse(message);
      try {
        await bus.publish(channel, JSON.stringify(parsed));
        return true;
      } catch {
        return false;
      }
    },
    listen(handler, onMalformed) {
      return bus.subscribe(channel, (raw) => {
        let data: unknown;
        try {
          data = JSON.parse(raw);
        } catch {
          onMalformed?.(raw);
          return;
        }
        // Another process wrote it: checked like any input before it can recycle anything.
        const message = RecycleMessage.safeParse(data);
        if (message.success) handler(message.data);
        else onMalformed?.(raw);
      });
    },
  };
}
