// @ts-check
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';

// The dependency direction of STYLE.md §3: each layer lists the src/ folders it may NOT import.
// Lower layers never reach up; nothing but cli/ and main.ts reaches http/ or cli/.
const all = ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility', 'flows', 'protocol', 'management', 'ui', 'http', 'cli'];
const allowed = {
  errors: [],
  config: ['errors'],
  storage: ['config', 'errors'],
  cache: ['config', 'errors'],
  runtime: ['config', 'errors'],
  extensibility: ['config', 'errors', 'storage', 'cache', 'runtime'],
  flows: ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility'],
  protocol: ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility', 'flows'],
  management: ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility', 'flows'],
  ui: ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility', 'flows', 'protocol'],
  http: ['config', 'errors', 'storage', 'cache', 'runtime', 'extensibility', 'flows', 'protocol', 'management', 'ui'],
};

const boundaries = Object.entries(allowed).map(([layer, ok]) => {
  const forbidden = all.filter((other) => other !== layer && !ok.includes(other));
  return {
    files: [`src/${layer}/**/*.ts`],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: forbidden.map((other) => ({
          group: [`**/${other}/*`, `**/${other}/**`, `../${other}`, `../../${other}`],
          message: `src/${layer}/ may not import src/${other}/ (dependency direction, STYLE.md §3).`,
        })),
      }],
    },
  };
});

export default tseslint.config(
  { ignores: ['node_modules/', 'data/', '.gatehouse/', 'test/fixtures/**', 'examples/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/no-explicit-any': 'off',
      'no-restricted-syntax': ['error', { selector: 'ExportDefaultDeclaration', message: 'Named exports only (STYLE.md §4).' }],
    },
  },
  ...boundaries,
  { files: ['eslint.config.js'], rules: { 'no-restricted-syntax': 'off' } },
  // ESLint's plugin convention is a default export (`import gatehouse from 'eslint-plugin-gatehouse'`).
  { files: ['packages/eslint-plugin-gatehouse/index.js', 'packages/eslint-plugin-gatehouse/index.d.ts'], rules: { 'no-restricted-syntax': 'off' } },
);
