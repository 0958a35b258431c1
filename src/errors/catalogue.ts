// One catalogue of every user-visible error. Each entry says how it looks on the wire:
//   shape 'auth'        → Authentication API: {"error","error_description"}
//   shape 'management'  → Management API: {"statusCode","error","message","errorCode"}
//   shape 'legacy'      → /dbconnections/*: {"name","code","description","statusCode"}
//   shape 'cli'         → never on HTTP; printed by the CLI as one line.
// `expose: false` means the message is replaced by a generic one before it leaves the server
// (the detail only goes to the tenant log), as oidc-provider does with server_error.

export type ErrorShape = 'auth' | 'management' | 'legacy' | 'cli';

export interface ErrorSpec {
  readonly status: number;
  readonly expose: boolean;
  readonly shape: ErrorShape;
  /** The protocol `error` (auth) / `code` (legacy) / `errorCode` (management) value. */
  readonly wire: string;
  /** Default message when none is given. */
  readonly message: string;
}

export const errors = {
  // Tenancy and routing
  TENANT_NOT_FOUND: { status: 404, expose: true, shape: 'auth', wire: 'not_found', message: 'Unknown tenant host.' },
  ROUTE_NOT_FOUND: { status: 404, expose: true, shape: 'auth', wire: 'not_found', message: 'Not found.' },
  INVALID_BODY: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The request body is malformed.' },
  BODY_TOO_LARGE: { status: 413, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The request body is too large.' },
  UNSUPPORTED_MEDIA_TYPE: { status: 415, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The request content type is not supported.' },
  BAD_REQUEST: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The request is malformed.' },
  SERVER_ERROR: { status: 500, expose: false, shape: 'auth', wire: 'server_error', message: 'Internal server error.' },
  TEMPORARILY_UNAVAILABLE: { status: 503, expose: true, shape: 'auth', wire: 'temporarily_unavailable', message: 'The service is temporarily unavailable.' },
  CACHE_UNAVAILABLE: { status: 503, expose: true, shape: 'auth', wire: 'temporarily_unavailable', message: 'A shared service is temporarily unavailable; try again shortly.' },

  // Management API
  MGMT_UNAUTHORIZED: { status: 401, expose: true, shape: 'management', wire: 'invalid_token', message: 'Missing authentication.' },
  MGMT_INSUFFICIENT_SCOPE: { status: 403, expose: true, shape: 'management', wire: 'insufficient_scope', message: 'Insufficient scope.' },
  MGMT_NOT_FOUND: { status: 404, expose: true, shape: 'management', wire: 'inexistent_resource', message: 'The resource does not exist.' },
  MGMT_BAD_REQUEST: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'Payload validation error.' },
  MGMT_CONFLICT: { status: 409, expose: true, shape: 'management', wire: 'conflict', message: 'The resource already exists.' },
  MGMT_INVALID_QUERY: { status: 400, expose: true, shape: 'management', wire: 'invalid_query_string', message: 'Query validation error.' },
  MGMT_RATE_LIMITED: { status: 429, expose: true, shape: 'management', wire: 'too_many_requests', message: 'Global limit has been reached' },
  MGMT_USER_NOT_FOUND: { status: 404, expose: true, shape: 'management', wire: 'inexistent_user', message: 'The user does not exist.' },
  MGMT_CONNECTION_NOT_FOUND: { status: 404, expose: true, shape: 'management', wire: 'inexistent_connection', message: 'The connection does not exist' },
  MGMT_OPERATION_NOT_SUPPORTED: { status: 400, expose: true, shape: 'management', wire: 'operation_not_supported', message: 'The operation is not supported.' },
  MGMT_FORBIDDEN: { status: 403, expose: true, shape: 'management', wire: 'operation_not_allowed', message: 'The operation is not allowed.' },

  // Storage and configuration (CLI / start-up)
  CONFIG_INVALID: { status: 500, expose: false, shape: 'cli', wire: 'config_invalid', message: 'Invalid configuration.' },
  STORAGE_UNREACHABLE: { status: 503, expose: false, shape: 'cli', wire: 'storage_unreachable', message: 'The database cannot be reached.' },
  STORAGE_CORRUPT: { status: 500, expose: false, shape: 'cli', wire: 'storage_corrupt', message: 'The database file is not usable.' },
  TENANT_EXISTS: { status: 409, expose: true, shape: 'management', wire: 'conflict', message: 'A tenant with this name already exists.' },
  TENANT_INVALID: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'The tenant name or hostname is not valid.' },
  SECRET_KEY_INVALID: { status: 500, expose: false, shape: 'cli', wire: 'secret_key_invalid', message: 'The secret key is not usable.' },
  STORAGE_MIGRATION_FAILED: { status: 500, expose: false, shape: 'cli', wire: 'storage_migration_failed', message: 'A database migration failed.' },
  CACHE_UNREACHABLE: { status: 503, expose: false, shape: 'cli', wire: 'cache_unreachable', message: 'Redis cannot be reached.' },

  // User code (scripts and Actions)
  SCRIPT_TOO_LARGE: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'Script exceeds the 102,400-byte limit.' },
  SCRIPT_SYNTAX: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'Script has a syntax error.' },
  SCRIPT_TIMEOUT: { status: 500, expose: false, shape: 'auth', wire: 'server_error', message: 'Script execution time exceeded.' },
  SCRIPT_FAILED: { status: 500, expose: false, shape: 'auth', wire: 'server_error', message: 'Script execution failed.' },
  RUNTIME_OVERLOADED: { status: 503, expose: true, shape: 'auth', wire: 'temporarily_unavailable', message: 'Too many executions are waiting; try again.' },
  DEPENDENCY_INSTALL_FAILED: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'A dependency could not be installed.' },

  // Native database connection, /dbconnections and Universal Login
  WRONG_CREDENTIALS: { status: 403, expose: true, shape: 'auth', wire: 'invalid_grant', message: 'Wrong email or password.' },
  USER_BLOCKED: { status: 401, expose: true, shape: 'auth', wire: 'unauthorized', message: 'user is blocked' },
  TOO_MANY_ATTEMPTS: { status: 429, expose: true, shape: 'auth', wire: 'too_many_attempts', message: "Your account has been blocked after multiple consecutive login attempts. We've sent you an email with instructions on how to unblock it." },
  USER_EXISTS: { status: 400, expose: true, shape: 'legacy', wire: 'user_exists', message: 'The user already exists.' },
  PASSWORD_TOO_WEAK: { status: 400, expose: true, shape: 'legacy', wire: 'invalid_password', message: 'Password is too weak' },
  INVALID_SIGNUP: { status: 400, expose: true, shape: 'legacy', wire: 'invalid_signup', message: 'Invalid sign up' },
  SIGNUP_DISABLED: { status: 400, expose: true, shape: 'legacy', wire: 'signup_disabled', message: 'Public signup is disabled for this connection.' },
  DBCONN_INVALID_BODY: { status: 400, expose: true, shape: 'legacy', wire: 'invalid_body', message: 'The request body is invalid.' },
  DBCONN_UNKNOWN_CLIENT: { status: 400, expose: true, shape: 'legacy', wire: 'bad.client_id', message: 'Unknown client.' },
  DBCONN_BAD_CONNECTION: { status: 400, expose: true, shape: 'legacy', wire: 'bad.connection', message: 'Unknown connection or not a database connection enabled for this client.' },
  CSRF_INVALID: { status: 403, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The form was not sent from this page or has expired; go back and try again.' },
  TICKET_INVALID: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'This link is invalid, has expired or has already been used.' },

  // Custom database connections (docs/custom-db.md)
  CUSTOM_DB_UNAUTHORIZED: { status: 401, expose: true, shape: 'auth', wire: 'unauthorized', message: 'Unauthorized.' },
  CUSTOM_DB_VALIDATION: { status: 400, expose: true, shape: 'legacy', wire: 'invalid_signup', message: 'Invalid sign up' },
  CUSTOM_DB_REFUSED: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The legacy user store refused the change.' },
  CUSTOM_DB_INVALID: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'The custom database connection is not valid.' },

  // OAuth 2 / OpenID Connect endpoints (docs/protocol.md)
  OAUTH_INVALID_REQUEST: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The request is missing a required parameter or has an invalid one.' },
  OAUTH_INVALID_GRANT: { status: 403, expose: true, shape: 'auth', wire: 'invalid_grant', message: 'Invalid authorization code' },
  OAUTH_CLIENT_AUTH_FAILED: { status: 401, expose: true, shape: 'auth', wire: 'access_denied', message: 'Unauthorized' },
  OAUTH_UNAUTHORIZED_CLIENT: { status: 403, expose: true, shape: 'auth', wire: 'unauthorized_client', message: 'The client is not allowed to do this.' },
  OAUTH_UNSUPPORTED_GRANT_TYPE: { status: 400, expose: true, shape: 'auth', wire: 'unsupported_grant_type', message: 'Unsupported grant type' },
  OAUTH_UNSUPPORTED_RESPONSE_TYPE: { status: 400, expose: true, shape: 'auth', wire: 'unsupported_response_type', message: 'Unsupported response type' },
  OAUTH_ACCESS_DENIED: { status: 403, expose: true, shape: 'auth', wire: 'access_denied', message: 'Access denied.' },
  OAUTH_INVALID_SCOPE: { status: 403, expose: true, shape: 'auth', wire: 'invalid_scope', message: 'The requested scope is not allowed.' },
  OAUTH_INVALID_TOKEN: { status: 401, expose: true, shape: 'auth', wire: 'invalid_token', message: 'The access token is missing, invalid or expired.' },
  OAUTH_LOGIN_REQUIRED: { status: 400, expose: true, shape: 'auth', wire: 'login_required', message: 'Login required' },
  AUTHORIZE_UNKNOWN_CLIENT: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'Unknown client.' },
  AUTHORIZE_CALLBACK_MISMATCH: { status: 400, expose: true, shape: 'auth', wire: 'unauthorized_client', message: 'Callback URL mismatch.' },
  LOGIN_TRANSACTION_INVALID: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'This login attempt is unknown, has expired, was already completed or was started in another browser.' },

  // Actions in the login pipeline (docs/actions.md)
  ACTIONS_CONTINUE_INVALID: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'The state is unknown, has expired, was already used or belongs to another session.' },

  // Actions engine (docs/actions.md "Actions engine")
  ACTION_INVALID: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'The Action is not valid.' },
  ACTION_NOT_DEPLOYED: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'Only deployed Actions can be bound to a trigger.' },
  ACTION_TRIGGER_MISMATCH: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'The Action does not support this trigger.' },
  ACTION_BINDINGS_INVALID: { status: 400, expose: true, shape: 'management', wire: 'invalid_body', message: 'The bindings are not valid.' },
  ACTION_DENIED: { status: 403, expose: true, shape: 'auth', wire: 'access_denied', message: 'Access denied by an Action.' },
  ACTION_DENIED_INVALID_SCOPE: { status: 400, expose: true, shape: 'auth', wire: 'invalid_scope', message: 'An Action refused the requested scopes.' },
  ACTION_DENIED_INVALID_REQUEST: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'An Action refused the request.' },
  ACTION_DENIED_SERVER_ERROR: { status: 500, expose: true, shape: 'auth', wire: 'server_error', message: 'An Action refused the request.' },
  ACTION_SIGNUP_DENIED: { status: 400, expose: true, shape: 'legacy', wire: 'access_denied', message: 'Signup was refused by an Action.' },
  ACTION_VALIDATION_ERROR: { status: 400, expose: true, shape: 'auth', wire: 'invalid_request', message: 'An Action refused the request.' },
  ACTION_FAILED: { status: 403, expose: true, shape: 'auth', wire: 'access_denied', message: 'An Action failed; the tenant\'s execution log has the details.' },
  ACTION_INTERACTION_REQUIRED: { status: 400, expose: true, shape: 'auth', wire: 'interaction_required', message: 'An Action requested a redirect, which prompt=none does not allow.' },
  ACTION_REDIRECT_UNSUPPORTED: { status: 403, expose: true, shape: 'auth', wire: 'access_denied', message: 'Redirect actions are not supported for this grant type' },

  // Local development tooling: gatehouse lint / import / export / test-action / dev (docs/local-development.md)
  LINT_FAILED: { status: 400, expose: true, shape: 'cli', wire: 'lint_failed', message: 'The linter found errors.' },
  TENANT_DIRECTORY_INVALID: { status: 400, expose: true, shape: 'cli', wire: 'tenant_directory_invalid', message: 'The tenant directory cannot be used.' },
  ACTION_TEST_FAILED: { status: 500, expose: true, shape: 'cli', wire: 'action_test_failed', message: 'The Action failed.' },
} as const satisfies Record<string, ErrorSpec>;

export type ErrorCode = keyof typeof errors;
