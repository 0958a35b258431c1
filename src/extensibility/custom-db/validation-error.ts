import { GatehouseError } from '../../errors/index.ts';

/** The legacy body /dbconnections/signup answers for a `create` script's ValidationError. */
export interface ValidationBody {
  name: 'BadRequestError';
  code: string;
  description: string;
  statusCode: 400;
}

/**
 * CUSTOM_DB_VALIDATION carrying the script's own code (`user_exists`, `email-too-long`, …): the
 * catalogue's wire code is fixed, Auth0 passes the script's through, so the body is built here.
 */
export class CustomDbValidationError extends GatehouseError {
  readonly validationCode: string;

  constructor(validationCode: string, description: string) {
    super('CUSTOM_DB_VALIDATION', description);
    this.name = 'CustomDbValidationError';
    this.validationCode = validationCode;
  }

  body(): ValidationBody {
    return { name: 'BadRequestError', code: this.validationCode, description: this.message, statusCode: 400 };
  }
}
