// eslint-plugin-gatehouse: the practices of Auth0's Action coding guidelines and custom database
// script best practices, as ESLint rules. Plain ESM JavaScript with no dependencies, so it works
// in any flat config:
//
//   import gatehouse from 'eslint-plugin-gatehouse';
//   export default [gatehouse.configs.recommended];
import { callbackOnce } from './rules/callback-once.js';
import { denyInsteadOfThrow } from './rules/deny-instead-of-throw.js';
import { fetchTimeout } from './rules/fetch-timeout.js';
import { httpsOnly } from './rules/https-only.js';
import { maxScriptSize } from './rules/max-script-size.js';
import { noAnonymousScript } from './rules/no-anonymous-script.js';
import { noHardcodedSecrets } from './rules/no-hardcoded-secrets.js';
import { noPiiInLogs } from './rules/no-pii-in-logs.js';
import { strictEquality } from './rules/strict-equality.js';
import { verifiedEmailChecks } from './rules/verified-email-checks.js';
import { scriptProcessor } from './processor.js';

export const rules = {
  'strict-equality': strictEquality,
  'no-hardcoded-secrets': noHardcodedSecrets,
  'https-only': httpsOnly,
  'fetch-timeout': fetchTimeout,
  'no-pii-in-logs': noPiiInLogs,
  'deny-instead-of-throw': denyInsteadOfThrow,
  'callback-once': callbackOnce,
  'no-anonymous-script': noAnonymousScript,
  'max-script-size': maxScriptSize,
  'verified-email-checks': verifiedEmailChecks,
};

export const meta = { name: 'eslint-plugin-gatehouse', version: '0.1.0' };

/**
 * What Actions and custom database scripts see besides the language: Node's globals, the
 * script-only `configuration` and error classes (SPEC.md §2 "globals"), and CommonJS `exports`.
 */
export const scriptGlobals = Object.fromEntries([
  'fetch', 'AbortController', 'AbortSignal', 'URL', 'URLSearchParams', 'Buffer', 'setTimeout', 'clearTimeout',
  'setInterval', 'clearInterval', 'setImmediate', 'clearImmediate', 'queueMicrotask', 'console', 'crypto',
  'structuredClone', 'TextEncoder', 'TextDecoder', 'global', 'globalThis', 'process', 'require', 'module',
  'exports', 'Headers', 'Request', 'Response', 'FormData', 'atob', 'btoa',
  'configuration', 'WrongUsernameOrPasswordError', 'ValidationError', 'UnauthorizedError',
].map((name) => [name, name === 'configuration' || name === 'global' ? 'writable' : 'readonly']));

export const processors = { script: scriptProcessor };

export const plugin = { meta, rules, processors, configs: {} };

/** Every rule, at the severity Gatehouse's own `gatehouse lint` uses. */
export const recommended = {
  name: 'gatehouse/recommended',
  files: ['**/*.js', '**/*.cjs'],
  plugins: { gatehouse: plugin },
  // Lets anonymous scripts (`function (email, callback) {…}`, valid on Auth0) be parsed.
  processor: 'gatehouse/script',
  languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs', globals: scriptGlobals },
  rules: {
    'gatehouse/strict-equality': 'error',
    'gatehouse/no-hardcoded-secrets': 'error',
    'gatehouse/https-only': 'error',
    'gatehouse/fetch-timeout': 'error',
    'gatehouse/no-pii-in-logs': 'error',
    'gatehouse/deny-instead-of-throw': 'error',
    'gatehouse/callback-once': 'error',
    'gatehouse/no-anonymous-script': 'warn',
    'gatehouse/max-script-size': 'error',
    'gatehouse/verified-email-checks': 'warn',
  },
};

plugin.configs.recommended = recommended;
export const configs = plugin.configs;

// ESLint's plugin convention is a default export (`import gatehouse from 'eslint-plugin-gatehouse'`);
// the named exports above serve `import { rules } from …` and Gatehouse's own code.
export default plugin;
