import { watch, type FSWatcher } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';

// Watches a tenant directory (recursively) and an env file, and calls back once per burst of
// changes: editors write a file in several steps (truncate, write, rename), and a `git checkout`
// touches many files, so events are debounced and the callback gets every path of the burst.

export interface WatchOptions {
  readonly debounceMs?: number;
  /** Extra files outside the directory to watch (the env file). */
  readonly files?: readonly string[];
}

export interface Watcher {
  close(): void;
}

const IGNORED = /(^|[/\\])(\.git|node_modules|\.gatehouse)([/\\]|$)|(~|\.swp|\.swx|\.tmp)$/;

export function watchDirectory(dir: string, onChange: (paths: string[]) => void, options: WatchOptions = {}): Watcher {
  const debounceMs = options.debounceMs ?? 150;
  const pending = new Set<string>();
  let timer: NodeJS.Timeout | undefined;
  const fire = () => {
    timer = undefined;
    const paths = [...pending];
    pending.clear();
    if (paths.length > 0) onChange(paths);
  };
  const note = (path: string) => {
    if (IGNORED.test(path)) return;
    pending.add(path);
    if (timer) clearTimeout(timer);
    timer = setTimeout(fire, debounceMs);
  };

  const root = resolve(dir);
  const watchers: FSWatcher[] = [watch(root, { recursive: true }, (_event, name) => note(name ? resolve(root, name.toString()) : root))];
  for (const file of options.files ?? []) {
    const path = resolve(file);
    // The folder, not the file: editors replace files, which ends a watch on the old inode.
    watchers.push(watch(dirname(path), (_event, name) => { if (name?.toString() === basename(path)) note(path); }));
  }
  return {
    close() {
      if (timer) clearTimeout(timer);
      for (const w of watchers) w.close();
    },
  };
}
