import { Composer } from 'grammy';
import { type BotContext, type BotDependencies, languageOf, say, showMenu } from '../context';
import { CALLBACK, languageKeyboard, t } from '../screens';
import { greet } from './linking';

/** `/language`: Kazakh (the default) or Russian; the button sets a language, so pressing it twice changes nothing. */
export function language(deps: BotDependencies): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  const choose = async (ctx: BotContext) =>
    say(ctx, 'language-choose', { reply_markup: languageKeyboard(await languageOf(ctx)) });
  feature.command('language', choose);
  feature.callbackQuery(CALLBACK.language, async (ctx) => {
    await ctx.answerCallbackQuery();
    await choose(ctx);
  });

  for (const [data, lang] of [
    [CALLBACK.kazakh, 'kk'],
    [CALLBACK.russian, 'ru'],
  ] as const) {
    feature.callbackQuery(data, async (ctx) => {
      await ctx.answerCallbackQuery();
      const session = await ctx.session;
      session.language = lang;
      await ctx.reply(t(lang, 'language-set'));
      return session.citizenKey || session.consentAt ? showMenu(ctx) : greet(ctx, deps.supportContact);
    });
  }
  return feature;
}
