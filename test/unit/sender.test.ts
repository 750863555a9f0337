import { describe, expect, it } from 'vitest';
import { createSender, NotificationInFlightError } from '../../functions/notify/sender';
import { deliveryScheduleName } from '../../shared/adapters/scheduler/scheduler';
import { addresseeOf, isAddressed } from '../../shared/app/deliver-notification';
import { stillAddressed } from '../../shared/app/notify-citizens';
import type { ChatRecord } from '../../shared/app/ports/chat-store';
import { type NotificationMessage, parseNotificationMessage } from '../../shared/contracts/internal';
import { notificationText } from '../../shared/messages/notification-text';
import { at, IIN } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryNotify } from '../helpers/in-memory-notify';
import { InMemoryTelegram } from '../helpers/in-memory-sinks';
import { sqsRecord } from '../helpers/sqs';

const CHAT = 1001;
const AIGERIM = testIdentity.citizenKey(IIN.aigerim);

const reminderParams = { deadline: '2026-06-02', workingDaysLeft: 5, elapsed: 40, total: 45 };
const reminder: NotificationMessage = {
  id: 'documents_reminder|OB-1|2026-06-02|left-5|1001',
  chatId: CHAT,
  citizenKey: AIGERIM,
  kind: 'documents_reminder',
  params: reminderParams,
};

/** News that stays true overnight: held to 09:00 in quiet hours. */
const creditParams = { amountTiyn: 250_000_000, creditedOn: '2026-05-25', deadline: '2026-07-29', workingDays: 45 };
const credit: NotificationMessage = {
  id: 'funds_credited|OB-1|2026-05-25|-|1001',
  chatId: CHAT,
  citizenKey: AIGERIM,
  kind: 'funds_credited',
  params: creditParams,
};

async function senderWorld(local = '2026-05-25T10:00') {
  const world = new InMemoryNotify(at(local));
  await world.link(CHAT, IIN.aigerim, { language: 'ru' });
  const send = (notification: NotificationMessage = reminder) =>
    world.sender(InMemoryNotify.notificationRecord(notification));
  return { world, send };
}

const metrics = (world: InMemoryNotify) => world.telemetry.metrics.map((m) => m.metric);
const claimOf = (n: NotificationMessage) => ({ chatId: n.chatId, kind: n.kind, addressee: addresseeOf(n) });

/** What the bot's /forget does to the stores: the chat item goes, then the chat's notification items. */
async function forget(world: InMemoryNotify, chatId = CHAT) {
  await world.chats.deleteChat(chatId);
  await world.ledger.forgetChat(chatId);
}

/** Runs `meanwhile` right after the sender has read the chat, before it claims the notification. */
function afterChatRead(world: InMemoryNotify, meanwhile: () => Promise<void>) {
  const read = world.chats.getChat.bind(world.chats);
  world.chats.getChat = async (chatId) => {
    const chat = await read(chatId);
    await meanwhile();
    return chat;
  };
}

describe('sender (in-memory ports)', () => {
  it('sends a notification once in the chat language, however often it is delivered', async () => {
    const { world, send } = await senderWorld();
    await send();
    await send();
    expect(world.telegram.to(CHAT)).toEqual([notificationText('ru', 'documents_reminder', reminderParams)]);
    expect(world.ledger.items.get(reminder.id)?.status).toBe('sent');
    expect(metrics(world)).toEqual(['NotificationsSent', 'NotificationsDuplicate']);
  });

  it("dead-letters a message Telegram rejects with 400, with Telegram's reason, and sends it never again", async () => {
    const { world, send } = await senderWorld();
    world.telegram.answerNext({ code: 400, description: 'Bad Request: message is too long' });
    await send();
    await send();
    expect(world.deadLetters.letters).toEqual([
      expect.objectContaining({
        reason: 'telegram: message rejected (Bad Request: message is too long)',
        category: 'telegram_400',
      }),
    ]);
    expect(world.ledger.items.get(reminder.id)?.status).toBe('failed');
    expect(world.telegram.messages).toEqual([]);
    expect(world.telemetry.metrics).toContainEqual({
      metric: 'MessagesRejected',
      dimensions: { reason: 'telegram_400' },
    });
  });

  it('stops writing to a chat that blocked the bot (403)', async () => {
    const { world, send } = await senderWorld();
    world.telegram.answerNext({ code: 403, description: 'Forbidden: bot was blocked by the user' });
    await send();
    expect((await world.chats.getChat(CHAT))?.active).toBe(false);
    expect(world.ledger.items.get(reminder.id)?.status).toBe('blocked');
    await send({ ...reminder, id: 'another' });
    expect(world.telegram.messages).toEqual([]);
    expect(metrics(world)).toEqual(['ChatsBlocked', 'NotificationsSkipped']);
  });

  it('leaves anything else (a 500) to the queue, which delivers it again', async () => {
    const { world, send } = await senderWorld();
    world.telegram.answerNext({ code: 500, description: 'Internal Server Error' });
    await expect(send()).rejects.toThrow('telegram: 500');
    expect(world.ledger.items.get(reminder.id)?.status).toBe('sending');
  });

  it('throws a message back to the queue while another attempt is sending it', async () => {
    const { world, send } = await senderWorld();
    await world.ledger.claim(reminder.id, { ...claimOf(reminder), status: 'sending' });
    await expect(send()).rejects.toBeInstanceOf(NotificationInFlightError);
    expect(world.telegram.messages).toEqual([]);
  });

  it('postpones a message in quiet hours to 09:00, with the same notification as the schedule input', async () => {
    const { world, send } = await senderWorld('2026-05-25T22:30');
    await send(credit);
    const schedule = world.scheduler.schedules.get(deliveryScheduleName(credit.id));
    expect(schedule?.at).toBe(at('2026-05-26T09:00'));
    expect(schedule?.target).toBe('notify');
    expect(parseNotificationMessage(schedule?.body ?? '')).toEqual({ ok: true, value: credit });
    expect(world.telegram.messages).toEqual([]);
    // Held in the ledger, listed with the chat's notifications (what /forget deletes).
    expect(await world.ledger.ofChat(CHAT)).toEqual([expect.objectContaining({ id: credit.id, status: 'postponed' })]);
    await world.advanceTo(at('2026-05-26T09:01'));
    expect(world.telegram.to(CHAT)).toEqual([notificationText('ru', 'funds_credited', creditParams)]);
    expect(world.ledger.items.get(credit.id)?.status).toBe('sent');
    expect(metrics(world)).toEqual(['NotificationsPostponed', 'NotificationsSent']);
  });

  it('cancels a postponed delivery on /forget: nothing is sent at 09:00 and no item comes back', async () => {
    const { world, send } = await senderWorld('2026-05-25T22:00');
    await send(credit);
    expect(await world.ledger.ofChat(CHAT)).toHaveLength(1);
    await forget(world);
    expect(await world.ledger.ofChat(CHAT)).toEqual([]);
    await world.advanceTo(at('2026-05-26T09:01'));
    expect(world.telegram.messages).toEqual([]);
    expect(world.ledger.items.size).toBe(0);
    expect(metrics(world)).toEqual(['NotificationsPostponed', 'NotificationsSkipped']);
  });

  it('drops "documents received" in quiet hours: a rejection or a conflict overnight would make it untrue', async () => {
    const { world, send } = await senderWorld('2026-05-25T22:10');
    const params = { receivedOn: '2026-05-25', deadline: '2026-06-02' };
    await send({
      id: 'documents_received|OB-1|2026-05-25|-|1001',
      chatId: CHAT,
      citizenKey: AIGERIM,
      kind: 'documents_received',
      params,
    });
    expect(world.scheduler.schedules.size).toBe(0);
    expect(world.ledger.items.size).toBe(0);
    await world.advanceTo(at('2026-05-26T09:01'));
    expect(world.telegram.messages).toEqual([]);
    expect(metrics(world)).toEqual(['NotificationsSkipped']);
  });

  it('drops a documents reminder that reaches quiet hours: by morning its count, or "last day", would be wrong', async () => {
    const lastDay = { ...reminderParams, workingDaysLeft: 0, elapsed: 45 };
    const { world, send } = await senderWorld('2026-06-02T21:05');
    await send({ ...reminder, id: 'documents_reminder|OB-1|2026-06-02|left-0|1001', params: lastDay });
    expect(world.scheduler.schedules.size).toBe(0);
    expect(world.ledger.items.size).toBe(0);
    await world.advanceTo(at('2026-06-03T09:01'));
    expect(world.telegram.messages).toEqual([]);
    expect(metrics(world)).toEqual(['NotificationsSkipped']);
  });

  it('postpones nothing for a chat already forgotten: no item, no schedule', async () => {
    const { world, send } = await senderWorld('2026-05-25T23:00');
    await forget(world);
    await send();
    expect(world.scheduler.schedules.size).toBe(0);
    expect(world.ledger.items.size).toBe(0);
    expect(metrics(world)).toEqual(['NotificationsSkipped']);
  });

  it('cannot race a notification back after /forget: the claim checks the chat in the same write', async () => {
    const { world, send } = await senderWorld();
    afterChatRead(world, () => forget(world));
    await send();
    expect(world.telegram.messages).toEqual([]);
    expect(world.ledger.items.size).toBe(0);
    expect(metrics(world)).toEqual(['NotificationsSkipped']);
  });

  it('refuses the claim when the chat is re-linked to someone else after the sender read it', async () => {
    const { world, send } = await senderWorld();
    afterChatRead(world, () => world.link(CHAT, IIN.bolat));
    await send();
    expect(world.telegram.messages).toEqual([]);
    expect(world.ledger.items.size).toBe(0);
    expect(metrics(world)).toEqual(['NotificationsSkipped']);
  });

  it('skips a chat re-linked to someone else, or with that topic switched off', async () => {
    const { world, send } = await senderWorld();
    await world.link(CHAT, IIN.bolat);
    await send();
    await world.link(CHAT, IIN.aigerim, { reminders: { pension: false, coverage: true } });
    await send({ ...reminder, id: 'second' });
    expect(world.telegram.messages).toEqual([]);
    expect(metrics(world)).toEqual(['NotificationsSkipped', 'NotificationsSkipped']);
  });

  it('tells an unlinked chat why it was unlinked, whatever its reminder switches say', async () => {
    const { world, send } = await senderWorld();
    await world.chats.putChat({
      chatId: CHAT,
      language: 'kk',
      active: true,
      reminders: { pension: false, coverage: false },
    });
    const notice: NotificationMessage = {
      id: `unlinked_phone_changed|${AIGERIM}|2026-05-25|-|${CHAT}`,
      chatId: CHAT,
      citizenKey: AIGERIM,
      kind: 'unlinked_phone_changed',
      params: {},
    };
    await send(notice);
    expect(world.telegram.to(CHAT)).toEqual([notificationText('kk', 'unlinked_phone_changed', {})]);
  });

  it('dead-letters a notification whose params do not fit its kind, instead of sending a zero', async () => {
    const { world } = await senderWorld();
    const body = JSON.stringify({
      schemaVersion: 1,
      notification: { ...reminder, params: { deadline: '2026-06-02', workingDaysLeft: 5 } },
    });
    await world.sender(sqsRecord(body));
    const unknownKind = JSON.stringify({ schemaVersion: 1, notification: { ...reminder, kind: 'lottery_won' } });
    await world.sender(sqsRecord(unknownKind));
    expect(world.deadLetters.letters.map((letter) => letter.category)).toEqual([
      'notification.params.elapsed',
      'notification.kind',
    ]);
    expect(world.telegram.messages).toEqual([]);
  });
});

describe('the addressee the ledger checks atomically', () => {
  const BOLAT = testIdentity.citizenKey(IIN.bolat);
  const notice: NotificationMessage = { ...reminder, kind: 'unlinked_phone_changed', params: {} };
  const coverage: NotificationMessage = {
    ...reminder,
    kind: 'coverage_restored',
    params: { coveredThrough: '2026-01-31' },
  };
  const chats: (ChatRecord | undefined)[] = [undefined];
  for (const citizenKey of [AIGERIM, BOLAT, undefined])
    for (const active of [true, false])
      for (const pension of [true, false])
        for (const cover of [true, false])
          chats.push({
            chatId: CHAT,
            language: 'kk',
            active,
            reminders: { pension, coverage: cover },
            ...(citizenKey ? { citizenKey } : {}),
          });

  it.each([reminder, notice, coverage])('is the rule the sender re-checks on the chat it read ($kind)', (n) => {
    const rule = addresseeOf(n);
    const verdicts = chats.map((chat) => isAddressed(chat, rule));
    expect(verdicts).toEqual(chats.map((chat) => stillAddressed(chat, n)));
    expect(verdicts).toContain(true);
    expect(verdicts).toContain(false);
  });
});

describe('paid broadcast (the operator option ALLOW_PAID_BROADCAST)', () => {
  const coverageParams = { coveredThrough: '2026-06-30', days: 14, monthlyAmountTiyn: 425_000 };
  const ending: NotificationMessage = {
    id: `coverage_ending|${AIGERIM}|2026-06-30|days-14|${CHAT}`,
    chatId: CHAT,
    citizenKey: AIGERIM,
    kind: 'coverage_ending',
    params: coverageParams,
  };
  const ended: NotificationMessage = {
    ...ending,
    id: `coverage_ended|${AIGERIM}|2026-06-30||${CHAT}`,
    kind: 'coverage_ended',
    params: { coveredThrough: '2026-06-30', restoreMonths: 1, monthlyAmountTiyn: 425_000 },
  };
  const restored: NotificationMessage = {
    ...ending,
    id: `coverage_restored|${AIGERIM}|2026-06-30||${CHAT}`,
    kind: 'coverage_restored',
    params: { coveredThrough: '2026-06-30' },
  };

  async function senderWith(paidBroadcast?: InMemoryTelegram) {
    const { world } = await senderWorld();
    const sender = createSender({
      chats: world.chats,
      ledger: world.ledger,
      telegram: world.telegram,
      scheduler: world.scheduler,
      clock: world.clock,
      deadLetters: world.deadLetters,
      telemetry: world.telemetry,
      ...(paidBroadcast ? { paidBroadcast } : {}),
    });
    for (const n of [ending, ended, restored, reminder]) await sender(InMemoryNotify.notificationRecord(n));
    return world;
  }

  it('sends the mass coverage notices by paid broadcast when allowed, and nothing else', async () => {
    const paid = new InMemoryTelegram();
    const world = await senderWith(paid);
    expect(paid.to(CHAT)).toEqual([
      notificationText('ru', 'coverage_ending', coverageParams),
      notificationText('ru', 'coverage_ended', ended.params as never),
    ]);
    expect(world.telegram.to(CHAT)).toEqual([
      notificationText('ru', 'coverage_restored', { coveredThrough: '2026-06-30' }),
      notificationText('ru', 'documents_reminder', reminderParams),
    ]);
  });

  it('sends everything the ordinary way when the operator has not allowed it', async () => {
    const world = await senderWith();
    expect(world.telegram.to(CHAT)).toHaveLength(4);
  });
});
