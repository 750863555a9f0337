import { z } from 'zod';
import { deadLetterQueuesVariable, readEnvironment } from '../../shared/contracts/config';

export class NotifyConfigurationError extends Error {
  constructor(problem: string) {
    super(`notify configuration: ${problem}`);
    this.name = 'NotifyConfigurationError';
  }
}

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
  DEAD_LETTER_QUEUES: deadLetterQueuesVariable,
  TELEGRAM_TOKEN_SECRET_NAME: z.string().min(1),
  OUTBOUND_SOURCE: z.string().min(1).default('osms-bot.notify'),
});

export type NotifyConfig = z.output<typeof configSchema>;

/** The notify functions' environment, read once per cold start; a bad variable stops it with its name. */
export function notifyConfig(environment: NodeJS.ProcessEnv): NotifyConfig {
  return readEnvironment(configSchema, environment, (problem) => new NotifyConfigurationError(problem));
}
