// Containers per node: keyed by tenant + container key (never shared between tenants), bounded
// (spares included), LRU eviction of idle ones when a new key needs a slot, an idle timeout, a
// FIFO queue with a deadline when every slot is busy, and pre-started blank spares so that a new
// key's first call pays no worker/process start. A spare, once assigned, belongs to its key for
// good. A new code version for a key retires the old container (it finishes its calls, then goes).
import type { ContainerClient } from './container-client.ts';

export interface PoolOptions {
  readonly maxContainers: number;
  readonly idleMs: number;
  readonly spares: number;
  readonly queueTimeoutMs: number;
  readonly start: () => ContainerClient;
}

export interface Slot {
  readonly client: ContainerClient;
  /** tenant + '\u0000' + containerKey; null while it is a spare. */
  key: string | null;
  /** codeId → the version this container serves. */
  readonly versions: Map<string, string>;
  busy: number;
  lastUsed: number;
  idleTimer: ReturnType<typeof setTimeout> | null;
  retiring: boolean;
  /** Set once the container said it is ready. */
  started: boolean;
}

export type Lease = { readonly slot: Slot; readonly cold: boolean; readonly fromSpare: boolean } | { readonly overloaded: string };

interface Waiter {
  readonly key: string;
  readonly codeId: string;
  readonly codeVersion: string;
  readonly resolve: (lease: Lease) => void;
  readonly timer: ReturnType<typeof setTimeout>;
}

export interface Pool {
  acquire(key: string, codeId: string, codeVersion: string): Promise<Lease>;
  release(slot: Slot): void;
  recycle(matches: (key: string) => boolean, reason: string): Promise<void>;
  stats(): { live: number; idle: number; busy: number; spares: number; queued: number };
  close(): Promise<void>;
}

/** Longest a replacement spare waits for the call that took its predecessor to end. */
const spareRefillDelayMs = 100;

export function poolKey(tenant: string, containerKey: string): string {
  return `${tenant}\u0000${containerKey}`;
}

export function createPool(options: PoolOptions): Pool {
  const all = new Set<Slot>();
  const keyed = new Map<string, Slot>();
  const spares: Slot[] = [];
  const queue: Waiter[] = [];
  const endings = new Set<Promise<void>>();
  let closed = false;
  let failedStarts = 0;

  function startSlot(key: string | null): Slot {
    const slot: Slot = { client: options.start(), key, versions: new Map(), busy: 0, lastUsed: performance.now(), idleTimer: null, retiring: false, started: false };
    all.add(slot);
    slot.client.onGone(() => forget(slot));
    void slot.client.ready.then((ok) => {
      slot.started = ok;
      if (ok) failedStarts = 0;
    });
    return slot;
  }

  function forget(slot: Slot): void {
    if (!all.delete(slot)) return;
    clearIdle(slot);
    if (slot.key !== null && keyed.get(slot.key) === slot) keyed.delete(slot.key);
    const spare = spares.indexOf(slot);
    if (spare !== -1) spares.splice(spare, 1);
    if (spare !== -1 && !slot.started) {
      // A spare that never started would be replaced at once, forever: back off instead.
      failedStarts += 1;
      const retry = setTimeout(fillSpares, Math.min(30_000, 100 * 2 ** Math.min(failedStarts, 9)));
      retry.unref();
      queueMicrotask(drain);
      return;
    }
    // A freed slot serves the queue first, then becomes a spare again.
    queueMicrotask(() => {
      drain();
      fillSpares();
    });
  }

  function destroy(slot: Slot, reason: string): void {
    forget(slot);
    const ending = slot.client.recycle(reason).finally(() => endings.delete(ending));
    endings.add(ending);
  }

  function clearIdle(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }

  function fillSpares(): void {
    while (!closed && spares.length < options.spares && all.size < options.maxContainers && queue.length === 0) {
      spares.push(startSlot(null));
    }
  }

  function lease(slot: Slot, codeId: string, codeVersion: string, cold: boolean, fromSpare = false): Lease {
    clearIdle(slot);
    slot.versions.set(codeId, codeVersion);
    slot.busy += 1;
    slot.lastUsed = performance.now();
    return { slot, cold, fromSpare };
  }

  /** A lease without waiting, or null when every slot is busy. */
  function tryAcquire(key: string, codeId: string, codeVersion: string): Lease | null {
    const current = keyed.get(key);
    if (current && current.client.alive) {
      const served = current.versions.get(codeId);
      if (served === undefined || served === codeVersion) return lease(current, codeId, codeVersion, false);
      // New deployment: the old container finishes what it is doing and goes.
      keyed.delete(key);
      current.retiring = true;
      if (current.busy === 0) destroy(current, 'a new code version was deployed');
    }
    const spare = spares.shift();
    if (spare) {
      spare.key = key;
      keyed.set(key, spare);
      // The replacement starts once this call is over (release), or after a short while for a
      // long call: started at once, it would compete for CPU with the very call it was for.
      const refill = setTimeout(fillSpares, spareRefillDelayMs);
      refill.unref();
      return lease(spare, codeId, codeVersion, true, true);
    }
    if (all.size >= options.maxContainers) {
      const victim = leastRecentlyUsedIdle();
      if (!victim) return null;
      destroy(victim, 'evicted to make room (least recently used)');
    }
    const slot = startSlot(key);
    keyed.set(key, slot);
    return lease(slot, codeId, codeVersion, true);
  }

  function leastRecentlyUsedIdle(): Slot | null {
    let victim: Slot | null = null;
    for (const slot of all) {
      if (slot.key === null || slot.busy > 0) continue;
      if (victim === null || slot.lastUsed < victim.lastUsed) victim = slot;
    }
    return victim;
  }

  function drain(): void {
    while (!closed && queue.length > 0) {
      const head = queue[0];
      const got = tryAcquire(head.key, head.codeId, head.codeVersion);
      if (!got) return;
      queue.shift();
      clearTimeout(head.timer);
      head.resolve(got);
    }
  }

  const pool: Pool = {
    acquire(key, codeId, codeVersion) {
      if (closed) return Promise.resolve({ overloaded: 'the runtime is closed' });
      // FIFO: a call never overtakes one already waiting for a slot.
      const got = queue.length === 0 ? tryAcquire(key, codeId, codeVersion) : null;
      if (got) return Promise.resolve(got);
      return new Promise<Lease>((resolve) => {
        const waiter: Waiter = {
          key, codeId, codeVersion, resolve,
          timer: setTimeout(() => {
            const at = queue.indexOf(waiter);
            if (at !== -1) queue.splice(at, 1);
            resolve({ overloaded: `No container became free within ${options.queueTimeoutMs} ms (${options.maxContainers} busy)` });
          }, options.queueTimeoutMs),
        };
        queue.push(waiter);
      });
    },
    release(slot) {
      slot.busy = Math.max(0, slot.busy - 1);
      slot.lastUsed = performance.now();
      if (slot.busy > 0 || !all.has(slot)) return;
      if (slot.retiring) {
        destroy(slot, 'a new code version was deployed');
        return;
      }
      clearIdle(slot);
      fillSpares();
      slot.idleTimer = setTimeout(() => {
        if (slot.busy === 0 && all.has(slot)) destroy(slot, `idle for ${options.idleMs} ms`);
      }, options.idleMs);
      slot.idleTimer.unref();
      drain();
    },
    async recycle(matches, reason) {
      const targets = [...all].filter((slot) => slot.key !== null && matches(slot.key));
      for (const slot of targets) destroy(slot, reason);
      await Promise.all([...endings]);
    },
    stats() {
      let busy = 0;
      for (const slot of all) if (slot.busy > 0) busy += 1;
      return { live: all.size, idle: all.size - busy - spares.length, busy, spares: spares.length, queued: queue.length };
    },
    async close() {
      closed = true;
      for (const waiter of queue.splice(0)) {
        clearTimeout(waiter.timer);
        waiter.resolve({ overloaded: 'the runtime is closing' });
      }
      for (const slot of [...all]) destroy(slot, 'the runtime is closing');
      await Promise.all([...endings]);
    },
  };
  // Started eagerly so that the first new key already finds a spare.
  fillSpares();
  return pool;
}
