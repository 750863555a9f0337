import {
  ConditionalCheckFailedException,
  DynamoDBClient,
  TransactionCanceledException,
} from '@aws-sdk/client-dynamodb';
import {
  DeleteCommand,
  DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  QueryCommand,
  TransactWriteCommand,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import { afterEach, describe, expect, it } from 'vitest';
import { TABLE_ACCESS } from '../../infra/access';
import type { TableAccess } from '../../infra/constructs/data-table';
import { DynamoLinkAttempts } from '../../shared/adapters/dynamodb/attempts';
import { DynamoChatStore } from '../../shared/adapters/dynamodb/chat-store';
import { DynamoFactStore } from '../../shared/adapters/dynamodb/fact-store';
import { DynamoNotificationLedger } from '../../shared/adapters/dynamodb/notification-ledger';
import { DynamoOutboxMarkers } from '../../shared/adapters/dynamodb/outbox-markers';
import { DynamoScheduleBook } from '../../shared/adapters/dynamodb/schedule-book';
import { toFactRecord } from '../../shared/app/fact-record';
import { application, payment } from '../helpers/events';
import { testIdentity } from '../helpers/identity';

/**
 * The IAM matrix (infra/access.ts) checked against what the adapters really send: each function's adapter calls run
 * against a recording client, and every request must be one its policy allows — the action on a partition key with an
 * allowed prefix, or a query on an allowed index. A request outside the matrix is AccessDenied in the cloud.
 */
const ddb = mockClient(DynamoDBDocumentClient);
afterEach(() => ddb.reset());
const documents = () => DynamoDBDocumentClient.from(new DynamoDBClient({ region: 'ap-southeast-1' }));
const TABLE = 'osms-test';

const ACTIONS = new Map<string, string>([
  [GetCommand.name, 'GetItem'],
  [PutCommand.name, 'PutItem'],
  [UpdateCommand.name, 'UpdateItem'],
  [DeleteCommand.name, 'DeleteItem'],
  [QueryCommand.name, 'Query'],
]);

interface Request {
  action: string;
  partitionKey?: string;
  index?: string;
}

/** The part of a transaction each item is, and the IAM action it is authorized as (there is no TransactWriteItems action). */
const TRANSACT_PARTS = new Map<string, string>([
  ['Put', 'PutItem'],
  ['Update', 'UpdateItem'],
  ['Delete', 'DeleteItem'],
  ['ConditionCheck', 'ConditionCheckItem'],
]);

type TransactItem = Record<string, { Key?: { pk?: string }; Item?: { pk?: string } }>;

function requests(): Request[] {
  return ddb.calls().flatMap((call): Request[] => {
    const command = call.args[0] as { constructor: { name: string }; input: Record<string, unknown> };
    if (command.constructor.name === TransactWriteCommand.name) {
      return (command.input.TransactItems as TransactItem[]).flatMap((item) =>
        Object.entries(item).map(([part, request]) => ({
          action: TRANSACT_PARTS.get(part) ?? part,
          partitionKey: request.Key?.pk ?? request.Item?.pk,
        })),
      );
    }
    const action = ACTIONS.get(command.constructor.name) ?? command.constructor.name;
    const input = command.input as {
      Key?: { pk?: string };
      Item?: { pk?: string };
      IndexName?: string;
      KeyConditionExpression?: string;
      ExpressionAttributeValues?: Record<string, unknown>;
    };
    if (input.IndexName) return [{ action, index: input.IndexName }];
    const bound = /^\s*#?\w+\s*=\s*(:\w+)/.exec(input.KeyConditionExpression ?? '')?.[1];
    const partitionKey =
      input.Key?.pk ?? input.Item?.pk ?? (bound ? String(input.ExpressionAttributeValues?.[bound]) : undefined);
    return [{ action, partitionKey }];
  });
}

function denied(access: TableAccess): Request[] {
  return requests().filter((request) => {
    if (request.index)
      return !(request.action === 'Query' && (access.indexes as readonly string[]).includes(request.index));
    return !access.items.some(
      (grant) =>
        (grant.actions as readonly string[]).includes(request.action) &&
        grant.prefixes.some((prefix) => request.partitionKey?.startsWith(prefix)),
    );
  });
}

function answer({ getItem }: { getItem?: Record<string, unknown> } = {}) {
  ddb.onAnyCommand().resolves({});
  ddb.on(QueryCommand).resolves({ Items: [] });
  if (getItem) ddb.on(GetCommand).resolves({ Item: getItem });
}

const paymentFact = () => toFactRecord(payment(), testIdentity);
const applicationFact = () => toFactRecord(application(), testIdentity);

async function factReads(facts: DynamoFactStore) {
  await facts.citizenFacts('c1.someone');
  await facts.caseFacts('CASE-1');
  await facts.casesOf('c1.someone');
}

describe('the table actions each function needs are the ones its role has', () => {
  it('ingest: records a fact, its case members, a redelivery and a conflicting version', async () => {
    answer();
    const facts = new DynamoFactStore(documents(), TABLE);
    await facts.record(applicationFact());
    await factReads(facts);
    expect(denied(TABLE_ACCESS.ingest)).toEqual([]);

    ddb.reset();
    answer();
    const stored = paymentFact();
    const conflict = new ConditionalCheckFailedException({ message: 'exists', $metadata: {} });
    conflict.Item = marshall({ ...stored, contentHash: 'another-version' }, { removeUndefinedValues: true });
    ddb.on(PutCommand).rejectsOnce(conflict).resolves({});
    await facts.record(stored);
    expect(requests().map((r) => r.action)).toEqual(['PutItem', 'PutItem', 'UpdateItem']);
    expect(denied(TABLE_ACCESS.ingest)).toEqual([]);
  });

  it('planner and due handler: facts, chats, the schedule book and the outbox markers', async () => {
    answer();
    const book = new DynamoScheduleBook(documents(), TABLE);
    const chats = new DynamoChatStore(documents(), TABLE);
    await factReads(new DynamoFactStore(documents(), TABLE));
    await chats.chatsOfCitizen('c1.someone');
    const chat = {
      chatId: 42,
      active: true,
      citizenKey: 'c1.someone',
      reminders: { pension: true, coverage: true },
    } as Parameters<DynamoChatStore['putChat']>[0];
    await chats.putChat(chat);
    await chats.saveCoverage(chat, {
      coveredThrough: '2026-06-30',
      sweepOn: '2026-06-16',
      derivedAt: '2026-05-18T10:00:00Z',
    });
    const outbox = new DynamoOutboxMarkers(documents(), TABLE);
    await outbox.state('return-due:CASE-1');
    await book.ofCase('CASE-1');
    const record = { caseId: 'CASE-1', key: 'documents-1', name: 'case-x', at: Date.UTC(2026, 4, 18, 5) };
    await book.put(record as Parameters<DynamoScheduleBook['put']>[0]);
    await book.remove('CASE-1', 'documents-1');
    expect(denied(TABLE_ACCESS.planner)).toEqual([]);

    ddb.reset();
    answer();
    await factReads(new DynamoFactStore(documents(), TABLE));
    await chats.getChat(42);
    await chats.saveCoverage(chat, {
      coveredThrough: '2026-06-30',
      sweepOn: '2026-06-16',
      derivedAt: '2026-05-18T11:00:00Z',
    });
    await book.ofCase('CASE-1');
    await book.put(record as Parameters<DynamoScheduleBook['put']>[0]);
    await book.remove('CASE-1', 'documents-1');
    await book.markFired('CASE-1', 'documents-1', Date.UTC(2026, 4, 18, 5));
    await book.casesScheduledOn(['2026-05-18']);
    await book.unfired(['2026-05-18'], Date.UTC(2026, 4, 18, 5));
    for await (const _chat of chats.linkedChats(3)) break;
    await chats.coverageDue(3, '2026-05-18', { limit: 10 });
    await chats.linkedPage(3, { limit: 10 });
    await outbox.begin('return-due:CASE-1');
    await outbox.confirm('return-due:CASE-1');
    await outbox.state('return-due:CASE-1');
    expect(denied(TABLE_ACCESS.due)).toEqual([]);
  });

  it('sender: the chat, marking it inactive, and the notification ledger (claims checked against the chat)', async () => {
    answer({ getItem: { pk: 'NOTIF#n-1', sk: 'NOTIF', status: 'sent' } });
    const chats = new DynamoChatStore(documents(), TABLE);
    const ledger = new DynamoNotificationLedger(documents(), TABLE);
    // The third claim is refused on the item, without the old item in the answer: the ledger reads its status.
    const refused = new TransactionCanceledException({ message: 'refused', $metadata: {} });
    refused.CancellationReasons = [{ Code: 'ConditionalCheckFailed' }, { Code: 'None' }];
    ddb.on(TransactWriteCommand).resolvesOnce({}).resolvesOnce({}).rejects(refused);
    await chats.getChat(42);
    await chats.markInactive(42);
    const claim = {
      chatId: 42,
      kind: 'funds_credited',
      addressee: { citizenKey: 'c1.someone', orUnlinked: false, topic: 'pension' },
    } as const;
    await ledger.claim('n-1', { ...claim, status: 'postponed' });
    await ledger.claim('n-1', { ...claim, status: 'sending' });
    expect(await ledger.claim('n-1', { ...claim, status: 'sending' })).toBe('already_sent');
    await ledger.settle('n-1', 'sent');
    await ledger.status('n-1');
    expect(requests().map((r) => r.action)).toEqual(
      expect.arrayContaining(['PutItem', 'ConditionCheckItem', 'GetItem', 'UpdateItem']),
    );
    expect(requests()).toContainEqual({ action: 'ConditionCheckItem', partitionKey: 'CHAT#42' });
    expect(denied(TABLE_ACCESS.sender)).toEqual([]);
  });

  it('bot: session, lifecycle, update marks, link attempts, /forget and the citizen views', async () => {
    answer({ getItem: { pk: 'CHAT#42', sk: 'CHAT', chatId: 42, active: false, lang: 'kk' } });
    const chats = new DynamoChatStore(documents(), TABLE);
    await chats.getChat(42);
    await chats.putChat({ chatId: 42, active: true } as Parameters<DynamoChatStore['putChat']>[0]);
    await chats.markInactive(42);
    await chats.reactivate(42);
    await chats.claimUpdate({ botId: 7, updateId: 1001 });
    await chats.releaseUpdate({ botId: 7, updateId: 1001 });
    await chats.chatsOfCitizen('c1.someone');
    await chats.deleteChat(42);
    await new DynamoLinkAttempts(documents(), TABLE).register(42, '2026-05-18');
    ddb.on(QueryCommand).resolves({ Items: [{ pk: 'NOTIF#n-1', sk: 'NOTIF', gsi1sk: 'n-1' }] });
    await new DynamoNotificationLedger(documents(), TABLE).forgetChat(42);
    await factReads(new DynamoFactStore(documents(), TABLE));
    expect(requests().map((r) => r.action)).toEqual(expect.arrayContaining(['PutItem', 'DeleteItem', 'UpdateItem']));
    expect(denied(TABLE_ACCESS.bot)).toEqual([]);
  });

  it('refuses what a role does not have: the bot cannot record a fact or claim a notification, the sender cannot touch a schedule', async () => {
    answer();
    await new DynamoFactStore(documents(), TABLE).record(paymentFact());
    expect(denied(TABLE_ACCESS.bot)).toEqual([{ action: 'PutItem', partitionKey: expect.stringMatching(/^EVT#/) }]);
    ddb.reset();
    answer();
    await new DynamoScheduleBook(documents(), TABLE).remove('CASE-1', 'documents-1');
    expect(denied(TABLE_ACCESS.sender)).toEqual([{ action: 'DeleteItem', partitionKey: 'CASESCHED#CASE-1' }]);
    ddb.reset();
    answer();
    await new DynamoNotificationLedger(documents(), TABLE).claim('n-1', {
      chatId: 42,
      kind: 'funds_credited',
      addressee: { citizenKey: 'c1.someone', orUnlinked: false, topic: 'pension' },
      status: 'sending',
    });
    // Only the sender claims notifications: the bot may delete them (/forget), never make one.
    expect(denied(TABLE_ACCESS.bot)).toEqual([
      { action: 'PutItem', partitionKey: 'NOTIF#n-1' },
      { action: 'ConditionCheckItem', partitionKey: 'CHAT#42' },
    ]);
  });
});
