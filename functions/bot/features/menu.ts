import { Composer } from 'grammy';
import { casesOfCitizen, citizenView } from '../../../shared/app/views';
import {
  type BotContext,
  type BotDependencies,
  languageOf,
  linkedCitizen,
  say,
  showMenu,
  viewContext,
} from '../context';
import { CALLBACK, caseText, consentKeyboard, mainMenu, paymentsText, statusText, t } from '../screens';

/** `/status`, `/payments`, `/case` and `/help`, as commands and as the main menu's buttons. */
export function menu(deps: BotDependencies): Composer<BotContext> {
  const feature = new Composer<BotContext>();

  async function status(ctx: BotContext) {
    const citizenKey = await linkedCitizen(ctx);
    if (!citizenKey) return;
    const view = await citizenView(viewContext(deps), citizenKey);
    const lang = await languageOf(ctx);
    await ctx.reply(statusText(lang, view), { reply_markup: mainMenu(lang) });
  }

  async function payments(ctx: BotContext) {
    const citizenKey = await linkedCitizen(ctx);
    if (!citizenKey) return;
    const view = await citizenView(viewContext(deps), citizenKey);
    const lang = await languageOf(ctx);
    await ctx.reply(paymentsText(lang, view.contributions), { reply_markup: mainMenu(lang) });
  }

  async function cases(ctx: BotContext) {
    const citizenKey = await linkedCitizen(ctx);
    if (!citizenKey) return;
    const lang = await languageOf(ctx);
    const texts = (await casesOfCitizen(viewContext(deps), citizenKey)).map((status) =>
      caseText(lang, status, deps.calendar),
    );
    await ctx.reply(texts.length > 0 ? texts.join('\n\n') : t(lang, 'case-none'), { reply_markup: mainMenu(lang) });
  }

  const help = async (ctx: BotContext) => say(ctx, 'help', { reply_markup: mainMenu(await languageOf(ctx)) });
  // The privacy notice is for anyone, linked or not (the consent screen points to it).
  feature.command('privacy', async (ctx) =>
    ctx.reply(t(await languageOf(ctx), 'privacy', { support: deps.supportContact })),
  );

  for (const [command, data, action] of [
    ['status', CALLBACK.status, status],
    ['payments', CALLBACK.payments, payments],
    ['case', CALLBACK.case, cases],
    ['help', CALLBACK.help, help],
  ] as const) {
    feature.command(command, action);
    feature.callbackQuery(data, async (ctx) => {
      await ctx.answerCallbackQuery();
      await action(ctx);
    });
  }
  feature.callbackQuery(CALLBACK.menu, async (ctx) => {
    await ctx.answerCallbackQuery();
    await showMenu(ctx);
  });
  return feature;
}

/** Installed last: whatever no feature answered gets a short, kind word and the menu (or the consent buttons). */
export function notUnderstood(): Composer<BotContext> {
  const feature = new Composer<BotContext>();
  feature.on('message', async (ctx) => {
    const session = await ctx.session;
    await ctx.reply(t(session.language, 'bot-not-understood'), {
      reply_markup: session.citizenKey ? mainMenu(session.language) : consentKeyboard(session.language),
    });
  });
  return feature;
}
