import type { Logger } from '../../config/index.ts';
import { createExecutionLogQueries, type Database } from '../../storage/index.ts';

export interface MailMessage {
  readonly template: 'reset_password' | 'verify_email' | 'blocked_account';
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  /** The link the mail carries (a single-use ticket), if any. */
  readonly link?: string;
}

export interface Mailer {
  send(tenantId: string, message: MailMessage): Promise<void>;
}

/**
 * Development delivery: Gatehouse has no mail transport yet, so a message is written to the
 * tenant's execution log (type `email`, where an admin can read it) and to the server log, link
 * included — the only way to use a reset link without mail. The link is a single-use ticket
 * whose hash alone is stored; a deployment with real users must plug a real Mailer in.
 */
export function createLogMailer(database: Database, logger?: Logger): Mailer {
  return {
    async send(tenantId, message) {
      await createExecutionLogQueries(database, tenantId).insert({
        type: 'email',
        code_id: message.template,
        outcome: 'ok',
        duration_ms: 0,
        logs: [{ level: 'info', message: message.text }],
        details: { to: message.to, subject: message.subject, ...(message.link ? { link: message.link } : {}) },
      });
      logger?.info({ mail: { template: message.template, to: message.to, subject: message.subject, link: message.link } },
        'development mail (no mail transport configured)');
    },
  };
}
