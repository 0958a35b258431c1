// Runs in a child process (NODE_EXTRA_CA_CERTS set): drives Gatehouse with the official auth0
// SDK's ManagementClient exactly as an application would, and prints what it saw as JSON.
import { ManagementClient } from 'auth0';

const { DOMAIN, CLIENT_ID, CLIENT_SECRET, SCENARIO } = process.env as Record<string, string>;
const management = new ManagementClient({ domain: DOMAIN, clientId: CLIENT_ID, clientSecret: CLIENT_SECRET });
const out: Record<string, unknown> = {};

const loginScript = `function login(email, password, callback) {
  if (email === 'legacy@example.com' && password === configuration.LEGACY_PASSWORD) return callback(null, { user_id: 'legacy-1', email: email, name: 'Legacy User' });
  return callback(new WrongUsernameOrPasswordError(email));
}`;
const getUserScript = `function getUser(email, callback) { return callback(null); }`;

async function usersAndConnections(): Promise<void> {
  const connection = await management.connections.create({
    name: 'sdk-legacy', strategy: 'auth0',
    options: { enabledDatabaseCustomization: true, import_mode: true, customScripts: { login: loginScript, get_user: getUserScript }, configuration: { LEGACY_PASSWORD: 'pw-from-sdk' } },
  });
  out.connection = connection;
  out.connectionList = (await management.connections.list({ strategy: ['auth0'] })).data.map((c) => c.name);
  out.connectionGet = await management.connections.get(connection.id!);
  out.connectionUpdated = await management.connections.update(connection.id!, {
    options: { enabledDatabaseCustomization: true, import_mode: true, customScripts: { login: loginScript, get_user: getUserScript }, configuration: { LEGACY_PASSWORD: 'pw-from-sdk' }, requires_username: false },
  });

  const created = await management.users.create({
    connection: 'Username-Password-Authentication', email: 'sdk@example.com', password: 'Sdk-Passw0rd!', user_metadata: { a: 1 }, app_metadata: { plan: 'gold' },
  });
  out.userCreated = created;
  out.userGet = await management.users.get(created.user_id!);
  out.userUpdated = await management.users.update(created.user_id!, { user_metadata: { a: null, b: 2 }, app_metadata: { tier: 1 } });
  const page = await management.users.list({ q: 'app_metadata.plan:gold', search_engine: 'v3' });
  out.userSearch = page.data.map((u) => u.user_id);
  out.usersByEmail = (await management.users.listUsersByEmail({ email: 'sdk@example.com' })).map((u) => u.user_id);
  try {
    await management.users.create({ connection: 'Username-Password-Authentication', email: 'sdk@example.com', password: 'Sdk-Passw0rd!' });
    out.duplicate = 'created';
  } catch (err) {
    const e = err as { statusCode?: number; body?: unknown; message?: string };
    out.duplicate = { statusCode: e.statusCode, body: e.body };
  }
  try {
    await management.users.update(created.user_id!, { favourite: 'x' } as never);
  } catch (err) {
    const e = err as { statusCode?: number; body?: unknown };
    out.unknownField = { statusCode: e.statusCode, body: e.body };
  }
  await management.users.delete(created.user_id!);
  try {
    await management.users.get(created.user_id!);
  } catch (err) {
    const e = err as { statusCode?: number; body?: unknown };
    out.deleted = { statusCode: e.statusCode, body: e.body };
  }
  out.logs = (await management.logs.list({})).data.length;
  out.keys = (await management.keys.signing.list()).map((k) => k.kid);
}

async function actions(): Promise<void> {
  const action = await management.actions.create({
    name: 'sdk-action', supported_triggers: [{ id: 'post-login', version: 'v3' }], runtime: 'node22',
    code: 'exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://sdk/claim", event.secrets.GREETING); };',
    secrets: [{ name: 'GREETING', value: 'hello' }], dependencies: [],
  });
  out.actionCreated = action;
  out.actionList = (await management.actions.list({})).data.map((a) => a.name);
  const deployed = await management.actions.deploy(action.id!);
  out.deployed = deployed;
  out.versions = (await management.actions.versions.list(action.id!)).data.map((v) => v.number);
  out.triggers = (await management.actions.triggers.list()).triggers?.map((t) => t.id);
  out.bindings = await management.actions.triggers.bindings.updateMany('post-login', { bindings: [{ ref: { type: 'action_id', value: action.id! }, display_name: 'sdk-action' }] });
  out.bindingList = (await management.actions.triggers.bindings.list('post-login')).data.map((b) => b.display_name);
  out.test = await management.actions.test(action.id!, { payload: { user: { user_id: 'auth0|x', email: 'x@example.com' } } });
  await management.actions.update(action.id!, { code: 'exports.onExecutePostLogin = async (event, api) => { api.idToken.setCustomClaim("https://sdk/claim", "v2"); };' });
  const second = await management.actions.deploy(action.id!);
  out.rollback = await management.actions.versions.deploy(action.id!, deployed.id!);
  out.secondNumber = second.number;
  out.actionAfter = await management.actions.get(action.id!);
}

const scenarios: Record<string, () => Promise<void>> = { 'users-and-connections': usersAndConnections, actions };
try {
  await scenarios[SCENARIO]();
  process.stdout.write(JSON.stringify(out));
} catch (err) {
  const e = err as { statusCode?: number; body?: unknown; message?: string };
  process.stdout.write(JSON.stringify({ ...out, failed: { message: e.message, statusCode: e.statusCode, body: e.body } }));
  process.exitCode = 1;
}
