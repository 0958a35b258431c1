// Guards module loading in the container's own realm once the container has started. User code
// cannot `import()` from its vm context, but code of this realm can (a package compiling a
// template with `Function`, for one), and from there `import('node:fs')` or
// `import('/path/to/gatehouse/src/…')` would bypass the `require` allow-list. After start-up, an
// ESM import may only reach allow-listed built-ins and files inside the module cache. CommonJS
// `require` inside packages is left alone: packages load their own dependencies (including fs)
// that way, and their `require` is never handed to user code.
import { registerHooks } from 'node:module';
import { resolve as resolvePath, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { allowedBuiltins } from './require.ts';

export function guardImports(moduleCacheDir: string): void {
  const root = resolvePath(moduleCacheDir) + sep;
  registerHooks({
    resolve(specifier, context, nextResolve) {
      const resolved = nextResolve(specifier, context);
      if (context.conditions?.includes('require')) return resolved;
      const { url } = resolved;
      if (url.startsWith('node:')) {
        if (allowedBuiltins.has(url.slice(5))) return resolved;
      } else if (url.startsWith('file:')) {
        const path = resolvePath(fileURLToPath(url));
        // The compiled container side lives in the cache too, but is never user code's to load.
        if (path.startsWith(root) && !path.startsWith(`${root}.gatehouse-container${sep}`)) return resolved;
      }
      throw Object.assign(new Error(`Cannot import '${specifier}': not available to code in a container`), { code: 'ERR_ACCESS_DENIED' });
    },
  });
}
