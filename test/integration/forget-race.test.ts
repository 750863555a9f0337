import { GetCommand } from '@aws-sdk/lib-dynamodb';
import { beforeEach, describe, expect, inject, it } from 'vitest';
import { createSender } from '../../functions/notify/sender';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { notificationKey } from '../../shared/adapters/dynamodb/keys';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { addresseeOf } from '../../shared/app/deliver-notification';
import type { ChatRecord } from '../../shared/app/ports/chat-store';
import { encodeNotificationMessage, type NotificationMessage } from '../../shared/contracts/internal';
import { createTestTable, type TestTable } from '../helpers/dynamodb';
import { at, IIN } from '../helpers/events';
import { testIdentity } from '../helpers/identity';
import { InMemoryScheduler, InMemoryTelegram } from '../helpers/in-memory-sinks';
import { RecordingDeadLetters, RecordingTelemetry, sqsRecord } from '../helpers/sqs';

/**
 * `/forget` against the sender on DynamoDB Local (issue 12 item 8): a postponed delivery is a notification item that
 * `/forget` deletes, and the claim is one transaction with a check on the chat item, so a sender that read the chat
 * before `/forget` can neither send nor write the item back.
 */
const CHAT = 3001;
const AIGERIM = testIdentity.citizenKey(IIN.aigerim);
/** News that stays true overnight (a documents news is dropped in quiet hours, not postponed). */
const news: NotificationMessage = {
  id: `funds_credited|OB-1|2026-03-20|-|${CHAT}`,
  chatId: CHAT,
  citizenKey: AIGERIM,
  kind: 'funds_credited',
  params: { amountTiyn: 250_000_000, creditedOn: '2026-03-20', deadline: '2026-06-02', workingDays: 45 },
};
const linked = (iin = IIN.aigerim, options: Partial<ChatRecord> = {}): ChatRecord => ({
  chatId: CHAT,
  language: 'kk',
  citizenKey: testIdentity.citizenKey(iin),
  active: true,
  reminders: { pension: true, coverage: true },
  ...options,
});

let table: TestTable;
let chats: DynamoChatStore;
let ledger: DynamoNotificationLedger;

beforeEach(async () => {
  table = await createTestTable(inject('dynamodbEndpoint'));
  chats = new DynamoChatStore(table.documents, table.tableName);
  ledger = new DynamoNotificationLedger(table.documents, table.tableName);
  await chats.putChat(linked());
});

/** The sender on the real chat store and ledger; the scheduler, Telegram and the clock in memory. */
function senderAt(local: string) {
  const world = {
    now: at(local),
    scheduler: new InMemoryScheduler(),
    telegram: new InMemoryTelegram(),
    telemetry: new RecordingTelemetry(),
  };
  const sender = createSender({
    chats,
    ledger,
    telegram: world.telegram,
    scheduler: world.scheduler,
    clock: { now: () => world.now },
    deadLetters: new RecordingDeadLetters(),
    telemetry: world.telemetry,
  });
  const deliver = (body = encodeNotificationMessage(news)) => sender(sqsRecord(body));
  /** Moves the clock to each schedule's time and delivers its body, as EventBridge Scheduler does. */
  const fireSchedules = async () => {
    const due = [...world.scheduler.schedules.values()];
    world.scheduler.schedules.clear();
    for (const schedule of due) {
      world.now = schedule.at;
      await deliver(schedule.body);
    }
    return due.length;
  };
  const metrics = () => world.telemetry.metrics.map((m) => m.metric);
  return { world, deliver, fireSchedules, metrics };
}

/** What the bot's `/forget` does to the table: the chat item first, then the chat's notification items. */
async function forget(): Promise<number> {
  await chats.deleteChat(CHAT);
  return ledger.forgetChat(CHAT);
}

/** Runs `meanwhile` right after the sender has read the chat, before its claim. */
function afterChatRead(meanwhile: () => Promise<unknown>) {
  const read = chats.getChat.bind(chats);
  chats.getChat = async (chatId) => {
    const chat = await read(chatId);
    await meanwhile();
    return chat;
  };
}

async function notificationItem(id = news.id) {
  const result = await table.documents.send(
    new GetCommand({ TableName: table.tableName, Key: notificationKey(id), ConsistentRead: true }),
  );
  return result.Item;
}

describe('/forget and the sender (DynamoDB Local)', () => {
  it('cancels a delivery postponed at 22:00: nothing is sent at 09:00 and no item is recreated', async () => {
    const { world, deliver, fireSchedules, metrics } = senderAt('2026-05-25T22:00');
    await deliver();
    expect(await ledger.ofChat(CHAT)).toEqual([expect.objectContaining({ id: news.id, status: 'postponed' })]);
    expect(await forget()).toBe(1);
    expect(await fireSchedules()).toBe(1);
    expect(world.now).toBe(at('2026-05-26T09:00'));
    expect(world.telegram.messages).toEqual([]);
    expect(await notificationItem()).toBeUndefined();
    expect(metrics()).toEqual(['NotificationsPostponed', 'NotificationsSkipped']);
  });

  it('delivers a postponed notification at 09:00 once, the postponed item moving to sent', async () => {
    const { world, deliver, fireSchedules, metrics } = senderAt('2026-05-25T22:00');
    await deliver();
    // A redelivery of the message in quiet hours keeps one postponed item and one schedule.
    await deliver();
    expect(world.scheduler.schedules.size).toBe(1);
    await fireSchedules();
    await deliver();
    expect(world.telegram.to(CHAT)).toHaveLength(1);
    expect(await notificationItem()).toMatchObject({ status: 'sent', expiresAt: expect.any(Number) });
    expect(metrics()).toEqual([
      'NotificationsPostponed',
      'NotificationsPostponed',
      'NotificationsSent',
      'NotificationsDuplicate',
    ]);
  });

  it('refuses a claim when /forget ran after the sender read the chat: nothing sent, no item left', async () => {
    const { world, deliver, metrics } = senderAt('2026-05-26T10:00');
    afterChatRead(forget);
    await deliver();
    expect(world.telegram.messages).toEqual([]);
    expect(await notificationItem()).toBeUndefined();
    expect(await ledger.ofChat(CHAT)).toEqual([]);
    expect(metrics()).toEqual(['NotificationsSkipped']);
  });

  it('refuses the 09:00 claim of a postponed delivery when /forget runs between the read and the claim', async () => {
    const { world, deliver, fireSchedules } = senderAt('2026-05-25T23:30');
    await deliver();
    afterChatRead(forget);
    await fireSchedules();
    expect(world.telegram.messages).toEqual([]);
    expect(await notificationItem()).toBeUndefined();
  });

  it('refuses a claim when the chat was re-linked to someone else or blocked after the read', async () => {
    const { world, deliver, metrics } = senderAt('2026-05-26T10:00');
    afterChatRead(() => chats.putChat(linked(IIN.bolat)));
    await deliver();
    await chats.putChat(linked());
    afterChatRead(() => chats.markInactive(CHAT));
    await deliver();
    expect(world.telegram.messages).toEqual([]);
    expect(await notificationItem()).toBeUndefined();
    expect(metrics()).toEqual(['NotificationsSkipped', 'NotificationsSkipped']);
  });

  it('does not bring an item back when /forget runs while the message is being sent', async () => {
    const claim = { chatId: CHAT, kind: news.kind, addressee: addresseeOf(news), status: 'sending' } as const;
    expect(await ledger.claim(news.id, claim)).toBe('claimed');
    await forget();
    await ledger.settle(news.id, 'sent');
    expect(await notificationItem()).toBeUndefined();
  });
});

describe('the transactional claim (DynamoDB Local)', () => {
  const claimOf = (n: NotificationMessage, status: 'sending' | 'postponed' = 'sending') => ({
    chatId: n.chatId,
    kind: n.kind,
    addressee: addresseeOf(n),
    status,
  });

  it('tells a send in flight from one already made, and a chat that is not the addressee from both', async () => {
    expect(await ledger.claim(news.id, claimOf(news))).toBe('claimed');
    expect(await ledger.claim(news.id, claimOf(news))).toBe('in_flight');
    await ledger.settle(news.id, 'sent');
    expect(await ledger.claim(news.id, claimOf(news))).toBe('already_sent');
    await chats.putChat(linked(IIN.aigerim, { reminders: { pension: false, coverage: true } }));
    const other = { ...news, id: 'funds_credited|OB-2|2026-03-20|-|3001' };
    expect(await ledger.claim(other.id, claimOf(other))).toBe('not_addressed');
    expect(await notificationItem(other.id)).toBeUndefined();
  });

  it('sends the unlink notice to a chat linked to no one, but to no chat linked to someone else', async () => {
    const notice: NotificationMessage = { ...news, id: 'unlink|1', kind: 'unlinked_phone_changed', params: {} };
    await chats.putChat(linked(IIN.aigerim, { citizenKey: undefined, reminders: { pension: false, coverage: false } }));
    expect(await ledger.claim(notice.id, claimOf(notice))).toBe('claimed');
    await chats.putChat(linked(IIN.bolat));
    const again = { ...notice, id: 'unlink|2' };
    expect(await ledger.claim(again.id, claimOf(again))).toBe('not_addressed');
  });

  it('takes over a postponed item, and lets a postponing claim repeat (a redelivery in quiet hours)', async () => {
    expect(await ledger.claim(news.id, claimOf(news, 'postponed'))).toBe('claimed');
    expect(await ledger.claim(news.id, claimOf(news, 'postponed'))).toBe('claimed');
    expect(await ledger.status(news.id)).toBe('postponed');
    expect(await ledger.claim(news.id, claimOf(news))).toBe('claimed');
    expect(await ledger.claim(news.id, claimOf(news, 'postponed'))).toBe('in_flight');
    expect(await ledger.status(news.id)).toBe('sending');
  });
});
