import type { FastifyInstance } from 'fastify';
import { verifyDatabaseEmail } from '../../flows/custom-db/index.ts';
import type { UiDeps } from '../deps.ts';
import { queryParam } from '../form.ts';
import { sendPage } from '../layout.ts';
import { noticePage } from '../views/notice.ts';

/** The link of the verification email: marks the address verified (the ticket works once). */
export function registerEmailVerification(app: FastifyInstance, deps: UiDeps): void {
  app.get('/u/email-verification', async (request, reply) => {
    await verifyDatabaseEmail({ ...deps }, { tenantId: request.tenant.id, ticket: queryParam(request, 'ticket') ?? '' });
    return sendPage(reply, 200, noticePage({ title: 'Email verified', kind: 'success', message: 'Your email address was successfully verified.' }));
  });
}
