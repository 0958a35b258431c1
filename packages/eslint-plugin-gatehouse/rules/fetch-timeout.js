import { docsUrl, memberPath, propertyName } from './util.js';

// "Set a reasonable timeout (less than 10 seconds)" on external calls, and for scripts "set the
// function to time out after a reasonable duration": without one, a slow API holds the login
// until the container's own limit (20 s) kills the call and recycles the container.
//
// Checked: fetch(url, options), axios(config) / axios.get|delete|head|options(url, config) /
// axios.post|put|patch(url, data, config) / axios.request(config) / axios.create(config), and
// http(s).request|get(url?, options, cb?). The options must be an object literal with `signal`
// or `timeout` (a spread or a variable that cannot be read statically is given the benefit of
// the doubt); for http(s), `req.setTimeout(…)` on the returned request also counts.

const AXIOS_CONFIG_INDEX = { get: 1, delete: 1, head: 1, options: 1, post: 2, put: 2, patch: 2, postForm: 2, putForm: 2, patchForm: 2, request: 0, create: 0 };
const TIMEOUT_KEYS = new Set(['signal', 'timeout']);

/** 'yes' | 'no' | 'unknown': does this options node carry a timeout? */
function hasTimeout(node, scopeOf) {
  if (!node) return 'no';
  if (node.type === 'ObjectExpression') {
    let unknown = false;
    for (const p of node.properties) {
      if (p.type === 'SpreadElement') { unknown = true; continue; }
      if (TIMEOUT_KEYS.has(propertyName(p.key) ?? '')) return 'yes';
    }
    return unknown ? 'unknown' : 'no';
  }
  if (node.type === 'Identifier') {
    // A const initialised with an object literal in this file is read; anything else is unknown.
    const variable = findVariable(scopeOf(node), node.name);
    const def = variable?.defs[0];
    if (def?.type === 'Variable' && def.parent.kind === 'const' && def.node.init?.type === 'ObjectExpression') {
      const direct = hasTimeout(def.node.init, scopeOf);
      if (direct !== 'no') return direct;
      // `options.signal = …` assigned later still counts.
      return variable.references.some((r) => {
        const m = r.identifier.parent;
        return m.type === 'MemberExpression' && m.object === r.identifier && TIMEOUT_KEYS.has(propertyName(m.property) ?? '') && m.parent.type === 'AssignmentExpression' && m.parent.left === m;
      }) ? 'yes' : 'no';
    }
    return 'unknown';
  }
  return 'unknown';
}

function findVariable(scope, name) {
  for (let s = scope; s; s = s.upper) {
    const v = s.set.get(name);
    if (v) return v;
  }
  return undefined;
}

function isGlobalName(scope, name) {
  const v = findVariable(scope, name);
  return !v || v.defs.length === 0;
}

/** For http(s).request: is setTimeout / a 'timeout' listener attached to the returned request? */
function requestGetsTimeout(call, scopeOf) {
  const parent = call.parent;
  if (parent.type === 'MemberExpression' && parent.object === call && ['setTimeout', 'on', 'once'].includes(propertyName(parent.property) ?? '')) return true;
  if (parent.type === 'VariableDeclarator' && parent.id.type === 'Identifier') {
    const v = findVariable(scopeOf(parent.id), parent.id.name);
    return Boolean(v?.references.some((r) => {
      const m = r.identifier.parent;
      if (m.type !== 'MemberExpression' || m.object !== r.identifier) return false;
      const name = propertyName(m.property);
      if (name === 'setTimeout') return true;
      const c = m.parent;
      return (name === 'on' || name === 'once') && c.type === 'CallExpression' && c.arguments[0]?.type === 'Literal' && c.arguments[0].value === 'timeout';
    }));
  }
  return false;
}

export const fetchTimeout = {
  meta: {
    type: 'problem',
    docs: { description: 'Require a timeout or AbortSignal on fetch, axios and http(s) calls', recommended: true, url: docsUrl('fetch-timeout') },
    schema: [],
    messages: {
      fetch: 'fetch() without a timeout: a slow API would hold the login until the container is killed at its time limit. Pass {{hint}}.',
      axios: '{{callee}}() without a timeout: a slow API would hold the login until the container is killed at its time limit. Add `timeout: 5000` (ms, under 10 s) to its config.',
      http: '{{callee}}() without a timeout: a slow API would hold the login until the container is killed at its time limit. Pass `{ timeout: 5000 }` or `signal: AbortSignal.timeout(5000)` in the options, or call req.setTimeout(5000, …).',
    },
  },
  create(context) {
    const sourceCode = context.sourceCode;
    const scopeOf = (node) => sourceCode.getScope(node);
    return {
      CallExpression(node) {
        const callee = node.callee;
        if (callee.type === 'Identifier' && callee.name === 'fetch' && isGlobalName(scopeOf(node), 'fetch')) {
          const options = node.arguments[1];
          if (node.arguments[0]?.type === 'SpreadElement' || options?.type === 'SpreadElement') return;
          const has = hasTimeout(options, scopeOf);
          if (has === 'no') {
            const hint = options ? '`signal: AbortSignal.timeout(5000)` in its options (5 s; stay under 10 s)' : '`{ signal: AbortSignal.timeout(5000) }` as the second argument (5 s; stay under 10 s)';
            context.report({ node, messageId: 'fetch', data: { hint } });
          }
          return;
        }
        if (callee.type === 'Identifier' && callee.name === 'axios') {
          if (node.arguments.some((a) => a.type === 'SpreadElement')) return;
          // axios(config) or axios(url, config); a lone variable may be either, so it is unknown.
          const first = node.arguments[0];
          const config = node.arguments.length >= 2 ? node.arguments[1] : first && (first.type === 'ObjectExpression' || first.type === 'Identifier') ? first : undefined;
          if (hasTimeout(config, scopeOf) === 'no') context.report({ node, messageId: 'axios', data: { callee: 'axios' } });
          return;
        }
        const path = callee.type === 'MemberExpression' ? memberPath(callee) : undefined;
        if (!path || path.length !== 2) return;
        const [object, method] = path;
        if (object === 'axios' && method in AXIOS_CONFIG_INDEX) {
          const config = node.arguments[AXIOS_CONFIG_INDEX[method]];
          if (node.arguments.some((a) => a.type === 'SpreadElement')) return;
          if (hasTimeout(config, scopeOf) === 'no') context.report({ node, messageId: 'axios', data: { callee: `axios.${method}` } });
          return;
        }
        if ((object === 'http' || object === 'https') && (method === 'request' || method === 'get')) {
          // (url, options?, cb?) or (options, cb?): an object literal, or a variable named like options.
          const options = node.arguments.slice(0, 2).find((a) => a.type === 'ObjectExpression')
            ?? node.arguments.slice(0, 2).find((a) => a.type === 'Identifier' && /opt|config|param|settings/i.test(a.name));
          const has = options ? hasTimeout(options, scopeOf) : 'no';
          if (has === 'no' && !requestGetsTimeout(node, scopeOf)) context.report({ node, messageId: 'http', data: { callee: `${object}.${method}` } });
        }
      },
    };
  },
};
