import type { Redis } from 'ioredis';
import { guarded } from './redis-errors.ts';

/**
 * Fire-and-forget messages to every node, the publisher included. Delivery is at most once:
 * a node that is disconnected when a message is published never sees it (callers make sure a
 * missed message only costs efficiency, never correctness).
 */
export interface Bus {
  publish(channel: string, message: string): Promise<void>;
  /** Resolves once subscribed; the returned function unsubscribes. */
  subscribe(channel: string, handler: (message: string) => void): Promise<() => Promise<void>>;
  close(): Promise<void>;
}

type Handlers = Map<string, Set<(message: string) => void>>;

function deliver(handlers: Handlers, channel: string, message: string): void {
  for (const handler of handlers.get(channel) ?? []) {
    // One failing handler must not keep the message from the others.
    try {
      handler(message);
    } catch {
      // handlers log their own failures
    }
  }
}

function addHandler(handlers: Handlers, channel: string, handler: (message: string) => void): boolean {
  let set = handlers.get(channel);
  const first = !set;
  if (!set) handlers.set(channel, (set = new Set()));
  set.add(handler);
  return first;
}

/** Within one process: one node, tests. */
export function createMemoryBus(): Bus {
  const handlers: Handlers = new Map();
  return {
    async publish(channel, message) {
      // Asynchronous like Redis, so a publisher never runs handlers inside its own call stack.
      queueMicrotask(() => deliver(handlers, channel, message));
    },
    async subscribe(channel, handler) {
      addHandler(handlers, channel, handler);
      return async () => { handlers.get(channel)?.delete(handler); };
    },
    async close() {
      handlers.clear();
    },
  };
}

/**
 * Redis pub/sub. A subscribed connection can do nothing else, so the bus owns a second client
 * (`subscriber`) next to the one it publishes with; both are closed by close().
 */
export function createRedisBus(publisher: Redis, subscriber: Redis): Bus {
  const handlers: Handlers = new Map();
  subscriber.on('message', (channel: string, message: string) => deliver(handlers, channel, message));
  return {
    publish: (channel, message) => guarded(async () => { await publisher.publish(channel, message); }),
    subscribe: (channel, handler) => guarded(async () => {
      if (addHandler(handlers, channel, handler)) await subscriber.subscribe(channel);
      return async () => {
        const set = handlers.get(channel);
        set?.delete(handler);
        if (set && set.size === 0) {
          handlers.delete(channel);
          await subscriber.unsubscribe(channel).catch(() => {});
        }
      };
    }),
    async close() {
      handlers.clear();
      await subscriber.quit().catch(() => subscriber.disconnect());
      await publisher.quit().catch(() => publisher.disconnect());
    },
  };
}
