// Types for TypeScript users of the plugin (and Gatehouse's own `gatehouse lint`).
import type { ESLint, Linter, Rule } from 'eslint';

export declare const rules: Record<string, Rule.RuleModule>;
export declare const meta: { name: string; version: string };
export declare const scriptGlobals: Linter.Globals;
export declare const plugin: ESLint.Plugin & { configs: { recommended: Linter.Config } };
export declare const recommended: Linter.Config;
export declare const processors: Record<string, Linter.Processor>;
export declare const configs: { recommended: Linter.Config };
declare const defaultPlugin: typeof plugin;
export default defaultPlugin;
