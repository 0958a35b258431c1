// api.redirect.encodeToken / validateToken (actions.md §4.1) as JavaScript for the harness:
// an HS256 JWS compact serialization computed inside the container with the crypto module.
// The token is signed, not encrypted: whoever holds it can read its payload.

export const tokenSource = String.raw`
  function b64url(buf) {
    return buf.toString('base64').replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  }
  function fromB64url(text) {
    return BufferClass.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  }
  function checkSecret(secret) {
    if (typeof secret !== 'string' || secret.length === 0) throw new TypeError('A non-empty "secret" string is required.');
  }

  function encodeToken(event, options) {
    if (options === null || typeof options !== 'object') throw new TypeError('encodeToken expects { secret, payload, expiresInSeconds }.');
    checkSecret(options.secret);
    const crypto = cryptoModule();
    const iat = Math.floor(DateNow() / 1000);
    const exp = iat + (options.expiresInSeconds === undefined ? 900 : Number(options.expiresInSeconds));
    const request = event.request || {};
    const claims = assign({ iat, iss: request.hostname, sub: event.user && event.user.user_id, exp, ip: request.ip }, options.payload || {});
    const header = b64url(BufferClass.from(stringify({ alg: 'HS256', typ: 'JWT' })));
    const body = b64url(BufferClass.from(stringify(claims)));
    const signature = b64url(crypto.createHmac('sha256', options.secret).update(header + '.' + body).digest());
    return header + '.' + body + '.' + signature;
  }

  function validateToken(event, continueState, options) {
    const opts = options === null || typeof options !== 'object' ? {} : options;
    checkSecret(opts.secret);
    const name = opts.tokenParameterName === undefined ? 'session_token' : String(opts.tokenParameterName);
    const request = event.request || {};
    const params = assign({}, request.query || {}, request.body || {});
    const token = params[name];
    if (typeof token !== 'string' || token === '') {
      throw new Error("There is no parameter called '" + name + "' available in either the POST body or query string.");
    }
    const invalid = (reason) => new Error('The session token is invalid: ' + reason);
    const parts = token.split('.');
    if (parts.length !== 3) throw invalid('it is not a JWT');
    let header;
    let payload;
    try {
      header = parse(fromB64url(parts[0]).toString('utf8'));
      payload = parse(fromB64url(parts[1]).toString('utf8'));
    } catch (e) {
      throw invalid('it is not a JWT');
    }
    if (header === null || header.alg !== 'HS256') throw invalid('the algorithm must be HS256');
    const crypto = cryptoModule();
    const expected = crypto.createHmac('sha256', opts.secret).update(parts[0] + '.' + parts[1]).digest();
    const given = fromB64url(parts[2]);
    if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected)) throw invalid('signature verification failed');
    if (payload === null || typeof payload !== 'object') throw invalid('the payload is not an object');
    if (typeof payload.exp !== 'number' || payload.exp * 1000 <= DateNow()) throw invalid('the token has expired');
    if (request.hostname !== undefined && payload.iss !== request.hostname) throw invalid('unexpected "iss" claim');
    const state = typeof continueState === 'string' ? continueState : params.state;
    if (typeof payload.state !== 'string' || payload.state !== state) throw invalid('the "state" claim does not match');
    if (event.user && payload.sub !== event.user.user_id) throw invalid('unexpected "sub" claim');
    return payload;
  }
`;
