import { SCRIPT_NAMES, docsUrl, scriptFunctions } from './util.js';

// "Action scripts can be implemented as anonymous functions, but it is not recommended":
// an anonymous script shows up as <anonymous> in stack traces and logs. The fix names the
// function after its file when the file is named after a script (login.js → function login).

const FILE_TO_FUNCTION = {
  login: 'login', get_user: 'getByEmail', getByEmail: 'getByEmail', create: 'create', verify: 'verify',
  change_password: 'changePassword', changePassword: 'changePassword', change_email: 'changeEmail',
  changeEmail: 'changeEmail', delete: 'remove', remove: 'remove',
};

export const noAnonymousScript = {
  meta: {
    type: 'suggestion',
    docs: { description: 'Require custom database script functions to be named', recommended: true, url: docsUrl('no-anonymous-script') },
    fixable: 'code',
    schema: [],
    messages: {
      anonymous: 'Name the script function (e.g. `function {{name}}(…) {…}`): an anonymous function shows up as <anonymous> in stack traces and logs, which makes failures hard to trace.',
    },
  },
  create(context) {
    return {
      Program(program) {
        const base = (context.filename ?? '').replace(/\\/g, '/').split('/').pop()?.replace(/\.[cm]?js$/, '') ?? '';
        const fromFile = FILE_TO_FUNCTION[base];
        for (const statement of program.body) {
          const expression = statement.type === 'ExpressionStatement' ? statement.expression : undefined;
          const isAnon = expression && (expression.type === 'ArrowFunctionExpression' || (expression.type === 'FunctionExpression' && !expression.id));
          if (!isAnon) continue;
          const isScript = scriptFunctions(program).some((s) => s.fn === expression) || Boolean(fromFile);
          if (!isScript) continue;
          const name = fromFile ?? 'login';
          const fixable = expression.type === 'FunctionExpression' && fromFile && SCRIPT_NAMES.has(name);
          context.report({
            node: expression,
            messageId: 'anonymous',
            data: { name },
            fix: fixable ? (fixer) => {
              const tokens = context.sourceCode.getTokens(expression);
              const fnToken = tokens.find((t) => t.value === 'function');
              const paren = tokens.find((t) => t.value === '(' && t.range[0] >= fnToken.range[1]);
              return fixer.replaceTextRange([fnToken.range[1], paren.range[0]], ` ${name}`);
            } : null,
          });
        }
      },
    };
  },
};
