import { stat } from 'node:fs/promises';
import { dirname, relative, resolve } from 'node:path';
import type { Command } from 'commander';
import type { ESLint as ESLintClass, Linter } from 'eslint';
import { recommended } from '../../packages/eslint-plugin-gatehouse/index.js';
import { GatehouseError } from '../errors/index.ts';
import { EXIT_BAD_INPUT, processOutput, type Output } from './output.ts';
import { painter } from './paint.ts';

// `gatehouse lint`: eslint-plugin-gatehouse's recommended rules on Actions and custom database
// scripts, whatever ESLint configuration the folder has (a user's own config is not read).
// Exit status: 0 no errors (warnings allowed), 1 at least one error, 2 bad input.

const examples = `
Lints every .js file under the given files and folders (an auth0-deploy-cli export works as is:
actions/*/code.js and database-connections/*/*.js) with the rules of eslint-plugin-gatehouse
(docs/lint-rules/). Use the plugin in your own ESLint config for editor integration.

Examples:
  $ gatehouse lint ./tenant
  $ gatehouse lint actions/add-roles/code.js database-connections/legacy-db --json
  $ gatehouse lint ./tenant --fix

Exit status: 0 no errors (warnings allowed), 1 errors found, 2 bad input (no such path, no .js files).`;

interface LintFlags {
  readonly json?: boolean;
  readonly fix?: boolean;
}

export interface Finding {
  readonly file: string;
  readonly line: number;
  readonly column: number;
  readonly severity: 'error' | 'warning';
  /** `gatehouse/<rule>`, or `parse-error` when the file is not valid JavaScript. */
  readonly rule: string;
  readonly message: string;
}

export interface LintReport {
  readonly ok: boolean;
  readonly files: number;
  readonly errors: number;
  readonly warnings: number;
  readonly findings: readonly Finding[];
}

class UsageError extends Error {}

/** Lints the paths; throws UsageError for paths that do not exist or hold no JavaScript. */
export async function lintPaths(paths: readonly string[], options: { fix?: boolean; cwd?: string } = {}): Promise<LintReport> {
  const cwd = options.cwd ?? process.cwd();
  const { ESLint } = await loadEslint();
  const findings: Finding[] = [];
  let files = 0;
  for (const path of paths) {
    const absolute = resolve(cwd, path);
    const info = await stat(absolute).catch(() => undefined);
    if (!info) throw new UsageError(`no such file or folder: ${path}`);
    // One instance per path, based at the path: ESLint ignores files outside its cwd.
    const eslint: ESLintClass = new ESLint({
      cwd: info.isDirectory() ? absolute : dirname(absolute),
      overrideConfigFile: true,
      overrideConfig: [recommended as Linter.Config],
      fix: options.fix === true,
      errorOnUnmatchedPattern: false,
    });
    const results = await eslint.lintFiles([absolute]);
    if (options.fix) await ESLint.outputFixes(results);
    if (results.length === 0) throw new UsageError(`no .js files in ${path}`);
    files += results.length;
    for (const result of results) {
      for (const m of result.messages) {
        findings.push({
          file: relative(cwd, result.filePath) || result.filePath,
          line: m.line,
          column: m.column,
          severity: m.severity === 2 ? 'error' : 'warning',
          rule: m.ruleId ?? 'parse-error',
          message: m.message,
        });
      }
    }
  }
  const errors = findings.filter((f) => f.severity === 'error').length;
  return { ok: errors === 0, files, errors, warnings: findings.length - errors, findings };
}

async function loadEslint(): Promise<typeof import('eslint')> {
  try {
    return await import('eslint');
  } catch {
    throw new UsageError('gatehouse lint needs ESLint 9 or later: npm install --save-dev eslint');
  }
}

export function registerLint(program: Command, output: Output = processOutput): void {
  program
    .command('lint')
    .description('check Actions and custom database scripts against the Auth0 coding guidelines (eslint-plugin-gatehouse)')
    .argument('<paths...>', 'files or folders of .js files')
    .option('--json', 'print one JSON report')
    .option('--fix', 'apply the fixes that cannot change behaviour (e.g. naming an anonymous script)')
    .addHelpText('after', examples)
    .action(async (paths: string[], flags: LintFlags, command: Command) => {
      let report: LintReport;
      try {
        report = await lintPaths(paths, { fix: flags.fix });
      } catch (err) {
        if (err instanceof UsageError) command.error(err.message, { exitCode: EXIT_BAD_INPUT, code: 'gatehouse.lint.badInput' });
        throw err;
      }
      if (flags.json) output.out(JSON.stringify(report));
      else for (const line of formatReport(report)) output.out(line);
      // Exit 1 through the CLI's one failure path (one line on stderr after the findings).
      if (!report.ok) throw new GatehouseError('LINT_FAILED', `${report.errors} error${report.errors === 1 ? '' : 's'} found`);
    });
}

/** `file:line:col  severity  rule  message` lines and a summary. */
export function formatReport(report: LintReport, paint = painter()): string[] {
  const lines = report.findings.map((f) => {
    const severity = f.severity === 'error' ? paint('red', 'error') : paint('yellow', 'warning');
    return `${paint('bold', `${f.file}:${f.line}:${f.column}`)}  ${severity}  ${paint('dim', f.rule)}  ${f.message}`;
  });
  const files = `${report.files} file${report.files === 1 ? '' : 's'}`;
  if (report.findings.length === 0) lines.push(paint('green', `${files} checked, no problems`));
  else lines.push(`${files} checked: ${report.errors} error${report.errors === 1 ? '' : 's'}, ${report.warnings} warning${report.warnings === 1 ? '' : 's'}`);
  return lines;
}
