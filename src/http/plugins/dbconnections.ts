import type { FastifyInstance, FastifyRequest } from 'fastify';
import { z } from 'zod';
import type { Logger } from '../../config/index.ts';
import { GatehouseError, renderError } from '../../errors/index.ts';
import { PasswordStrengthError, type NativeDbDeps } from '../../flows/native-db/index.ts';
import {
  CustomDbValidationError, findDatabaseConnection, requestDatabasePasswordReset, signupDatabaseUser, type CustomDbDeps,
} from '../../flows/custom-db/index.ts';
import { eventRequest } from '../../flows/actions/index.ts';
import { createClientQueries, type ConnectionRecord } from '../../storage/index.ts';
import { publicOrigin } from '../../ui/origin.ts';
import type { ServerContext, Surface } from '../context.ts';
import { toGatehouseError } from '../error-handler.ts';

// Auth0's legacy database endpoints. Errors keep their legacy shape
// {"name","code","description","statusCode"} (SDKs read code/description), including body
// parsing failures, which the scope's own error handler re-expresses.

export const RESET_EMAIL_SENT = "We've just sent you an email to reset your password.";

const text = (max: number) => z.string().max(max);
const SignupBody = z.object({
  client_id: text(128),
  email: text(512),
  password: text(1024),
  connection: text(128),
  username: text(128).optional(),
  given_name: text(150).optional(),
  family_name: text(150).optional(),
  name: text(300).optional(),
  nickname: text(300).optional(),
  picture: text(2048).optional(),
  // Auth0 takes string values only here (at most 10 keys); nested data belongs in app code.
  user_metadata: z.record(z.string(), text(500)).refine((m) => Object.keys(m).length <= 10, 'at most 10 keys').optional(),
});

const ChangePasswordBody = z.object({
  client_id: text(128),
  email: text(512),
  connection: text(128),
  organization: text(128).optional(),
});

function parse<T>(schema: z.ZodType<T>, body: unknown): T {
  if (body === null || typeof body !== 'object' || Array.isArray(body)) throw new GatehouseError('DBCONN_INVALID_BODY');
  const result = schema.safeParse(body);
  if (result.success) return result.data;
  const issue = result.error.issues[0];
  const field = issue?.path.join('.') ?? 'body';
  const missing = issue?.code === 'invalid_type' && (body as Record<string, unknown>)[String(issue.path[0])] === undefined;
  throw new GatehouseError('DBCONN_INVALID_BODY', missing ? `Missing required parameter: ${field}` : `Invalid parameter: ${field} (${issue?.message ?? 'invalid'})`);
}

/** The named database connection, if the client exists and has it enabled. */
async function clientConnection(deps: NativeDbDeps, request: FastifyRequest, clientId: string, name: string): Promise<ConnectionRecord> {
  const tenantId = request.tenant.id;
  const client = await createClientQueries(deps.database, deps.box, tenantId).find(clientId);
  if (!client) throw new GatehouseError('DBCONN_UNKNOWN_CLIENT', `Unknown client: ${clientId}`);
  const connection = await findDatabaseConnection(deps, tenantId, name);
  if (!connection.enabled_clients.includes(client.client_id)) {
    throw new GatehouseError('DBCONN_BAD_CONNECTION', 'The connection is not enabled for this client.');
  }
  return connection;
}

function legacyError(err: unknown): { status: number; body: unknown } {
  if (err instanceof PasswordStrengthError) return { status: 400, body: err.body() };
  // A create script's ValidationError carries its own code (user_exists, …), not the catalogue's.
  if (err instanceof CustomDbValidationError) return { status: 400, body: err.body() };
  let error = toGatehouseError(err);
  // Parsing failures (bad JSON, wrong content type, too large) keep their status but speak legacy.
  if (error.status < 500 && error.code !== 'DBCONN_INVALID_BODY' && ['INVALID_BODY', 'UNSUPPORTED_MEDIA_TYPE', 'BAD_REQUEST'].includes(error.code)) {
    error = new GatehouseError('DBCONN_INVALID_BODY', error.message, { cause: error });
  }
  return renderError(error);
}

export const dbconnections: Surface = {
  name: 'dbconnections',
  prefix: '/dbconnections',
  register(app: FastifyInstance, context: ServerContext) {
    const deps: CustomDbDeps = { database: context.database, box: context.box, logger: context.logger, runner: context.runner, attempts: context.attempts };

    app.setErrorHandler((err, request, reply) => {
      const { status, body } = legacyError(err);
      if (status >= 500) request.log.error({ err }, 'request failed');
      else request.log.info({ code: (body as { code?: string }).code }, 'request rejected');
      return reply.code(status).type('application/json; charset=utf-8').send(body);
    });

    app.post('/signup', async (request) => {
      const input = parse(SignupBody, request.body);
      const connection = await clientConnection(deps, request, input.client_id, input.connection);
      const { user } = await signupDatabaseUser({ ...deps, logger: request.log as Logger }, {
        tenantId: request.tenant.id,
        connection: connection.name,
        email: input.email,
        password: input.password,
        username: input.username,
        given_name: input.given_name,
        family_name: input.family_name,
        name: input.name,
        nickname: input.nickname,
        picture: input.picture,
        user_metadata: input.user_metadata,
        clientId: input.client_id,
        linkOrigin: publicOrigin(context.config, request),
        actions: { request: eventRequest(request, { body: true }), clientId: input.client_id },
      });
      // Auth0 answers with the id without its provider prefix and echoes the fields it stored.
      const echoed = Object.fromEntries((['username', 'given_name', 'family_name', 'name', 'nickname', 'picture', 'user_metadata'] as const)
        .filter((k) => input[k] !== undefined).map((k) => [k, k === 'user_metadata' ? user.user_metadata : user[k]]));
      return { _id: user.user_id.replace(/^auth0\|/, ''), email: user.email, email_verified: user.email_verified, ...echoed };
    });

    app.post('/change_password', async (request, reply) => {
      const input = parse(ChangePasswordBody, request.body);
      const connection = await clientConnection(deps, request, input.client_id, input.connection);
      await requestDatabasePasswordReset({ ...deps, logger: request.log as Logger }, {
        tenantId: request.tenant.id,
        connection: connection.name,
        email: input.email,
        clientId: input.client_id,
        linkOrigin: publicOrigin(context.config, request),
      });
      return reply.type('text/plain; charset=utf-8').send(RESET_EMAIL_SENT);
    });
  },
};
