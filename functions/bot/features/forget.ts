import { Composer } from 'grammy';
import { type BotContext, type BotDependencies, languageOf, say } from '../context';
import { CALLBACK, forgetKeyboard, t } from '../screens';

/** grammY deletes the chat record when the session is set to null (after the handler, with the other writes). */
function dropSession(ctx: BotContext): void {
  ctx.session = null;
}

/**
 * `/forget`, after a confirmation: the chat record (link, language, consent, switches) and the chat's notification
 * items go. The linking-attempt counter stays (it is not about the person, and `/forget` must not reset it).
 */
export function forget(deps: BotDependencies): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.command('forget', async (ctx) =>
    say(ctx, 'forget-confirm', { reply_markup: forgetKeyboard(await languageOf(ctx)) }),
  );

  feature.callbackQuery(CALLBACK.forgetConfirm, async (ctx) => {
    await ctx.answerCallbackQuery();
    const lang = await languageOf(ctx);
    if (ctx.chat) {
      // The chat first: a sender's claim checks the chat in the same transaction, so once it is gone no notification
      // can be claimed (or written back); then every notification item of the chat, postponed ones included.
      await deps.chats.deleteChat(ctx.chat.id);
      await deps.ledger.forgetChat(ctx.chat.id);
    }
    dropSession(ctx);
    deps.telemetry.count('ChatsForgotten');
    await ctx.reply(t(lang, 'forget-done'), { reply_markup: { remove_keyboard: true } });
  });
  feature.callbackQuery(CALLBACK.forgetCancel, async (ctx) => {
    await ctx.answerCallbackQuery();
    await say(ctx, 'forget-cancelled');
  });
  return feature;
}
