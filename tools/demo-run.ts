import type { Bot } from 'grammy';
import { type BotContext, createBot } from '../functions/bot/bot';
import { LOCAL_IDENTITY_SECRET } from '../ops/local-state';
import { DynamoLinkAttempts } from '../shared/adapters/dynamodb/attempts';
import { DynamoNotificationLedger } from '../shared/adapters/dynamodb/notification-ledger';
import { HmacIdentity } from '../shared/adapters/identity';
import type { Telemetry } from '../shared/app/ports';
import type { NotificationMessage } from '../shared/contracts/internal';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { addDays, formatKazakhstanInstant, kazakhstanInstant } from '../shared/domain/dates';
import type { UpstreamEvent } from '../shared/domain/events';
import { isNotificationKind, notificationText } from '../shared/messages/notification-text';
import { createTestTable, type TestTable } from '../test/helpers/dynamodb';
import {
  DEMO_END_DAY,
  DEMO_START,
  type DemoPerson,
  historyEvents,
  people,
  SCENARIO_TEXT,
  SCREEN_MOMENTS,
  type ScreenMoment,
  upcomingEvents,
} from './demo-scenario';
import { startDynamoDbLocal } from './dynamodb-local';
import { FakeTelegram } from './fake-telegram';
import { LocalPipeline } from './local-pipeline';

export interface DemoOptions {
  /** Where the narration goes (stdout for `npm run demo`). */
  write: (text: string) => void;
  /** A running DynamoDB Local to use (the tests'); without it the demo starts its own. */
  dynamodbEndpoint?: string;
}

export interface DemoSummary {
  messagesDelivered: number;
  returnOrders: number;
  deadLetters: number;
  screensShown: number;
}

const quiet: Telemetry = { info() {}, warn() {}, error() {}, count() {} };
const nameOfChat = new Map([
  [people.aigerim.chatId, people.aigerim.name],
  [people.bolat.chatId, people.bolat.name],
]);
const indent = (text: string) => text.replace(/\n/g, '\n      ');
const stamp = (at: number) => formatKazakhstanInstant(at).slice(0, 16).replace('T', ' ');

/** A framed screen: what the citizen reads in the chat, with its buttons. */
function frame(language: string, text: string, buttons: string[]): string {
  const body = [...text.split('\n'), ...(buttons.length > 0 ? [`[ ${buttons.join(' ] [ ')} ]`] : [])];
  return `      ┌─ ${language} ${'─'.repeat(40)}\n${body.map((line) => `      │ ${line}`).join('\n')}\n      └${'─'.repeat(44)}\n`;
}

const buttonsOf = (markup: unknown) =>
  ((markup as { inline_keyboard?: { text: string }[][] } | undefined)?.inline_keyboard ?? []).flat().map((b) => b.text);

interface DemoParts {
  pipeline: LocalPipeline;
  bot: Bot<BotContext>;
  telegram: FakeTelegram;
  identity: HmacIdentity;
  write: (text: string) => void;
  say: (at: number, text: string) => void;
}

/** The pipeline narrating what it does (schedules, pushes in both languages, orders) and the bot on the same table. */
function wire(table: TestTable, telegram: FakeTelegram, write: DemoParts['write']): DemoParts {
  const say = (at: number, text: string) => write(`[${stamp(at)}] ${text}\n`);
  const identity = new HmacIdentity(LOCAL_IDENTITY_SECRET);
  const calendar = kazakhstanCalendar();
  const queued = new Map<string, NotificationMessage>();
  const pipeline = new LocalPipeline({
    documents: table.documents,
    tableName: table.tableName,
    identity,
    calendar,
    telegram: { token: telegram.token, apiRoot: telegram.apiRoot, throttle: false },
    telemetry: quiet,
    start: kazakhstanInstant(DEMO_START.day, DEMO_START.hour, 0),
    observer: {
      scheduleFired: (schedule, at) => {
        const kind = schedule.name.startsWith('deliver-')
          ? 'delivery after quiet hours'
          : schedule.name.replace(/^case-[0-9a-f]+-/, '');
        say(at, `⏰ schedule fired: ${kind}`);
      },
      // Printed when delivered: a notification queued twice (two changes, a redelivery) reaches the citizen once.
      notificationQueued: (n) => void queued.set(n.id, n),
      notificationDelivered: (id, at) => {
        const n = queued.get(id);
        if (!n || !isNotificationKind(n.kind)) return;
        say(at, `✉️  push to ${nameOfChat.get(n.chatId) ?? String(n.chatId)} — ${n.kind}`);
        write(`      kk: ${indent(notificationText('kk', n.kind, n.params))}\n`);
        write(`      ru: ${indent(notificationText('ru', n.kind, n.params))}\n`);
      },
      outboundSent: (e) =>
        say(
          Date.parse(e.occurredAt),
          `🏦 to the operator: ${e.type} for ${e.data.caseId} (deadline ${e.data.deadline})`,
        ),
    },
  });
  const bot = createBot(
    telegram.token,
    {
      facts: pipeline.facts,
      chats: pipeline.chats,
      attempts: new DynamoLinkAttempts(table.documents, table.tableName),
      ledger: new DynamoNotificationLedger(table.documents, table.tableName),
      identity,
      calendar,
      clock: { now: () => pipeline.now },
      telemetry: quiet,
      supportContact: '@osms_support (demo)',
      chatReturns: pipeline.chatReturns,
    },
    { botInfo: telegram.bot, apiRoot: telegram.apiRoot, rateLimit: { limit: 1_000, timeFrameMs: 1_000 } },
  );
  return { pipeline, bot, telegram, identity, write, say };
}

/** The two linked chats, and the history before the clock: through the backfill queue, so nobody is told of it. */
async function setTheScene({ pipeline, identity, write, say }: DemoParts): Promise<void> {
  write(`${SCENARIO_TEXT}\n`);
  for (const person of [people.aigerim, people.bolat]) {
    await pipeline.chats.putChat({
      chatId: person.chatId,
      language: person.language,
      citizenKey: identity.citizenKey(person.iin),
      iinMasked: identity.maskIin(person.iin),
      active: true,
      reminders: { pension: true, coverage: true },
    });
  }
  const history = historyEvents();
  say(pipeline.now, `📥 ${history.length} earlier events loaded as history (backfill queue: planned, nobody told)`);
  pipeline.ingest(history, 'backfill');
  await pipeline.drain();
  write('\n');
}

async function ingestOne({ pipeline, say }: DemoParts, local: string, next: UpstreamEvent): Promise<void> {
  await pipeline.advanceTo(Date.parse(`${local}:00+05:00`));
  const about =
    'caseId' in next.data
      ? ` (${next.data.caseId})`
      : next.type === 'osms.payment'
        ? ` (${next.data.status}: ${next.data.status === 'rejected' ? 'counts for nothing' : 'counts'})`
        : '';
  say(pipeline.now, `📥 event ${next.type}${about}`);
  pipeline.ingest([next]);
  await pipeline.drain();
}

async function showScreen(parts: DemoParts, moment: ScreenMoment): Promise<void> {
  await parts.pipeline.advanceTo(Date.parse(`${moment.at}:00+05:00`));
  parts.say(parts.pipeline.now, `📱 ${moment.person.name} sends ${moment.command} — ${moment.why}`);
  parts.write(await screenInBothLanguages(parts, moment));
}

/** One day: its events and screens in time order around the daily sweeps (reconciliation 06:00, coverage 10:00). */
async function runDay(parts: DemoParts, day: string, upcoming: [string, UpstreamEvent][]): Promise<number> {
  const { pipeline } = parts;
  const happenings = [
    ...upcoming.filter(([when]) => when.startsWith(day)).map(([at, e]) => ({ at, run: () => ingestOne(parts, at, e) })),
    ...SCREEN_MOMENTS.filter((m) => m.at.startsWith(day)).map((m) => ({ at: m.at, run: () => showScreen(parts, m) })),
  ].sort((a, b) => a.at.localeCompare(b.at));
  const between = (from: string, to: string) =>
    happenings.filter((h) => h.at >= `${day}T${from}` && h.at < `${day}T${to}`);
  for (const { run } of between('00:00', '06:00')) await run();
  await pipeline.advanceTo(kazakhstanInstant(day, 6, 0));
  await pipeline.sweep('reconciliation_sweep');
  for (const { run } of between('06:00', '10:00')) await run();
  await pipeline.advanceTo(kazakhstanInstant(day, 10, 0));
  await pipeline.sweep('coverage_sweep');
  for (const { run } of between('10:00', '24:00')) await run();
  await pipeline.advanceTo(kazakhstanInstant(day, 23, 59));
  return SCREEN_MOMENTS.filter((m) => m.at.startsWith(day)).length;
}

/**
 * `npm run demo`: a realistic scenario on the real handlers and the real bot (DynamoDB Local, the table scheduler,
 * the fake Bot API), the clock run forward day by day from 25 May to 2 July 2026, and narrated as it happens: events,
 * schedules firing, orders to the operator, every push message in Kazakh with the Russian alongside, and the screens
 * (`/status`, `/payments`, `/case`) a citizen opens at the key moments, in both languages.
 */
export async function runDemo(options: DemoOptions): Promise<DemoSummary> {
  const engine = options.dynamodbEndpoint ? undefined : await startDynamoDbLocal();
  const telegram = await FakeTelegram.start({ limits: { enforce: false } });
  try {
    const table = await createTestTable(options.dynamodbEndpoint ?? engine?.endpoint ?? '');
    const parts = wire(table, telegram, options.write);
    await setTheScene(parts);
    const upcoming = upcomingEvents();
    let screensShown = 0;
    for (let day: string = DEMO_START.day; day <= DEMO_END_DAY; day = addDays(day, 1))
      screensShown += await runDay(parts, day, upcoming);
    const { pipeline } = parts;
    const summary: DemoSummary = {
      messagesDelivered: telegram.messages.length,
      returnOrders: pipeline.outbound.filter((e) => e.type === 'pension.return_to_fund.due').length,
      deadLetters: Object.values(pipeline.queues).reduce((n, q) => n + q.deadLetters.length, 0),
      screensShown,
    };
    options.write(
      `\nDone: ${summary.messagesDelivered} messages delivered to Telegram (pushes and screens), ` +
        `${summary.returnOrders} return order(s) to the operator, ${summary.deadLetters} dead letters.\n`,
    );
    return summary;
  } finally {
    await telegram.stop();
    await engine?.stop();
  }
}

/**
 * The citizen sends the command through the fake Telegram and the real bot answers; shown in the chat's language
 * and then, with the chat switched for a moment, in the other one (what the same citizen reads with /language).
 */
async function screenInBothLanguages({ bot, telegram, pipeline }: DemoParts, moment: ScreenMoment): Promise<string> {
  const { person, command } = moment;
  const other = person.language === 'kk' ? 'ru' : 'kk';
  let shown = '';
  for (const language of [person.language, other] as const) {
    await setLanguage(pipeline, person, language);
    const before = telegram.messagesTo(person.chatId).length;
    await bot.handleUpdate(telegram.sendText({ id: person.chatId, first_name: person.name }, command));
    telegram.dropPendingUpdates();
    for (const reply of telegram.messagesTo(person.chatId).slice(before))
      shown += frame(language, reply.text, buttonsOf(reply.replyMarkup));
  }
  await setLanguage(pipeline, person, person.language);
  return shown;
}

async function setLanguage(pipeline: LocalPipeline, person: DemoPerson, language: 'kk' | 'ru') {
  const chat = await pipeline.chats.getChat(person.chatId);
  if (chat && chat.language !== language) await pipeline.chats.putChat({ ...chat, language });
}
