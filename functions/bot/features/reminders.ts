import { Composer, GrammyError } from 'grammy';
import type { ReminderTopic } from '../../../shared/domain/notifications';
import { type BotContext, type BotDependencies, linkedCitizen, say } from '../context';
import { CALLBACK, REMINDER_CALLBACK, remindersKeyboard, t } from '../screens';

/** An edit that would show what the message already shows: Telegram refuses it, and there is nothing to do. */
const isNotModified = (error: unknown) =>
  error instanceof GrammyError && error.error_code === 400 && error.description.includes('message is not modified');

/** `/reminders`: the pension and coverage switches the notifier respects. */
export function reminders(_deps: BotDependencies): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  async function show(ctx: BotContext) {
    const session = await ctx.session;
    if (!(await linkedCitizen(ctx))) return;
    await ctx.reply(t(session.language, 'reminders-header'), {
      reply_markup: remindersKeyboard(session.language, session.reminders),
    });
  }
  feature.command('reminders', show);
  feature.callbackQuery(CALLBACK.reminders, async (ctx) => {
    await ctx.answerCallbackQuery();
    await show(ctx);
  });

  // Sets the value the button carries: a redelivered press sets it again and changes nothing.
  feature.callbackQuery(REMINDER_CALLBACK, async (ctx) => {
    await ctx.answerCallbackQuery();
    const session = await ctx.session;
    if (!session.citizenKey) return say(ctx, 'bot-need-link');
    const topic = ctx.match[1] as ReminderTopic;
    const on = ctx.match[2] === 'on';
    if (session.reminders[topic] !== on) session.reminders = { ...session.reminders, [topic]: on };
    await ctx
      .editMessageReplyMarkup({ reply_markup: remindersKeyboard(session.language, session.reminders) })
      .catch((error: unknown) => {
        if (!isNotModified(error)) throw error;
      });
  });
  return feature;
}
