import type { TriggerId } from '../../extensibility/actions/index.ts';

// A realistic `event` per trigger for `gatehouse test-action` when no --event file is given:
// the shape the login pipeline builds (flows/actions/), filled with a plausible user, client,
// connection and request, as Auth0's dashboard test panel does. Returned fresh on each call so
// a caller may edit it.

const now = '2026-01-15T09:30:00.000Z';

const user = () => ({
  user_id: 'auth0|65a4f0c2e1b2c3d4e5f60718',
  email: 'jane.doe@example.com',
  email_verified: true,
  username: 'jane',
  name: 'Jane Doe',
  nickname: 'jane.doe',
  given_name: 'Jane',
  family_name: 'Doe',
  picture: 'https://s.gravatar.com/avatar/0d6a1f2f?s=480&r=pg&d=identicon',
  phone_verified: false,
  created_at: '2025-11-02T14:12:45.000Z',
  updated_at: now,
  app_metadata: { plan: 'free', roles: [] },
  user_metadata: { preferred_language: 'en' },
  identities: [{ provider: 'auth0', connection: 'Username-Password-Authentication', user_id: '65a4f0c2e1b2c3d4e5f60718', isSocial: false }],
  multifactor: [],
  enrolledFactors: [],
});

const request = () => ({
  ip: '203.0.113.42',
  hostname: 'localhost',
  method: 'POST',
  language: 'en-US',
  user_agent: 'Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0 Safari/537.36',
  geoip: { countryCode: 'US', countryCode3: 'USA', countryName: 'United States', cityName: 'Seattle', latitude: 47.6, longitude: -122.3, timeZone: 'America/Los_Angeles', continentCode: 'NA' },
  query: { client_id: 'bBeXz8OeJSzC1KCSBemvec4HA2DYuesC', response_type: 'code', redirect_uri: 'http://localhost:3000/callback', scope: 'openid profile email', state: 'af0ifjsldkj' },
  body: {},
});

const client = () => ({ client_id: 'bBeXz8OeJSzC1KCSBemvec4HA2DYuesC', name: 'Demo Application', metadata: {} });
const connection = () => ({ id: 'con_1a2b3c4d5e6f7a8b', name: 'Username-Password-Authentication', strategy: 'auth0', metadata: {} });
const tenant = () => ({ id: 'dev' });

const events: Record<TriggerId, () => Record<string, unknown>> = {
  'post-login': () => ({
    user: user(), request: request(), client: client(), connection: connection(), tenant: tenant(),
    transaction: {
      id: 'txn_5f1e2d3c4b5a', protocol: 'oidc-basic-profile', requested_scopes: ['openid', 'profile', 'email'],
      redirect_uri: 'http://localhost:3000/callback', state: 'af0ifjsldkj', response_type: ['code'], response_mode: 'query',
      prompt: [], ui_locales: [], acr_values: [], locale: 'en', metadata: {},
    },
    authentication: { methods: [{ name: 'pwd', timestamp: now }] },
    authorization: { roles: [] },
    stats: { logins_count: 3 },
    session: { id: 'sess_4b3a2c1d', created_at: now, updated_at: now, authenticated_at: now, device: { last_ip: '203.0.113.42' } },
    resource_server: { identifier: 'https://api.example.com' },
  }),
  'credentials-exchange': () => ({
    client: { client_id: 'mU3sT0k3nCl13nt1d0000000000000000', name: 'Backend Worker', metadata: {} },
    request: { ...request(), query: {}, body: { grant_type: 'client_credentials', audience: 'https://api.example.com' } },
    tenant: tenant(),
    transaction: { requested_scopes: ['read:orders'] },
    resource_server: { identifier: 'https://api.example.com' },
    accessToken: { scope: ['read:orders'], customClaims: {} },
  }),
  'pre-user-registration': () => {
    const { user_id: _id, identities: _identities, multifactor: _m, enrolledFactors: _e, ...profile } = user();
    return {
      user: { ...profile, email_verified: false, app_metadata: {}, user_metadata: {} },
      request: { ...request(), query: {}, body: {} }, client: client(), connection: connection(), tenant: tenant(),
      transaction: { requested_scopes: ['openid', 'profile', 'email'], locale: 'en' },
    };
  },
  'post-user-registration': () => ({
    user: { ...user(), email_verified: false, app_metadata: {}, user_metadata: {} },
    request: { ...request(), query: {}, body: {} }, client: client(), connection: connection(), tenant: tenant(),
  }),
  'post-change-password': () => ({
    user: user(), request: { ...request(), query: {}, body: {} }, connection: connection(), tenant: tenant(),
  }),
  'send-phone-message': () => ({
    user: { ...user(), phone_number: '+15555550123', phone_verified: true },
    client: client(), request: request(), tenant: tenant(),
    message_options: { recipient: '+15555550123', text: 'Your verification code is: 123456', code: '123456', action: 'second-factor-authentication', language: 'en', message_type: 'sms', factor: 'sms' },
  }),
};

export function defaultEvent(trigger: TriggerId): Record<string, unknown> {
  return events[trigger]();
}
