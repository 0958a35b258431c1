// The native database connection: users stored by Gatehouse (docs/native-db.md). The OAuth
// password grants call `authenticate`; /dbconnections and the Universal Login pages call the rest.
export { authenticate, type AuthenticateInput, type AuthenticateResult } from './authenticate.ts';
export { signup, type SignupInput, type SignupResult } from './signup.ts';
export { changePassword, type ChangePasswordInput } from './change-password.ts';
export { deleteUser } from './delete-user.ts';
export { unblockUser } from './unblock-user.ts';
export {
  requestPasswordReset, inspectPasswordResetTicket, resetPasswordWithTicket, sendVerificationEmail, verifyEmailWithTicket,
  TICKET_LIFETIME_SECONDS, RESET_PATH, VERIFY_PATH, type PasswordResetRequest, type UsableTicket,
} from './tickets.ts';
export {
  checkPassword, policyOf, ruleText, PASSWORD_POLICIES, DEFAULT_PASSWORD_POLICY,
  type PasswordPolicy, type PasswordRule, type PasswordCheck,
} from './password-policy.ts';
export { hashPassword, verifyPassword } from './password-hash.ts';
export { storePasswordUser } from './store-password-user.ts';
export { PasswordStrengthError, type PasswordStrengthBody } from './password-strength-error.ts';
export { BRUTE_FORCE_THRESHOLD, createStorageAttemptCounter, type AttemptCounter, type AttemptKey } from './attempt-counter.ts';
export { createLogMailer, type Mailer, type MailMessage } from './mailer.ts';
export { findNativeConnection } from './connection.ts';
export type { NativeDbDeps } from './deps.ts';
