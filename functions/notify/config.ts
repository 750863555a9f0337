import { z } from 'zod';
import { describeIssues } from '../../shared/contracts/parse';

export class NotifyConfigurationError extends Error {
  constructor(problem: string) {
    super(`notify configuration: ${problem}`);
    this.name = 'NotifyConfigurationError';
  }
}

const jsonRecord = z
  .string()
  .transform((text, ctx) => {
    try {
      return JSON.parse(text) as unknown;
    } catch {
      ctx.addIssue({ code: 'custom', message: 'must be a JSON object of queue ARN → DLQ URL' });
      return z.NEVER;
    }
  })
  .pipe(z.record(z.string().startsWith('arn:'), z.url()));

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  DUE_QUEUE_URL: z.url(),
  DUE_QUEUE_ARN: z.string().startsWith('arn:'),
  NOTIFY_QUEUE_URL: z.url(),
  NOTIFY_QUEUE_ARN: z.string().startsWith('arn:'),
  OUTBOUND_QUEUE_URL: z.url(),
  SCHEDULE_GROUP: z.string().min(1),
  SCHEDULER_ROLE_ARN: z.string().startsWith('arn:'),
  SCHEDULER_DLQ_ARN: z.string().startsWith('arn:'),
  DEAD_LETTER_QUEUES: jsonRecord,
  TELEGRAM_TOKEN_SECRET_NAME: z.string().min(1),
  OUTBOUND_SOURCE: z.string().min(1).default('osms-bot.notify'),
});

export type NotifyConfig = z.output<typeof configSchema>;

/** The notify functions' environment, read once per cold start; a bad variable stops it with its name. */
export function notifyConfig(environment: NodeJS.ProcessEnv): NotifyConfig {
  const parsed = configSchema.safeParse(environment);
  if (!parsed.success) throw new NotifyConfigurationError(describeIssues(parsed.error.issues).reason);
  return parsed.data;
}
