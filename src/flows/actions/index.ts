// Actions in the login pipeline (docs/actions.md): each trigger's `event` built from the
// request and storage, the engine (src/extensibility/actions/) run at the right point of each
// flow, and its effects applied — metadata written, claims and scopes handed to the token
// issuer, denials turned into Auth0's errors, redirects suspended until /continue.
export { actionsDepsOf, type PipelineDeps } from './deps.ts';
export { eventRequest, visibleBody, type EventRequest, type EventRequestOptions } from './event-request.ts';
export { eventUser, eventClient, eventConnection, eventTenant, eventResourceServer } from './event-parts.ts';
export { postLoginEvent, type PostLoginEventInput, type PostLoginTransaction } from './post-login-event.ts';
export { runPostLogin, resumePostLogin, type PostLoginOutcome, type RunPostLoginInput } from './run-post-login.ts';
export {
  accessTokenScopes, customClaimsOf, tokenEffectsOf, NO_TOKEN_EFFECTS, TokenEffectsSchema, type TokenEffects,
} from './token-effects.ts';
export { suspendFlow, resumeFlow, MAX_SUSPENDED_MS, type FinishLogin, type SuspendInput, type ResumeInput, type ResumedFlow } from './flow-state.ts';
export { runCredentialsExchange, type CredentialsExchangeInput } from './credentials-exchange.ts';
export {
  runPreUserRegistration, startPostUserRegistration, type RegistrationContext, type NewUser, type PreRegistrationResult,
} from './registration.ts';
export { startPostChangePassword } from './post-change-password.ts';
export {
  sendPhoneMessage, createLogPhoneSender, type PhoneMessage, type PhoneSender, type SendPhoneMessageInput, type SendPhoneMessageDeps,
} from './send-phone-message.ts';
