import fc from 'fast-check';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { LINK_ATTEMPTS_PER_DAY } from '../../functions/bot/bot';
import { registerCommands } from '../../functions/bot/commands';
import { startLongPolling } from '../../functions/bot/polling';
import { t } from '../../functions/bot/screens';
import type { UpstreamEvent } from '../../shared/domain/events';
import { formatDate, formatMoney, formatMonth } from '../../shared/messages/format';
import { application, contact, credited, IIN, paidMonths } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { validIin } from '../helpers/iin';
import { BotFixture, buttons, SUPPORT_CONTACT, user } from './bot-fixture';

const PHONE = { aigerim: '+77015550123', bolat: '+77025550456' };

/** Longest a long-polling reply may take on a busy machine; the wait ends as soon as the reply is there. */
const POLLING_REPLY_BUDGET_MS = 30_000;

let fixture: BotFixture;

beforeAll(async () => {
  const events: UpstreamEvent[] = [
    contact(IIN.aigerim, PHONE.aigerim),
    contact(IIN.bolat, PHONE.bolat),
    // Aigerim: paid through April 2026 → insured; Bolat: last paid March → conditionally insured on 28 May;
    // Dana: last paid 2025-10 → not insured.
    ...paidMonths('2025-06', '2026-04'),
    ...paidMonths('2025-12', '2026-03', { iin: IIN.bolat, payerType: 'employer', kind: 'deduction' }),
    ...paidMonths('2025-08', '2025-10', { iin: IIN.dana }),
    contact(IIN.dana, '+77035550789'),
    application({ caseId: 'OB-1' }),
    credited({ caseId: 'OB-1', creditedOn: '2026-03-20', amountTiyn: 250_000_000 }),
  ];
  fixture = await BotFixture.start(inject('dynamodbEndpoint'), events);
});

afterAll(async () => {
  await fixture.stop();
});

beforeEach(() => fixture.reset());

const text = (from: ReturnType<typeof user>, body: string) => fixture.text(from, body);
const press = (from: ReturnType<typeof user>, data: string) => fixture.press(from, data);
const shareContact = (from: ReturnType<typeof user>, phone: string, ownerId = from.id) =>
  fixture.shareContact(from, phone, ownerId);
const link = (from: ReturnType<typeof user>, phone: string, iin: string) => fixture.link(from, phone, iin);

describe('the bot, over real HTTP to a fake Bot API, on DynamoDB Local', () => {
  it('greets in Kazakh with a language switch and a consent button, and asks for the contact after consent', async () => {
    const citizen = user(2001);
    const [greeting] = await text(citizen, '/start');
    expect(greeting?.text).toBe(`${t('kk', 'bot-welcome')}\n\n${t('kk', 'bot-consent', { support: SUPPORT_CONTACT })}`);
    expect(buttons(greeting?.replyMarkup).map((b) => [b.text, b.callback_data])).toEqual([
      ['Қазақша', 'lang:kk'],
      ['Русский', 'lang:ru'],
      [t('kk', 'button-agree'), 'consent:agree'],
    ]);
    const [askContact] = await press(citizen, 'consent:agree');
    expect(askContact?.text).toBe(t('kk', 'bot-ask-contact'));
    expect(askContact?.replyMarkup).toMatchObject({
      keyboard: [[{ text: t('kk', 'button-share-contact'), request_contact: true }]],
    });
  });

  it('links a citizen whose own contact matches the phone of record, after a helpful word for each IIN mistake', async () => {
    const citizen = user(2002);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    expect((await shareContact(citizen, '77015550123'))[0]?.text).toBe(t('kk', 'bot-ask-iin'));
    expect((await text(citizen, '85041530012'))[0]?.text).toBe(t('kk', 'bot-iin-not-12-digits'));
    expect((await text(citizen, '850415700121'))[0]?.text).toBe(t('kk', 'bot-iin-century-digit'));
    expect((await text(citizen, '851315300121'))[0]?.text).toBe(t('kk', 'bot-iin-birth-date'));
    expect((await text(citizen, '850415300122'))[0]?.text).toBe(t('kk', 'bot-iin-check-digit'));
    const [linked] = await text(citizen, '850415 300121');
    expect(linked?.text).toBe(t('kk', 'bot-linked', { iinMasked: '85••••••••21' }));
    expect(buttons(linked?.replyMarkup).map((b) => b.callback_data)).toEqual([
      'menu:status',
      'menu:payments',
      'menu:case',
      'menu:reminders',
      'menu:language',
      'menu:help',
    ]);
    const chat = await fixture.chats.getChat(citizen.id);
    expect(chat).toMatchObject({
      citizenKey: testIdentity.citizenKey(IIN.aigerim),
      iinMasked: '85••••••••21',
      active: true,
    });
  });

  it("refuses someone else's contact", async () => {
    const citizen = user(2003);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    expect((await shareContact(citizen, PHONE.aigerim, 999))[0]?.text).toBe(t('kk', 'bot-contact-not-own'));
    // Still waiting for the citizen's own contact: the IIN is not even looked at.
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-ask-contact'));
  });

  it('gives the same refusal for a wrong phone and for an unknown IIN, and stops after 5 attempts a day', async () => {
    const citizen = user(2004);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    await shareContact(citizen, '77771234567');
    const wrongPhone = (await text(citizen, IIN.aigerim))[0]?.text;
    const unknown = (await text(citizen, '061211600012'))[0]?.text;
    // The same refusal for both, counting down the attempts left today (issue 14 item 3).
    const refused = (attempt: number) => t('kk', 'bot-link-refused', { attemptsLeft: LINK_ATTEMPTS_PER_DAY - attempt });
    expect(wrongPhone).toBe(refused(1));
    expect(unknown).toBe(refused(2));
    for (let i = 3; i <= LINK_ATTEMPTS_PER_DAY; i++) expect((await text(citizen, IIN.bolat))[0]?.text).toBe(refused(i));
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-link-limit'));
    // /forget does not reset the count.
    await text(citizen, '/forget');
    await press(citizen, 'forget:confirm');
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    expect((await text(citizen, IIN.aigerim))[0]?.text).toBe(t('kk', 'bot-link-limit'));
  });

  it('resists enumeration: many IINs from one chat get indistinguishable answers and the limit holds', async () => {
    const citizen = user(2005);
    await text(citizen, '/start');
    await press(citizen, 'consent:agree');
    await shareContact(citizen, '77770000001');
    const candidates = [IIN.aigerim, IIN.bolat, IIN.dana, ...fc.sample(validIin, { numRuns: 17, seed: 7 })];
    const answers: string[] = [];
    for (const iin of candidates) answers.push((await text(citizen, iin))[0]?.text ?? '');
    // Answers differ only by the attempts left, never by the IIN typed.
    expect(answers.slice(0, LINK_ATTEMPTS_PER_DAY)).toEqual(
      Array.from({ length: LINK_ATTEMPTS_PER_DAY }, (_, i) =>
        t('kk', 'bot-link-refused', { attemptsLeft: LINK_ATTEMPTS_PER_DAY - i - 1 }),
      ),
    );
    expect(new Set(answers.slice(LINK_ATTEMPTS_PER_DAY))).toEqual(new Set([t('kk', 'bot-link-limit')]));
  });

  it('shows status, payments and the case to a linked citizen; the Fund is named as authoritative', async () => {
    const citizen = user(2006);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    const [status] = await text(citizen, '/status');
    expect(status?.text).toContain(formatDate('kk', '2026-07-31'));
    expect(status?.text).toContain(t('kk', 'forecast-note'));
    expect(
      status?.text.startsWith(
        t('kk', 'status-insured', {
          coveredThrough: formatDate('kk', '2026-07-31'),
          nextPaymentDue: formatDate('kk', '2026-06-25'),
        }),
      ),
    ).toBe(true);
    const [payments] = await press(citizen, 'menu:payments');
    expect(payments?.text.split('\n')[0]).toBe(t('kk', 'payments-header'));
    expect(payments?.text.split('\n')).toHaveLength(13);
    const [caseReply] = await text(citizen, '/case');
    expect(caseReply?.text).toContain('OB-1');
    expect(caseReply?.text).toContain('▓');
    expect(caseReply?.text).toContain(formatDate('kk', '2026-06-02'));
  });

  it('says conditionally insured, not insured, or that we have no payments, in Russian after a switch', async () => {
    const bolat = user(2007);
    await link(bolat, PHONE.bolat, IIN.bolat);
    await press(bolat, 'lang:ru');
    // Bolat's employer pays; April's deduction was rejected: he is told it is his employer's payment that is missing.
    expect((await text(bolat, '/status'))[0]?.text).toBe(
      [
        t('ru', 'status-conditionally-insured', { coveredThrough: formatDate('ru', '2026-06-30') }),
        t('ru', 'status-owed-employer', { month: formatMonth('ru', '2026-04') }),
        t('ru', 'forecast-note'),
      ].join('\n\n'),
    );
    const dana = user(2008);
    await link(dana, '+77035550789', IIN.dana);
    // A self-payer whose payments stopped: not insured, and what restores it — at least the 6 owed months we can see.
    const owed = { months: 6, monthly: formatMoney('kk', 425_000), total: formatMoney('kk', 2_550_000), atLeast: 1 };
    expect((await text(dana, '/status'))[0]?.text).toBe(
      [
        t('kk', 'coverage-ended-self', { coveredThrough: formatDate('kk', '2026-01-31'), ...owed }),
        t('kk', 'forecast-note'),
      ].join('\n\n'),
    );
    const stranger = user(2009);
    expect((await text(stranger, '/status'))[0]?.text).toBe(t('kk', 'bot-need-link'));
  });

  it('answers free text kindly with the menu, toggles reminders, and forgets a chat on confirmation', async () => {
    const citizen = user(2010);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    const [unknown] = await text(citizen, 'сәлем, ақшам қайда?');
    expect(unknown?.text).toBe(t('kk', 'bot-not-understood'));
    expect(buttons(unknown?.replyMarkup)).toHaveLength(6);
    await text(citizen, '/reminders');
    await press(citizen, 'reminders:coverage:off');
    const chats = fixture.chats;
    expect((await chats.getChat(citizen.id))?.reminders).toEqual({ pension: true, coverage: false });
    const ledger = fixture.ledger;
    await ledger.claim('funds_credited|OB-1|2026-03-20|-|2010', {
      chatId: citizen.id,
      kind: 'funds_credited',
      addressee: { citizenKey: testIdentity.citizenKey(IIN.aigerim), orUnlinked: false, topic: 'pension' },
      status: 'sending',
    });
    await ledger.settle('funds_credited|OB-1|2026-03-20|-|2010', 'sent');
    expect((await text(citizen, '/forget'))[0]?.text).toBe(t('kk', 'forget-confirm'));
    expect((await press(citizen, 'forget:confirm'))[0]?.text).toBe(t('kk', 'forget-done'));
    expect(await chats.getChat(citizen.id)).toBeUndefined();
    expect(await ledger.status('funds_credited|OB-1|2026-03-20|-|2010')).toBeUndefined();
    expect(await chats.chatsOfCitizen(testIdentity.citizenKey(IIN.aigerim))).not.toContainEqual(
      expect.objectContaining({ chatId: citizen.id }),
    );
  });

  it('reads the chat once and writes nothing for /status, and keeps no item for a stranger who never consents', async () => {
    const citizen = user(2015);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    fixture.table.requests.reset();
    await text(citizen, '/status');
    expect(fixture.table.requests.get('GetItem')).toBe(1);
    expect(fixture.table.requests.get('PutItem') + fixture.table.requests.get('UpdateItem')).toBe(0);
    const stranger = user(2016);
    await text(stranger, 'hello?');
    expect(await fixture.chats.getChat(stranger.id)).toBeUndefined();
  });

  it('never logs an IIN, a phone or a message text', async () => {
    const citizen = user(2011);
    await link(citizen, PHONE.aigerim, IIN.aigerim);
    await text(citizen, 'менің телефоным +77015550123');
    const logged = JSON.stringify([fixture.telemetry.lines, fixture.telemetry.metrics]);
    expect(logged).not.toContain(IIN.aigerim);
    expect(logged).not.toContain('7015550123');
    expect(logged).not.toContain('телефоным');
  });
});

describe('running the bot', () => {
  it('registers its command menus in Kazakh (also the default) and Russian', async () => {
    await registerCommands(fixture.bot.api);
    expect(fixture.telegram.commands.kk?.map((c) => c.command)).toEqual([
      'start',
      'status',
      'payments',
      'case',
      'reminders',
      'language',
      'help',
      'privacy',
      'forget',
    ]);
    expect(fixture.telegram.commands.ru?.[1]?.description).toBe(t('ru', 'command-status'));
    expect(fixture.telegram.commands['']).toEqual(fixture.telegram.commands.kk);
  });

  it('answers in long-polling mode, as the local stack runs it', async () => {
    const polling = await startLongPolling(fixture.bot);
    try {
      const citizen = user(2013);
      fixture.telegram.sendText(citizen, '/help');
      const [reply] = await fixture.telegram.waitForMessages(citizen.id, 1, POLLING_REPLY_BUDGET_MS);
      expect(reply?.text).toBe(t('kk', 'help'));
    } finally {
      await fixture.bot.stop();
      await polling.stopped;
    }
  });

  it('turns a flooding chat away before it reaches the table', async () => {
    const limited = fixture.botOnTestTable({ rateLimit: { limit: 5, timeFrameMs: 60_000 } });
    const flooder = user(2014);
    fixture.table.requests.reset();
    for (let i = 0; i < 30; i++) await limited.handleUpdate(fixture.telegram.sendText(flooder, `spam ${i}`));
    const replies = fixture.telegram.messagesTo(flooder.id).map((m) => m.text);
    expect(replies.filter((r) => r === t('kk', 'bot-not-understood'))).toHaveLength(5);
    expect(replies.filter((r) => r === t('kk', 'bot-rate-limited'))).toHaveLength(1);
    // Five sessions, and one read of the chat record for the notice's language; the rest never touch the table.
    expect(fixture.table.requests.get('GetItem')).toBe(6);
    // The plugin calls back once per excess (one notice), then drops the rest silently.
    expect(fixture.telemetry.metrics.filter((m) => m.metric === 'BotRateLimited')).toHaveLength(1);
  });
});
