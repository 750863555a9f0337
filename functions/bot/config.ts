import { z } from 'zod';
import { readEnvironment } from '../../shared/contracts/config';

export class BotConfigurationError extends Error {
  constructor(problem: string) {
    super(`bot configuration: ${problem}`);
    this.name = 'BotConfigurationError';
  }
}

const configSchema = z.object({
  TABLE_NAME: z.string().min(1),
  IDENTITY_SECRET_NAME: z.string().min(1),
  TELEGRAM_TOKEN_SECRET_NAME: z.string().min(1),
  WEBHOOK_SECRET_NAME: z.string().min(1),
  /** Only for the local stack and tests: a Bot API on 127.0.0.1 instead of Telegram. */
  TELEGRAM_API_ROOT: z.url().optional(),
});

export type BotConfig = z.output<typeof configSchema>;

export function botConfig(environment: NodeJS.ProcessEnv): BotConfig {
  return readEnvironment(configSchema, environment, (problem) => new BotConfigurationError(problem));
}
