import { errors, type ErrorCode } from './catalogue.ts';

/** The one error class the host throws for user-visible failures; `code` keys the catalogue. */
export class GatehouseError extends Error {
  readonly code: ErrorCode;
  readonly status: number;
  readonly expose: boolean;

  constructor(code: ErrorCode, message?: string, options?: { cause?: unknown }) {
    super(message ?? errors[code].message, options);
    this.name = 'GatehouseError';
    this.code = code;
    this.status = errors[code].status;
    this.expose = errors[code].expose;
  }
}

export function isGatehouseError(value: unknown): value is GatehouseError {
  return value instanceof GatehouseError;
}
