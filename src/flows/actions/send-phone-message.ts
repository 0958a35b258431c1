import { GatehouseError } from '../../errors/index.ts';
import { executeTrigger } from '../../extensibility/actions/index.ts';
import { createClientQueries, createExecutionLogQueries, createTenantQueries, type Database, type UserRecord } from '../../storage/index.ts';
import { actionsDepsOf, type PipelineDeps } from './deps.ts';
import { compact, eventClient, eventTenant, eventUser } from './event-parts.ts';
import type { EventRequest } from './event-request.ts';

/** `event.message_options` of send-phone-message (actions.md §3). */
export interface PhoneMessage {
  readonly recipient: string;
  readonly text: string;
  readonly code: string;
  readonly action: 'enrollment' | 'second-factor-authentication';
  readonly message_type: 'sms' | 'voice';
}

/** Delivers a phone message when no send-phone-message Action is bound (Gatehouse's own SMS provider). */
export interface PhoneSender {
  send(tenantId: string, message: PhoneMessage): Promise<void>;
}

/**
 * Development delivery, like the log mailer: the message goes to the tenant's execution log
 * (type `phone`), where an admin can read it. The code is in the text, as it would be on the
 * phone; a deployment with real users plugs a real sender (or binds an Action) in.
 */
export function createLogPhoneSender(database: Database): PhoneSender {
  return {
    async send(tenantId, message) {
      await createExecutionLogQueries(database, tenantId).insert({
        type: 'phone',
        code_id: message.action,
        outcome: 'ok',
        duration_ms: 0,
        logs: [{ level: 'info', message: message.text }],
        details: { recipient: message.recipient, message_type: message.message_type },
      });
    },
  };
}

export interface SendPhoneMessageInput {
  readonly tenantId: string;
  readonly message: PhoneMessage;
  readonly user?: UserRecord;
  readonly clientId?: string;
  readonly request?: EventRequest;
}

export interface SendPhoneMessageDeps extends PipelineDeps {
  /** Used when no Action is bound; defaults to the execution log. */
  readonly phoneSender?: PhoneSender;
}

/**
 * Sends a one-time code by phone as Auth0 does with a send-phone-message Action bound: the
 * Actions deliver it (with their own provider), and nothing else does. With none bound, the
 * PhoneSender delivers. A failed Action flow means the message may not have gone out: thrown as
 * SERVER_ERROR (the detail is in the execution log). Gatehouse has no SMS MFA yet; this is the
 * library function that MFA and passwordless will call.
 */
export async function sendPhoneMessage(deps: SendPhoneMessageDeps, input: SendPhoneMessageInput): Promise<{ deliveredBy: 'actions' | 'sender' }> {
  const tenant = await createTenantQueries(deps.database).findById(input.tenantId);
  const client = input.clientId ? await createClientQueries(deps.database, deps.box, input.tenantId).find(input.clientId) : undefined;
  const event = compact({
    tenant: eventTenant(tenant?.name ?? input.tenantId),
    message_options: { ...input.message },
    user: input.user ? await eventUser(deps, input.user) : undefined,
    client: client ? eventClient(client) : undefined,
    request: input.request,
  });
  const result = await executeTrigger(actionsDepsOf(deps), { tenantId: input.tenantId, trigger: 'send-phone-message', event, canRedirect: false });
  if (result.status !== 'completed') throw new GatehouseError('SERVER_ERROR', `send-phone-message Actions did not complete (${result.status})`);
  if (result.executions.length > 0) return { deliveredBy: 'actions' };
  await (deps.phoneSender ?? createLogPhoneSender(deps.database)).send(input.tenantId, input.message);
  return { deliveredBy: 'sender' };
}
