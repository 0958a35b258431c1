import type { Surface } from '../context.ts';

/**
 * Where the demo application's login lands (`http://localhost:3000/callback`), so a newcomer who
 * signs in from the start banner sees the outcome instead of a 404. A real application has its
 * own callback; this one only shows what arrived and what to do next.
 */
export const demoCallback: Surface = {
  name: 'demo-callback',
  register(app) {
    app.get('/callback', async (request, reply) => {
      const query = request.query as Record<string, string | undefined>;
      reply.header('cache-control', 'no-store');
      if (query.error) {
        return { signed_in: false, error: query.error, error_description: query.error_description ?? null, state: query.state ?? null };
      }
      return {
        signed_in: Boolean(query.code),
        code: query.code ?? null,
        state: query.state ?? null,
        next: 'Exchange the code: POST /oauth/token with grant_type=authorization_code, code, redirect_uri, client_id and client_secret.',
      };
    });
  },
};
