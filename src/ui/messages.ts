import { isGatehouseError, type ErrorCode } from '../errors/index.ts';

// What the pages say for the failures a user can cause, in Auth0's words where Auth0 has them.
const pageMessages: Partial<Record<ErrorCode, string>> = {
  WRONG_CREDENTIALS: 'Wrong email or password.',
  TOO_MANY_ATTEMPTS: "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it.",
  USER_BLOCKED: 'Your account has been blocked. Contact the administrator of this application.',
  USER_EXISTS: 'The user already exists.',
  PASSWORD_TOO_WEAK: 'Password is too weak.',
  SIGNUP_DISABLED: 'Signing up is disabled for this application.',
  DBCONN_INVALID_BODY: 'Email is not valid.',
};

/**
 * The form's message for a failure of login or signup: Auth0's words for the known codes, else
 * the error's own message when it is exposed and the user's to fix (4xx; a custom database
 * script's UnauthorizedError, say). Undefined for anything else, which becomes an error page.
 */
export function formMessage(err: unknown): string | undefined {
  if (!isGatehouseError(err)) return undefined;
  if (err.code === 'DBCONN_INVALID_BODY' && /username/.test(err.message)) return 'Username is not valid.';
  return pageMessages[err.code] ?? (err.expose && err.status >= 400 && err.status < 500 ? err.message : undefined);
}
