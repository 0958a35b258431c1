import type { FastifyRequest } from 'fastify';

/** The string fields of a posted form (or JSON) body; anything else is ignored. */
export function formFields(request: FastifyRequest): Record<string, string> {
  const body = request.body;
  if (body === null || typeof body !== 'object' || Array.isArray(body)) return {};
  const out: Record<string, string> = {};
  for (const [key, value] of Object.entries(body)) if (typeof value === 'string' && value.length <= 4096) out[key] = value;
  return out;
}

export function queryParam(request: FastifyRequest, name: string): string | undefined {
  const value = (request.query as Record<string, unknown> | undefined)?.[name];
  return typeof value === 'string' && value.length <= 512 ? value : undefined;
}
