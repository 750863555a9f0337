import { limit } from '@grammyjs/ratelimiter';
import { Composer, type MiddlewareFn } from 'grammy';
import type { Telemetry } from '../../shared/app/ports';
import type { ChatStore } from '../../shared/app/ports/chat-store';
import type { Language } from '../../shared/messages/format';
import type { BotContext } from './context';
import { t } from './screens';

/** Updates one chat may send per time frame before the bot stops reading them. */
export interface RateLimit {
  limit: number;
  timeFrameMs: number;
}

export const DEFAULT_RATE_LIMIT: RateLimit = { limit: 5, timeFrameMs: 3_000 };

/**
 * Only private chats reach the bot: a group, a channel or an update without a chat is dropped here, before the rate
 * limiter and the table (the bot talks about one person's data, never in front of others).
 */
export function privateChatsOnly(telemetry: Telemetry): Composer<BotContext> {
  const guard = new Composer<BotContext>();
  // The branch does not call `next`: the update ends here.
  guard.filter(
    (ctx) => ctx.chat?.type !== 'private',
    () => telemetry.count('BotUpdatesDropped'),
  );
  return guard;
}

/** The chat's language for the one flood notice: its record's, else Telegram's hint, else Kazakh (the default). */
async function noticeLanguage(ctx: BotContext, chats: Pick<ChatStore, 'getChat'> | undefined): Promise<Language> {
  const id = ctx.chat?.id;
  const chat = id === undefined ? undefined : await chats?.getChat(id).catch(() => undefined);
  if (chat) return chat.language;
  return ctx.from?.language_code?.startsWith('ru') ? 'ru' : 'kk';
}

/**
 * Before the session: a flooding chat gets one notice, in its own language (the only read of the chat record while it
 * floods), and is then ignored without touching the table.
 */
export function floodLimit(
  telemetry: Telemetry,
  rate: RateLimit = DEFAULT_RATE_LIMIT,
  chats?: Pick<ChatStore, 'getChat'>,
): MiddlewareFn<BotContext> {
  return limit<BotContext, never>({
    limit: rate.limit,
    timeFrame: rate.timeFrameMs,
    keyGenerator: (ctx) => ctx.chat?.id.toString(),
    onLimitExceeded: async (ctx) => {
      telemetry.count('BotRateLimited');
      await ctx.reply(t(await noticeLanguage(ctx, chats), 'bot-rate-limited')).catch(() => undefined);
    },
  });
}

/**
 * Telegram redelivers a webhook update it did not see answered in time; one conditional write per update makes the
 * second delivery a no-op. An update whose handling throws gives its mark back, so a redelivery is handled.
 */
export function oncePerUpdate(chats: ChatStore, telemetry: Telemetry): MiddlewareFn<BotContext> {
  return async (ctx, next) => {
    const update = { botId: ctx.me.id, updateId: ctx.update.update_id };
    if (!(await chats.claimUpdate(update))) {
      telemetry.count('BotUpdatesRedelivered');
      return;
    }
    try {
      await next();
    } catch (error) {
      await chats.releaseUpdate(update).catch(() => undefined);
      throw error;
    }
  };
}
