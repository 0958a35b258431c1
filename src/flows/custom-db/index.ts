// Custom database connections in the login pipeline (docs/custom-db.md): login (with lazy
// migration in import mode), signup, password reset, email verification, and the admin changes
// (change_email, delete, change_password). dispatch.ts picks native or custom per connection.
export {
  authenticateDatabaseUser, signupDatabaseUser, requestDatabasePasswordReset, inspectDatabaseResetTicket, resetDatabasePassword, verifyDatabaseEmail,
} from './dispatch.ts';
export { customLogin, type CustomLoginInput } from './login.ts';
export { customSignup, type CustomSignupInput } from './signup.ts';
export { requestCustomPasswordReset, inspectResetTicket, resetCustomPassword, setCustomPassword } from './password-reset.ts';
export { verifyEmail } from './verify-email.ts';
export { changeEmail, deleteUser, changePassword } from './admin.ts';
export { findDatabaseConnection, isCustomDb, isLegacyMode } from './connection.ts';
export { storeProfile, profileOf } from './store-profile.ts';
export type { CustomDbDeps } from './deps.ts';
export { CustomDbValidationError } from '../../extensibility/custom-db/index.ts';
