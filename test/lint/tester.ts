import { describe, it } from 'node:test';
import { RuleTester } from 'eslint';
import { rules, scriptGlobals } from '../../packages/eslint-plugin-gatehouse/index.js';

// RuleTester reports through node:test's describe/it, so each case is one test in `npm test`.
RuleTester.describe = describe;
RuleTester.it = it;
RuleTester.itOnly = it.only;

/** A RuleTester parsing files as Actions and scripts are parsed by `gatehouse lint`. */
export function ruleTester(): RuleTester {
  return new RuleTester({ languageOptions: { ecmaVersion: 2024, sourceType: 'commonjs', globals: scriptGlobals } });
}

export function rule(name: string) {
  const found = rules[name];
  if (!found) throw new Error(`no rule ${name}`);
  return found;
}
