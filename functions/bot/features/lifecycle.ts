import { Composer } from 'grammy';
import type { BotContext, BotDependencies } from '../context';

/**
 * Chats follow Telegram's own lifecycle (issue 12): `my_chat_member` kicked (the citizen blocked the bot) makes the
 * chat inactive, member (unblocked) makes it active again, and so does any message or button from it — a chat that
 * talks to the bot can be written to.
 */
export function lifecycle(deps: BotDependencies): Composer<BotContext> {
  const { chats, telemetry } = deps;
  const feature = new Composer<BotContext>();

  async function returned(chatId: number): Promise<boolean> {
    const chat = await chats.reactivate(chatId);
    if (!chat) return false;
    telemetry.count('ChatsReturned');
    // The chat stays active either way: a reachable chat gets what comes next; only what it missed would be lost.
    try {
      await deps.chatReturns.chatReturned(chat.chatId);
    } catch (error) {
      telemetry.error('chat returned, but the due queue was not told', { error: (error as Error).name });
      telemetry.count('ChatReturnSignalFailed');
    }
    return true;
  }

  feature.on('my_chat_member', async (ctx) => {
    const status = ctx.myChatMember.new_chat_member.status;
    if (status === 'kicked') {
      await chats.markInactive(ctx.chat.id);
      telemetry.count('ChatsBlocked');
    } else if (status === 'member') await returned(ctx.chat.id);
  });

  feature.on(['message', 'callback_query'], async (ctx, next) => {
    const session = await ctx.session;
    if (!session.active && ctx.chat) {
      await returned(ctx.chat.id);
      session.active = true;
    }
    await next();
  });
  return feature;
}
