// The script keys of a custom database connection (custom-db.md §1) and the stubs that stand in
// for the ones a connection leaves unset, worded as Auth0's templates word theirs.

/** Every key Auth0's Management API accepts in options.customScripts; all are stored. */
export const SCRIPT_KEYS = [
  'login', 'get_user', 'create', 'verify', 'change_password', 'change_email', 'delete', 'change_username', 'change_phone_number',
] as const;
export type ScriptKey = (typeof SCRIPT_KEYS)[number];

/** The seven documented scripts Gatehouse calls. */
export const CALLED_SCRIPTS = ['login', 'get_user', 'create', 'verify', 'change_password', 'change_email', 'delete'] as const;
export type CalledScript = (typeof CALLED_SCRIPTS)[number];

/** The file names auth0-deploy-cli exports (database-connections/<name>/<file>.js) → key. */
export const SCRIPT_FILES: Readonly<Record<string, ScriptKey>> = Object.freeze({
  login: 'login', get_user: 'get_user', getUser: 'get_user', create: 'create', verify: 'verify',
  change_password: 'change_password', changePassword: 'change_password', change_email: 'change_email', changeEmail: 'change_email',
  delete: 'delete', remove: 'delete', deleteUser: 'delete', change_username: 'change_username', change_phone_number: 'change_phone_number',
});

export function isScriptKey(value: string): value is ScriptKey {
  return (SCRIPT_KEYS as readonly string[]).includes(value);
}

const titles: Record<CalledScript, { title: string; params: string }> = {
  login: { title: 'Login', params: 'email, password, callback' },
  get_user: { title: 'Get User', params: 'email, callback' },
  create: { title: 'Create', params: 'user, callback' },
  verify: { title: 'Verify', params: 'email, callback' },
  change_password: { title: 'Change Password', params: 'email, newPassword, callback' },
  change_email: { title: 'Change Email', params: 'email, newEmail, verified, callback' },
  delete: { title: 'Delete', params: 'id, callback' },
};

/** The message of an unset script's error (Auth0's template wording, pointing at Gatehouse's tooling). */
export function notImplementedMessage(script: CalledScript): string {
  return `Please implement the ${titles[script].title} script for this database connection (gatehouse connection set-scripts, docs/custom-db.md)`;
}

/**
 * The source run when a connection has no such script: it calls back with the template's error,
 * so an unset script behaves (and is logged) exactly like Auth0's untouched template.
 */
export function stubSource(script: CalledScript): string {
  const name = script.replace(/_(\w)/g, (_, c: string) => c.toUpperCase());
  const fn = name === 'delete' ? 'remove' : name;
  return `function ${fn}(${titles[script].params}) {\n  return callback(new Error(${JSON.stringify(notImplementedMessage(script))}));\n}\n`;
}
