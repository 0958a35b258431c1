import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';

// A small tenant in auth0-deploy-cli's directory layout, with keywords, for the directory tests.

export const sampleEnv = {
  LEGACY_DB_URL: 'postgres://legacy:s3cret@127.0.0.1:5432/legacy',
  API_KEY: 'key-1234567890',
  CALLBACKS: '["http://localhost:3000/callback","http://localhost:4000/callback"]',
  APP_NAME: 'Web App',
};

export const sampleFiles: Record<string, string> = {
  'tenant.json': JSON.stringify({ friendly_name: 'Sample', session_lifetime: 72, flags: { enable_client_connections: false } }, null, 2),
  'clients/Web App.json': JSON.stringify({
    name: '##APP_NAME##', app_type: 'regular_web', callbacks: '@@CALLBACKS@@', grant_types: ['authorization_code', 'refresh_token', 'password', 'http://auth0.com/oauth/grant-type/password-realm'],
    token_endpoint_auth_method: 'client_secret_post', is_first_party: true, client_metadata: { tier: 'gold' }, oidc_conformant: true, jwt_configuration: { alg: 'RS256', lifetime_in_seconds: 36000 },
  }, null, 2).replace('"@@CALLBACKS@@"', '@@CALLBACKS@@'),
  'clients/Worker.json': JSON.stringify({ name: 'Worker', app_type: 'non_interactive', grant_types: ['client_credentials'], token_endpoint_auth_method: 'client_secret_basic' }, null, 2),
  'resource-servers/Orders API.json': JSON.stringify({ name: 'Orders API', identifier: 'https://orders.example.com', scopes: [{ value: 'read:orders', description: 'Read orders' }], token_lifetime: 3600, allow_offline_access: true, token_lifetime_for_web: 7200 }, null, 2),
  'database-connections/legacy-db/database.json': JSON.stringify({
    name: 'legacy-db', strategy: 'auth0', enabled_clients: ['##APP_NAME##'],
    options: { requires_username: false, import_mode: false, configuration: { DB_URL: '##LEGACY_DB_URL##' }, customScripts: { login: './login.js', get_user: './get_user.js' } },
    realms: ['legacy-db'],
  }, null, 2),
  'database-connections/legacy-db/login.js': 'function login(email, password, callback) {\n  return callback(null, { user_id: email, email });\n}\n',
  'database-connections/legacy-db/get_user.js': 'function getByEmail(email, callback) {\n  return callback(null, { user_id: email, email });\n}\n',
  'actions/add-claims.json': JSON.stringify({
    name: 'add-claims', code: './actions/add-claims/code.js', runtime: 'node22', dependencies: [], deployed: true,
    secrets: [{ name: 'API_KEY', value: '##API_KEY##' }], supported_triggers: [{ id: 'post-login', version: 'v3' }],
  }, null, 2),
  'actions/add-claims/code.js': "exports.onExecutePostLogin = async (event, api) => {\n  api.idToken.setCustomClaim('https://example.com/plan', 'gold');\n};\n",
  'actions/gate.json': JSON.stringify({ name: 'gate', code: './actions/gate/code.js', runtime: 'node22', dependencies: [], deployed: true, secrets: [], supported_triggers: [{ id: 'post-login', version: 'v3' }] }, null, 2),
  'actions/gate/code.js': "exports.onExecutePostLogin = async (event, api) => {\n  if (event.user.app_metadata.blocked === true) return api.access.deny('blocked');\n};\n",
  'triggers/triggers.json': JSON.stringify({ 'post-login': [{ action_name: 'gate', display_name: 'gate' }, { action_name: 'add-claims', display_name: 'add-claims' }] }, null, 2),
};

export async function writeFiles(root: string, files: Record<string, string>): Promise<void> {
  for (const [file, text] of Object.entries(files)) {
    await mkdir(dirname(join(root, file)), { recursive: true });
    await writeFile(join(root, file), text);
  }
}
