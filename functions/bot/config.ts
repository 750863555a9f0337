import type { UserFromGetMe } from 'grammy/types';
import {
  botInfoSchema,
  jsonVariable,
  nonEmpty,
  readEnvironment,
  supportContactSchema,
} from '../../shared/contracts/config';
import { ENV } from '../../shared/contracts/environment';
import * as z from '../../shared/contracts/zod';

export { ConfigurationError } from '../../shared/contracts/config';

export const botConfigSchema = z.object({
  [ENV.tableName]: nonEmpty,
  [ENV.identitySecretName]: nonEmpty,
  [ENV.telegramTokenSecretName]: nonEmpty,
  /** The webhook secret stays in Secrets Manager (fetched first, cached), never a plain variable. */
  [ENV.webhookSecretName]: nonEmpty,
  /** grammY's `botInfo`: the webhook never calls `getMe`. */
  [ENV.botInfo]: jsonVariable(botInfoSchema, "a JSON object of the bot's getMe result"),
  [ENV.supportContact]: supportContactSchema,
  /** A chat that comes back (unblocked, or writes again) is announced on the due queue (`chat_returned`). */
  [ENV.dueQueueUrl]: z.url(),
  /** Only for the local stack and tests: a Bot API on 127.0.0.1 instead of Telegram. */
  [ENV.telegramApiRoot]: z.optional(z.url()),
});

export type BotConfig = z.output<typeof botConfigSchema>;

/** Compile-time proof that what the schema accepts is what grammY's `new Bot(token, { botInfo })` takes. */
export const botInfoFitsGrammy: BotConfig['BOT_INFO'] extends UserFromGetMe ? true : false = true;

export function botConfig(environment: NodeJS.ProcessEnv): BotConfig {
  return readEnvironment(botConfigSchema, environment, 'bot');
}
