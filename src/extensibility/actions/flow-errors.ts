import { errors, type ErrorCode } from '../../errors/index.ts';
import type { Stop } from './fold-commands.ts';
import type { FlowError, TriggerId } from './types.ts';

export function flowError(code: ErrorCode, description?: string, wire?: string): FlowError {
  const spec = errors[code];
  return { code, status: spec.status, wire: wire ?? spec.wire, description: description ?? spec.message };
}

const denyCodes: Record<string, ErrorCode> = {
  invalid_scope: 'ACTION_DENIED_INVALID_SCOPE',
  invalid_request: 'ACTION_DENIED_INVALID_REQUEST',
  server_error: 'ACTION_DENIED_SERVER_ERROR',
};

/** What the application gets for api.access.deny on each trigger (actions.md §5 table). */
export function denyError(trigger: TriggerId, stop: Extract<Stop, { kind: 'deny' }>): FlowError {
  if (trigger === 'credentials-exchange') return flowError(denyCodes[stop.code] ?? 'ACTION_DENIED_INVALID_REQUEST', stop.reason || undefined);
  if (trigger === 'pre-user-registration') return flowError('ACTION_SIGNUP_DENIED', stop.userMessage || undefined);
  return flowError('ACTION_DENIED', stop.reason || undefined);
}

/** prompt=none → interaction_required; a token grant → 403 access_denied (actions.md §5, §6). */
export function redirectRefused(event: Record<string, unknown>): FlowError {
  return flowError(wantsNoPrompt(event) ? 'ACTION_INTERACTION_REQUIRED' : 'ACTION_REDIRECT_UNSUPPORTED');
}

export function wantsNoPrompt(event: Record<string, unknown>): boolean {
  const request = event.request as { query?: Record<string, unknown> } | undefined;
  const transaction = event.transaction as { prompt?: unknown } | undefined;
  if (request?.query?.prompt === 'none') return true;
  return Array.isArray(transaction?.prompt) && transaction.prompt.includes('none');
}

const noRedirectProtocols = new Set(['oauth2-resource-owner', 'oauth2-refresh-token', 'oauth2-password', 'oauth2-webauthn']);

/** api.redirect.canRedirect() (actions.md §4.1, the 4-protocol list). */
export function canRedirect(event: Record<string, unknown>, allowed: boolean): boolean {
  const protocol = (event.transaction as { protocol?: unknown } | undefined)?.protocol;
  return allowed && !wantsNoPrompt(event) && !(typeof protocol === 'string' && noRedirectProtocols.has(protocol));
}
