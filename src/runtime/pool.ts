// Containers per node: keyed by tenant + container key (never shared between tenants), bounded
// (spares included), LRU eviction of idle ones when a new key needs a slot, an idle timeout, a
// FIFO queue with a deadline when every slot is busy, and pre-started blank spares so that a new
// key's first call pays no worker/process start. A spare, once assigned, belongs to its key for
// good. A new code version for a key retires the old container (it finishes its calls, then goes).
//
// The bound counts every container whose process or worker exists: live ones (spares still
// starting included) and ending ones (recycled, evicted or crashed, not yet exited). A call whose
// slot depends on an ending container waits in the queue and is served when that container is
// gone; an eviction therefore frees its slot only once the evicted container has exited.
import type { ContainerClient } from './container-client.ts';
import type { PoolStats } from './runner.ts';

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
  stats(): PoolStats;
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
  /** Oldest first; ready and still-starting ones alike. */
  const spares: Slot[] = [];
  const queue: Waiter[] = [];
  const endings = new Set<Promise<void>>();
  let closed = false;
  let failedStarts = 0;
  let backoff: ReturnType<typeof setTimeout> | null = null;

  function startSlot(key: string | null): Slot {
    const slot: Slot = { client: options.start(), key, versions: new Map(), busy: 0, lastUsed: performance.now(), idleTimer: null, retiring: false, started: false };
    all.add(slot);
    slot.client.onGone(() => destroy(slot, 'it ended'));
    void slot.client.ready.then((ok) => {
      slot.started = ok;
      if (ok) failedStarts = 0;
    });
    return slot;
  }

  /** Takes the slot out of service and keeps counting it until its process or worker has exited. */
  function destroy(slot: Slot, reason: string): void {
    if (!all.delete(slot)) return;
    clearIdle(slot);
    if (slot.key !== null && keyed.get(slot.key) === slot) keyed.delete(slot.key);
    const spare = spares.indexOf(slot);
    if (spare !== -1) spares.splice(spare, 1);
    if (spare !== -1 && !slot.started && !closed) {
      // A spare that never started would be replaced at once, forever: back off instead.
      failedStarts += 1;
      if (backoff) clearTimeout(backoff);
      backoff = setTimeout(() => {
        backoff = null;
        fillSpares();
      }, Math.min(30_000, 100 * 2 ** Math.min(failedStarts, 9)));
      backoff.unref();
    }
    // Also for a container that ended on its own: recycle() waits for its exit, which may lag.
    const ending: Promise<void> = slot.client.recycle(reason).catch(() => {}).finally(() => {
      endings.delete(ending);
      // The freed slot serves the queue first, then becomes a spare again.
      drain();
      fillSpares();
    });
    endings.add(ending);
  }

  function clearIdle(slot: Slot): void {
    if (slot.idleTimer) clearTimeout(slot.idleTimer);
    slot.idleTimer = null;
  }

  function atBound(): boolean {
    return all.size + endings.size >= options.maxContainers;
  }

  function fillSpares(): void {
    while (!closed && backoff === null && spares.length < options.spares && !atBound() && queue.length === 0) {
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

  /** The live container that can serve this call as it is, if any. */
  function reusable(key: string, codeId: string, codeVersion: string): Slot | null {
    const current = keyed.get(key);
    if (!current || !current.client.alive) return null;
    const served = current.versions.get(codeId);
    return served === undefined || served === codeVersion ? current : null;
  }

  /**
   * A ready spare, oldest first. With none ready, the oldest still starting: it is further along
   * than a container started now, and taking it keeps the bound. Its call then waits for the
   * rest of that start (the container client holds the run until ready) and is not reported
   * `fromSpare`, since it paid part of a start.
   */
  function takeSpare(): Slot | null {
    const ready = spares.findIndex((slot) => slot.started);
    const [spare] = spares.splice(ready === -1 ? 0 : ready, 1);
    return spare ?? null;
  }

  /** A lease without waiting, or null when the call must wait (every slot busy or still ending). */
  function tryAcquire(key: string, codeId: string, codeVersion: string): Lease | null {
    const current = reusable(key, codeId, codeVersion);
    if (current) return lease(current, codeId, codeVersion, false);
    const old = keyed.get(key);
    if (old && old.client.alive) {
      // New deployment: the old container finishes what it is doing and goes.
      keyed.delete(key);
      old.retiring = true;
      if (old.busy === 0) destroy(old, 'a new code version was deployed');
    }
    const spare = takeSpare();
    if (spare) {
      spare.key = key;
      keyed.set(key, spare);
      // The replacement starts once this call is over (release), or after a short while for a
      // long call: started at once, it would compete for CPU with the very call it was for.
      const refill = setTimeout(fillSpares, spareRefillDelayMs);
      refill.unref();
      return lease(spare, codeId, codeVersion, true, spare.started);
    }
    if (atBound()) return null;
    const slot = startSlot(key);
    keyed.set(key, slot);
    return lease(slot, codeId, codeVersion, true);
  }

  /**
   * Evicts idle containers so that, once every ending container has exited, there is a slot for
   * each queued key that needs a new container. Counting the demand (not evicting once per
   * attempt) is what keeps a drain that finds the head still waiting from evicting again.
   */
  function makeRoom(): void {
    const wanted = new Set<string>();
    for (const waiter of queue) {
      if (!reusable(waiter.key, waiter.codeId, waiter.codeVersion)) wanted.add(waiter.key);
    }
    const demand = Math.max(0, wanted.size - spares.length);
    const spared = new Set(queue.map((waiter) => waiter.key));
    while (all.size + demand > options.maxContainers) {
      const victim = leastRecentlyUsedIdle(spared);
      if (!victim) return;
      destroy(victim, 'evicted to make room (least recently used)');
    }
  }

  /** `spared`: keys queued calls wait for; evicting their container would only add demand. */
  function leastRecentlyUsedIdle(spared: ReadonlySet<string>): Slot | null {
    let victim: Slot | null = null;
    for (const slot of all) {
      if (slot.key === null || slot.busy > 0 || spared.has(slot.key)) continue;
      if (victim === null || slot.lastUsed < victim.lastUsed) victim = slot;
    }
    return victim;
  }

  function drain(): void {
    while (!closed && queue.length > 0) {
      const head = queue[0];
      const got = tryAcquire(head.key, head.codeId, head.codeVersion);
      if (!got) {
        makeRoom();
        return;
      }
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
            // The call behind a head that gave up may be servable now (its key is live).
            if (at === 0) queueMicrotask(drain);
            resolve({ overloaded: `No container became free within ${options.queueTimeoutMs} ms (${options.maxContainers} busy)` });
          }, options.queueTimeoutMs),
        };
        queue.push(waiter);
        makeRoom();
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
      const ready = spares.filter((slot) => slot.started).length;
      return {
        live: all.size,
        idle: all.size - busy - spares.length,
        busy,
        spares: ready,
        starting: spares.length - ready,
        ending: endings.size,
        queued: queue.length,
      };
    },
    async close() {
      closed = true;
      if (backoff) clearTimeout(backoff);
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
