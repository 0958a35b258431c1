import { GatehouseError } from '../../errors/index.ts';
import type { PasswordPolicy, PasswordRule } from './password-policy.ts';

/** Auth0's PasswordStrengthError body, exactly as /dbconnections/signup answers it. */
export interface PasswordStrengthBody {
  name: 'PasswordStrengthError';
  message: 'Password is too weak';
  code: 'invalid_password';
  description: { rules: PasswordRule[]; verified: false };
  policy: string;
  statusCode: 400;
}

/**
 * PASSWORD_TOO_WEAK carrying the rule report, so each surface can show it its own way: the
 * /dbconnections body, the rule list on the signup and reset pages.
 */
export class PasswordStrengthError extends GatehouseError {
  readonly rules: PasswordRule[];
  readonly policy: PasswordPolicy;

  constructor(policy: PasswordPolicy, rules: PasswordRule[]) {
    super('PASSWORD_TOO_WEAK');
    this.name = 'PasswordStrengthError';
    this.policy = policy;
    this.rules = rules;
  }

  body(): PasswordStrengthBody {
    return {
      name: 'PasswordStrengthError',
      message: 'Password is too weak',
      code: 'invalid_password',
      description: { rules: this.rules, verified: false },
      policy: this.policy,
      statusCode: 400,
    };
  }
}
