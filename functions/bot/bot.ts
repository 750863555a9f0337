import { autoRetry } from '@grammyjs/auto-retry';
import { Bot } from 'grammy';
import type { UserFromGetMe } from 'grammy/types';
import type { BotContext, BotDependencies } from './context';
import { forget } from './features/forget';
import { language } from './features/language';
import { lifecycle } from './features/lifecycle';
import { linking } from './features/linking';
import { menu, notUnderstood } from './features/menu';
import { reminders } from './features/reminders';
import { floodLimit, oncePerUpdate, privateChatsOnly, type RateLimit } from './guards';
import { chatSession } from './session';

export { LINK_ATTEMPTS_PER_DAY } from '../../shared/app/link-chat';
export type { BotContext, BotDependencies, ChatSession } from './context';
export { initialSession } from './context';
export { normalisePhone } from './features/linking';
export { chatSessionStorage } from './session';

/** The updates the bot reads: set on the webhook (`scripts/register-webhook.ts`) and in long polling. */
export const ALLOWED_UPDATES = ['message', 'callback_query', 'my_chat_member'] as const;

export interface BotOptions {
  /** The bot's own `getMe`, from configuration: given, the bot never calls `getMe`. */
  botInfo?: UserFromGetMe;
  apiRoot?: string;
  /** Updates one chat may send per time frame before the bot stops reading them (default 5 per 3 s). */
  rateLimit?: RateLimit;
  /** Ignore an `update_id` handled before (the webhook: Telegram redelivers; long polling confirms by offset). */
  deduplicateUpdates?: boolean;
}

/**
 * The bot citizens talk to: guards first (private chats only, the per-chat rate limit, redeliveries), then the chat
 * record as the session, then one composer per feature. It only reads state and answers; it never logs a message's
 * text, a phone or an IIN — only what kind of update it handled.
 */
export function createBot(token: string, deps: BotDependencies, options: BotOptions = {}): Bot<BotContext> {
  const bot = new Bot<BotContext>(token, {
    ...(options.botInfo ? { botInfo: options.botInfo } : {}),
    client: { timeoutSeconds: 10, ...(options.apiRoot ? { apiRoot: options.apiRoot } : {}) },
  });
  const { telemetry } = deps;
  // A reply that hits Telegram's per-chat pace waits its `retry_after` (a few seconds at most) instead of failing.
  bot.api.config.use(autoRetry({ maxRetryAttempts: 2, maxDelaySeconds: 5, rethrowHttpErrors: true }));
  bot.catch((error) => {
    telemetry.error('update failed', { error: error.error instanceof Error ? error.error.name : 'unknown' });
    telemetry.count('BotErrors');
  });

  bot.use(privateChatsOnly(telemetry));
  bot.use(floodLimit(telemetry, options.rateLimit, deps.chats));
  if (options.deduplicateUpdates) bot.use(oncePerUpdate(deps.chats, telemetry));
  bot.use(chatSession(deps.chats));
  bot.use(async (_ctx, next) => {
    telemetry.count('BotUpdates');
    await next();
  });

  bot.use(lifecycle(deps));
  bot.use(linking(deps));
  bot.use(menu(deps));
  bot.use(reminders(deps));
  bot.use(language(deps));
  bot.use(forget(deps));
  bot.use(notUnderstood());
  return bot;
}
