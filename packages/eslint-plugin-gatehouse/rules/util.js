// Helpers shared by the rules: how an Action handler and a custom database script look, and
// how names are split into words (so "clientSecret" and "CLIENT_SECRET" read alike).

/** Auth0's custom database script function names (and the deploy CLI's file names). */
export const SCRIPT_NAMES = new Set([
  'login', 'getByEmail', 'get_user', 'getUser', 'create', 'verify', 'changePassword', 'change_password',
  'changeEmail', 'change_email', 'remove', 'delete', 'deleteUser',
]);

/** Parameter names used for the script callback when the function is not named after a script. */
export const CALLBACK_NAMES = new Set(['callback', 'cb', 'done']);

/** Action handlers whose `api` has `access.deny` (or, pre-user-registration, `validation.error`). */
export const DENY_HANDLERS = new Set([
  'onExecutePostLogin', 'onContinuePostLogin', 'onExecuteCredentialsExchange', 'onExecutePreUserRegistration',
]);

/** Splits an identifier into lower-case words: "clientSecretV2" → ["client", "secret", "v2"]. */
export function words(name) {
  return String(name)
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/([A-Z]+)([A-Z][a-z])/g, '$1 $2')
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((w) => w.toLowerCase());
}

/** The static name of a property key or member property, or undefined when computed. */
export function propertyName(node) {
  if (!node) return undefined;
  if (node.type === 'Identifier') return node.name;
  if (node.type === 'Literal' && typeof node.value === 'string') return node.value;
  if (node.type === 'PrivateIdentifier') return node.name;
  return undefined;
}

/** `a.b.c` → ["a", "b", "c"]; undefined when any part is computed or the root is not a name. */
export function memberPath(node) {
  const parts = [];
  let current = node;
  while (current.type === 'MemberExpression' || current.type === 'ChainExpression') {
    if (current.type === 'ChainExpression') { current = current.expression; continue; }
    const name = current.computed ? (current.property.type === 'Literal' ? String(current.property.value) : undefined) : propertyName(current.property);
    if (name === undefined) return undefined;
    parts.unshift(name);
    current = current.object;
  }
  if (current.type === 'Identifier') parts.unshift(current.name);
  else if (current.type === 'ThisExpression') parts.unshift('this');
  else return undefined;
  return parts;
}

/**
 * The Action handler a function is, or undefined: `exports.onExecutePostLogin = async (event, api) => {}`,
 * `module.exports.onExecutePostLogin = …`, `exports.onExecutePostLogin = onExecutePostLogin` with
 * the function declared in the file, or `module.exports = { onExecutePostLogin … }`.
 */
export function actionHandlerName(fn) {
  const parent = fn.parent;
  if (!parent) return undefined;
  if (parent.type === 'AssignmentExpression' && parent.right === fn) {
    const path = parent.left.type === 'MemberExpression' ? memberPath(parent.left) : undefined;
    if (path && isExportsPath(path.slice(0, -1))) return handlerName(path[path.length - 1]);
  }
  if (parent.type === 'Property' && parent.value === fn && parent.parent?.type === 'ObjectExpression') {
    const assign = parent.parent.parent;
    if (assign?.type === 'AssignmentExpression' && assign.left.type === 'MemberExpression') {
      const path = memberPath(assign.left);
      if (path && isExportsPath(path)) return handlerName(propertyName(parent.key));
    }
  }
  if (fn.type === 'FunctionDeclaration' && fn.id && handlerName(fn.id.name)) return fn.id.name;
  return undefined;
}

function isExportsPath(path) {
  return (path.length === 1 && path[0] === 'exports') || (path.length === 2 && path[0] === 'module' && path[1] === 'exports');
}

function handlerName(name) {
  return typeof name === 'string' && /^on(Execute|Continue)[A-Z]\w*$/.test(name) ? name : undefined;
}

/** The nearest enclosing function of a node (or undefined at the top level). */
export function enclosingFunction(node) {
  for (let current = node.parent; current; current = current.parent) {
    if (isFunction(current)) return current;
  }
  return undefined;
}

export function isFunction(node) {
  return node.type === 'FunctionDeclaration' || node.type === 'FunctionExpression' || node.type === 'ArrowFunctionExpression';
}

/** The name of the Action handler enclosing a node, looking through nested functions. */
export function enclosingHandler(node) {
  for (let fn = enclosingFunction(node); fn; fn = enclosingFunction(fn)) {
    const name = actionHandlerName(fn);
    if (name) return { fn, name };
  }
  return undefined;
}

/**
 * The custom database script functions of a file: top-level function declarations named after a
 * script or whose last parameter is named like a callback, and a function written as the file's
 * only expression (Auth0 evaluates the script source as one function).
 */
export function scriptFunctions(program) {
  const found = [];
  for (const statement of program.body) {
    let fn;
    if (statement.type === 'FunctionDeclaration') fn = statement;
    else if (statement.type === 'ExpressionStatement' && isFunction(statement.expression)) fn = statement.expression;
    if (!fn) continue;
    const last = fn.params[fn.params.length - 1];
    const named = fn.id && SCRIPT_NAMES.has(fn.id.name);
    const callbackLike = last?.type === 'Identifier' && CALLBACK_NAMES.has(last.name);
    if ((named && last?.type === 'Identifier') || callbackLike) found.push({ fn, callback: last.name });
  }
  return found;
}

/** Visits every node under `node` (not into nested functions when `shallow`), calling visit(n). */
export function walk(node, visit, { shallow = false } = {}) {
  const stack = [node];
  while (stack.length > 0) {
    const current = stack.pop();
    if (!current || typeof current.type !== 'string') continue;
    if (visit(current) === false) continue;
    if (shallow && current !== node && isFunction(current)) continue;
    for (const key of Object.keys(current)) {
      if (key === 'parent' || key === 'loc' || key === 'range') continue;
      const value = current[key];
      if (Array.isArray(value)) for (const child of value) stack.push(child);
      else if (value && typeof value.type === 'string') stack.push(value);
    }
  }
}

/** Documentation link of a rule. */
export function docsUrl(rule) {
  // Gatehouse's repository path of the page; the package ships without a hosted site.
  return `docs/lint-rules/${rule}.md`;
}
