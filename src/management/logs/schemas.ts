import { z } from 'zod';
import { checkpointQuery, pagingQuery } from '../pagination.ts';
import { fieldsQuery } from '../schemas.ts';

export const logEntry = z.object({
  log_id: z.string(),
  date: z.string(),
  type: z.string(),
  description: z.string(),
  details: z.record(z.string(), z.unknown()),
});

export const listLogsQuery = z.object({
  ...pagingQuery,
  ...checkpointQuery,
  ...fieldsQuery,
  sort: z.enum(['date:-1', 'date:1']).optional(),
  q: z.string().max(512).optional(),
});

export const logList = z.union([
  z.array(z.record(z.string(), z.unknown())),
  z.object({ start: z.number(), limit: z.number(), length: z.number(), total: z.number(), logs: z.array(z.record(z.string(), z.unknown())) }),
]);
