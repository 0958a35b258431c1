import type { Surface } from '../context.ts';

/** Liveness for load balancers and newcomers: answers for any known tenant host. */
export const health: Surface = {
  name: 'health',
  register(app) {
    app.get('/healthz', async () => ({ status: 'ok' }));
  },
};
