// The `api` object of each trigger (actions.md §4), as JavaScript for the harness. Methods
// validate their arguments synchronously (a throw fails the execution), record a command
// `{api, args}` and return `api` where Auth0's do. A namespace a trigger does not have is
// absent, so calling it is a TypeError as on Auth0; post-login methods Gatehouse does not
// implement yet throw saying so.

export const apiSource = String.raw`
  const reservedClaims = ['iss', 'sub', 'aud', 'exp', 'nbf', 'iat', 'jti', 'azp', 'nonce', 'auth_time', 'at_hash', 'c_hash', 'acr', 'amr', 'sid', 'org_id', 'gty', 'permissions', 'scope'];

  function plain(value) {
    if (value === undefined) return null;
    const text = stringify(value);
    return text === undefined ? null : parse(text);
  }
  function isPlainObject(value) {
    if (value === null || typeof value !== 'object' || isArray(value)) return false;
    const proto = getPrototypeOf(value);
    return proto === null || proto === ObjectProto;
  }
  function checkString(value, what) {
    if (typeof value !== 'string') throw new TypeError('The ' + what + ' must be a string.');
  }
  function checkScope(scope) {
    if (typeof scope !== 'string') throw new TypeError('The scope must be a string.');
    const s = scope.trim();
    if (s === '') throw new Error('The value for the scope is required.');
    if (s.length > 280) throw new Error('The value for the scope exceeds the allowed maximum of 280 characters.');
    if (/\s/.test(s)) throw new Error('The value for the scope must not have whitespace.');
    return s;
  }
  function unsupported(name) {
    return function () { throw new Error('api.' + name + ' is not supported by Gatehouse yet.'); };
  }

  function buildApi(ctx) {
    const { trigger, event, record, cache } = ctx;
    const api = {};
    const chain = (fn) => function () { fn.apply(undefined, arguments); return api; };
    const claimSetter = (kind) => chain((key, value) => {
      checkString(key, 'claim name');
      if (key === 'scope') throw new Error('The "scope" claim cannot be set.');
      record(kind + '.setCustomClaim', [key, plain(value)]);
    });
    const metadataSetter = (field, kind) => chain((key, value) => {
      checkString(key, 'metadata key');
      const stored = event.user === undefined || event.user === null ? undefined : event.user[field];
      if (stored !== undefined && stored !== null && !isPlainObject(stored)) {
        throw new Error('Unexpected ' + field + ' format. Must be a valid JSON object' + (field === 'user_metadata' ? '.' : ''));
      }
      record('user.' + kind, [key, plain(value)]);
    });
    api.cache = cache;

    if (trigger === 'post-login') {
      api.access = freeze({ deny: chain((reason) => record('access.deny', [reason === undefined ? '' : String(reason)])) });
      api.accessToken = freeze({
        setCustomClaim: claimSetter('accessToken'),
        addScope: chain((scope) => record('accessToken.addScope', [checkScope(scope)])),
        removeScope: chain((scope) => record('accessToken.removeScope', [checkScope(scope)])),
      });
      api.idToken = freeze({ setCustomClaim: claimSetter('idToken') });
      api.multifactor = freeze({
        enable: chain((provider, options) => {
          checkString(provider, 'provider');
          const allowed = ['any', 'guardian', 'google-authenticator', 'duo', 'none'];
          if (allowed.indexOf(provider) === -1) throw new Error('Unknown MFA provider "' + provider + '".');
          record('multifactor.enable', [provider, plain(options === undefined ? {} : options)]);
        }),
      });
      api.authentication = freeze({
        recordMethod: chain((url) => {
          if (!ctx.continuing) throw new Error('api.authentication.recordMethod can only be called in onContinuePostLogin.');
          checkString(url, 'method URL');
          record('authentication.recordMethod', [url]);
        }),
        challengeWith: unsupported('authentication.challengeWith'),
        challengeWithAny: unsupported('authentication.challengeWithAny'),
        enrollWith: unsupported('authentication.enrollWith'),
        enrollWithAny: unsupported('authentication.enrollWithAny'),
        setPrimaryUser: unsupported('authentication.setPrimaryUser'),
      });
      api.redirect = freeze({
        sendUserTo: chain((url, options) => {
          checkString(url, 'redirect URL');
          const query = options && options.query ? plain(options.query) : {};
          record('redirect.sendUserTo', [url, query]);
        }),
        encodeToken: (options) => encodeToken(event, options),
        validateToken: (options) => validateToken(event, ctx.state, options),
        canRedirect: () => ctx.canRedirect,
      });
      api.user = freeze({
        setUserMetadata: metadataSetter('user_metadata', 'setUserMetadata'),
        setAppMetadata: metadataSetter('app_metadata', 'setAppMetadata'),
      });
      api.validation = freeze({ error: validationError(record, api) });
      api.transaction = freeze({ setMetadata: chain((key, value) => setTransactionMetadata(ctx, key, value)) });
      api.rules = freeze({ wasExecuted: () => false });
      api.prompt = freeze({ render: unsupported('prompt.render') });
      api.samlResponse = freeze({ setAttribute: unsupported('samlResponse.setAttribute') });
      api.session = freeze({ revoke: unsupported('session.revoke') });
      api.refreshToken = freeze({ revoke: unsupported('refreshToken.revoke') });
    } else if (trigger === 'credentials-exchange') {
      api.access = freeze({
        deny: chain((code, reason) => {
          if (['invalid_scope', 'invalid_request', 'server_error'].indexOf(code) === -1) {
            throw new Error('The code must be one of invalid_scope, invalid_request, server_error.');
          }
          record('access.deny', [code, reason === undefined ? '' : String(reason)]);
        }),
      });
      api.accessToken = freeze({ setCustomClaim: claimSetter('accessToken') });
    } else if (trigger === 'pre-user-registration') {
      api.access = freeze({
        deny: chain((reason, userMessage) => record('access.deny', [reason === undefined ? '' : String(reason), userMessage === undefined ? '' : String(userMessage)])),
      });
      api.user = freeze({
        setUserMetadata: metadataSetter('user_metadata', 'setUserMetadata'),
        setAppMetadata: metadataSetter('app_metadata', 'setAppMetadata'),
        setUserId: chain((id) => { checkString(id, 'user id'); record('user.setUserId', [id]); }),
      });
      api.validation = freeze({ error: validationError(record, api) });
    }
    return freeze(api);
  }

  function validationError(record, api) {
    return function (code, message) {
      checkString(code, 'error code');
      checkString(message, 'error message');
      if (code.length > 100 || message.length > 100) throw new Error('The error code and message must be at most 100 characters.');
      record('validation.error', [code, message]);
      return api;
    };
  }

  function setTransactionMetadata(ctx, key, value) {
    checkString(key, 'metadata key');
    if (key.length === 0 || key.length > 64) throw new Error('Transaction metadata keys must be 1 to 64 characters.');
    const tx = ctx.event.transaction;
    if (value === null || value === undefined) {
      delete tx.metadata[key];
      ctx.record('transaction.setMetadata', [key, null]);
      return;
    }
    const type = typeof value;
    if (type !== 'string' && type !== 'number' && type !== 'boolean') throw new TypeError('Transaction metadata values must be strings, numbers or booleans.');
    if (type === 'number' && (!isFinite(value) || (Math.floor(value) === value && !Number.isSafeInteger(value)))) {
      throw new Error('Transaction metadata numbers must be finite and safe integers.');
    }
    if (utf8Length(String(value)) > ctx.limits.transactionValueBytes) throw new Error('A transaction metadata value must be at most 8 KB.');
    let total = utf8Length(key) + utf8Length(String(value));
    for (const k of keys(tx.metadata)) if (k !== key) total += utf8Length(k) + utf8Length(String(tx.metadata[k]));
    if (total > ctx.limits.transactionTotalBytes) throw new Error('Transaction metadata must be at most 16 KB in total.');
    tx.metadata[key] = value;
    ctx.record('transaction.setMetadata', [key, value]);
  }
`;
