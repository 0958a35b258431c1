export { errors, type ErrorCode, type ErrorSpec, type ErrorShape } from './catalogue.ts';
export { GatehouseError, isGatehouseError } from './gatehouse-error.ts';
export { renderError, type AuthBody, type ManagementBody, type LegacyBody } from './render.ts';
