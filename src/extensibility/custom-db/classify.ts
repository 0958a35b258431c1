import { GatehouseError } from '../../errors/index.ts';
import type { Outcome, UserError } from '../../runtime/runner.ts';
import { CustomDbValidationError } from './validation-error.ts';

// From a script's outcome to what Auth0 shows (custom-db.md §4, §7; the table in
// docs/custom-db.md). Errors are classified by `name`, never `instanceof`: scripts may build
// look-alikes, and the runtime hands over plain serialised values anyway.

export type FailureKind = Exclude<Outcome['kind'], 'result'>;

/** Which catalogue code each non-result outcome becomes; `satisfies` makes a new kind fail to compile unmapped. */
const byKind = {
  'user-error': 'SCRIPT_FAILED',
  timeout: 'SCRIPT_TIMEOUT',
  'callback-missing': 'SCRIPT_TIMEOUT',
  crash: 'SCRIPT_FAILED',
  'out-of-memory': 'SCRIPT_FAILED',
  rejected: 'SCRIPT_FAILED',
  overloaded: 'RUNTIME_OVERLOADED',
} as const satisfies Record<FailureKind, 'SCRIPT_FAILED' | 'SCRIPT_TIMEOUT' | 'RUNTIME_OVERLOADED'>;

export interface ClassifyOptions {
  /** Only `create` (signup) turns a ValidationError into the signup error; elsewhere it is a failure. */
  readonly validation?: boolean;
}

/** The error a user-error outcome stands for. */
export function userErrorToGatehouse(error: UserError, options: ClassifyOptions = {}): GatehouseError {
  switch (error.name) {
    case 'WrongUsernameOrPasswordError':
      // The script's message goes to the log only: users always read Auth0's generic sentence.
      return new GatehouseError('WRONG_CREDENTIALS');
    case 'UnauthorizedError':
      return new GatehouseError('CUSTOM_DB_UNAUTHORIZED', error.message || error.description || undefined);
    case 'ValidationError':
      if (options.validation) return new CustomDbValidationError(error.code ?? 'invalid_signup', error.message || error.description || 'Invalid sign up');
      break;
  }
  return new GatehouseError('SCRIPT_FAILED', `${error.name}: ${error.message}`);
}

/** The error any failed outcome stands for; the detail stays in the message, which only the log shows. */
export function failureToGatehouse(outcome: Exclude<Outcome, { kind: 'result' }>, options: ClassifyOptions = {}): GatehouseError {
  if (outcome.kind === 'user-error') return userErrorToGatehouse(outcome.error, options);
  const code = byKind[outcome.kind];
  return new GatehouseError(code, code === 'RUNTIME_OVERLOADED' ? undefined : `${outcome.kind}: ${outcome.message}`);
}
