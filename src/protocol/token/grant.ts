import type { FastifyRequest } from 'fastify';
import type { ClientRecord } from '../../storage/index.ts';
import type { ProtocolContext } from '../context.ts';
import type { Params } from '../params.ts';
import type { TokenResponse } from '../tokens/issue.ts';

/** What every grant handler is given once the client is authenticated and allowed the grant. */
export interface GrantRequest {
  readonly context: ProtocolContext;
  readonly request: FastifyRequest;
  readonly params: Params;
  readonly tenantId: string;
  readonly issuer: string;
  readonly client: ClientRecord;
  readonly confidential: boolean;
}

export type GrantHandler = (grant: GrantRequest) => Promise<TokenResponse>;
