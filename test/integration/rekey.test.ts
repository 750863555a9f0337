import { ScanCommand } from '@aws-sdk/client-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { describe, expect, inject, it } from 'vitest';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { rekeyTable } from '../../shared/adapters/dynamodb/rekey-table';
import { HmacIdentity } from '../../shared/adapters/identity';
import { toFactRecord } from '../../shared/app/fact-record';
import { DEFAULT_REMINDERS } from '../../shared/app/ports/chat-store';
import { casePartiesOf, citizenView } from '../../shared/app/views';
import { kazakhstanCalendar } from '../../shared/domain/calendar/published-years';
import type { UpstreamEvent } from '../../shared/domain/events';
import { createTestTable, type TestTable } from '../helpers/dynamodb';
import { application, at, contact, IIN, payment } from '../helpers/events';
import { TEST_IDENTITY_SECRET, testIdentity } from '../helpers/identity';

const v1 = testIdentity;
const v2 = new HmacIdentity(
  JSON.stringify({ keys: [TEST_IDENTITY_SECRET, 'second-test-only-identity-secret-0123456789'] }),
);
const PHONE = '+77015550123';
const CHAT_ID = 4242;
const now = at('2026-06-01T12:00');

const events: UpstreamEvent[] = [
  payment({ period: '2026-04' }),
  // Two versions of one event id: a conflict, whose further version is filed under its content hash.
  payment({ period: '2026-05' }, { eventId: 'rekey-conflict' }),
  payment({ period: '2026-05', amountTiyn: 1 }, { eventId: 'rekey-conflict' }),
  contact(IIN.aigerim, PHONE),
  application({ caseId: 'OB-9', patientIin: IIN.dana }),
];

/** A table as the ingest and the bot leave it with one identity key: the facts, and a chat linked to the applicant. */
async function tableKeyedWith(identity: HmacIdentity): Promise<TestTable> {
  const table = await createTestTable(inject('dynamodbEndpoint'));
  const store = new DynamoFactStore(table.documents, table.tableName);
  for (const event of events) await store.record(toFactRecord(event, identity));
  const chats = new DynamoChatStore(table.documents, table.tableName, () => now);
  await chats.putChat({
    chatId: CHAT_ID,
    language: 'ru',
    citizenKey: identity.citizenKey(IIN.aigerim),
    linkedPhoneKey: identity.phoneKey(PHONE),
    linkedAt: '2026-05-01T10:00:00.000Z',
    active: true,
    reminders: { ...DEFAULT_REMINDERS },
  });
  await chats.claimUpdate({ botId: 1, updateId: 7 });
  return table;
}

/** Every item, without the moment it was written: the rest must be the same whichever way the table was keyed. */
async function itemsOf(table: TestTable) {
  const result = await table.client.send(new ScanCommand({ TableName: table.tableName, ConsistentRead: true }));
  return (result.Items ?? [])
    .map((item) => {
      const { storedAt, ...rest } = unmarshall(item);
      return rest;
    })
    .sort((a, b) => `${a.pk} ${a.sk}`.localeCompare(`${b.pk} ${b.sk}`));
}

async function answers(table: TestTable, identity: HmacIdentity) {
  const facts = new DynamoFactStore(table.documents, table.tableName);
  const chats = new DynamoChatStore(table.documents, table.tableName);
  const context = { facts, at: now, calendar: kazakhstanCalendar() };
  return {
    applicant: await citizenView(context, identity.citizenKey(IIN.aigerim)),
    patient: await citizenView(context, identity.citizenKey(IIN.dana)),
    parties: casePartiesOf(await facts.caseFacts('OB-9')),
    chats: await chats.chatsOfCitizen(identity.citizenKey(IIN.aigerim)),
  };
}

describe('rekeyTable on DynamoDB Local', () => {
  it('moves every fact, case member and chat to the new key version, once', async () => {
    const rotated = await tableKeyedWith(v1);
    const fresh = await tableKeyedWith(v2);

    const first = await rekeyTable(rotated.documents, rotated.tableName, v2);
    expect(first.rekeyed).toEqual({ facts: 5, members: 2, chats: 1 });
    expect(first.otherKinds).toBe(1);

    const rotatedAnswers = await answers(rotated, v2);
    expect(rotatedAnswers.applicant.caseIds).toEqual(['OB-9']);
    expect(rotatedAnswers.patient.caseIds).toEqual(['OB-9']);
    expect(rotatedAnswers.parties).toEqual([v2.citizenKey(IIN.aigerim), v2.citizenKey(IIN.dana)]);
    expect(rotatedAnswers.chats.map((chat) => chat.chatId)).toEqual([CHAT_ID]);
    expect(rotatedAnswers).toEqual(await answers(fresh, v2));

    const items = await itemsOf(rotated);
    expect(items).toEqual(await itemsOf(fresh));
    expect(JSON.stringify(items, (_, value) => (value instanceof Set ? [...value] : value))).not.toMatch(/\b[cp]1\./);
    expect(items.filter((item) => String(item.pk).startsWith('EVT#')).map((item) => item.keyVersion)).toEqual(
      Array(5).fill(2),
    );

    const second = await rekeyTable(rotated.documents, rotated.tableName, v2);
    expect(second.rekeyed).toEqual({ facts: 0, members: 0, chats: 0 });
    expect(second.alreadyCurrent).toEqual({ facts: 5, members: 2, chats: 1 });
    expect(await itemsOf(rotated)).toEqual(items);
  });

  it('refuses a secret with one key', async () => {
    const table = await createTestTable(inject('dynamodbEndpoint'));
    await expect(rekeyTable(table.documents, table.tableName, v1)).rejects.toThrow(/one key/);
  });
});
