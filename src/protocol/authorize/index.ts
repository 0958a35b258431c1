// The seam with the login pages (src/ui/): /authorize sends the browser to /u/login?state=<id>
// (or /u/signup); the page reads the transaction with findLoginTransaction and, once it has
// authenticated the user, calls completeLogin, which answers the browser.
export { completeLogin, type CompleteLoginInput } from './complete-login.ts';
export { findLoginTransaction, type OpenLoginTransaction } from './transaction.ts';
export { readSession, endSession, type LiveSession } from './session.ts';
export { registerAuthorize, LOGIN_PATH, SIGNUP_PATH } from './route.ts';
export type { AuthorizeRequest } from './validate.ts';
