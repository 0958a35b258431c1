// The one list of the protocol's lifetimes and limits (seconds unless named otherwise),
// Auth0's defaults where Auth0 has one. docs/protocol.md lists them.

/** Authorization codes: single use, and short (Auth0: about a minute). */
export const CODE_LIFETIME = 60;
/** How long the login page may take before /authorize must be started again. */
export const LOGIN_TRANSACTION_LIFETIME = 3_600;
/** SSO session: ends after this much inactivity (Auth0's default: 3 days)… */
export const SESSION_IDLE_LIFETIME = 3 * 86_400;
/** …and at the latest this long after login (Auth0's default: 7 days). */
export const SESSION_ABSOLUTE_LIFETIME = 7 * 86_400;
/** Rotating refresh tokens: absolute lifetime of a family (Auth0's default: 30 days). */
export const REFRESH_TOKEN_LIFETIME = 30 * 86_400;
/** The browser-binding cookie outlives sessions; it only identifies the browser. */
export const BROWSER_COOKIE_LIFETIME = 365 * 86_400;
/** Longest value accepted for any single protocol parameter (bigger bodies are refused anyway). */
export const MAX_PARAM_LENGTH = 4_096;
/** The scopes OpenID Connect defines; any other scope must belong to the requested API. */
export const OIDC_SCOPES: ReadonlySet<string> = new Set(['openid', 'profile', 'email', 'address', 'phone', 'offline_access']);
