import { DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { DynamoDBDocumentClient, PutCommand } from '@aws-sdk/lib-dynamodb';
import { marshall } from '@aws-sdk/util-dynamodb';
import { toFactRecord } from '../shared/app/fact-record';
import type { Identity } from '../shared/app/ports';
import { parseUpstreamEventBody } from '../shared/contracts/parse';
import type { BenchMessage } from './scenarios';

/** Runs `count` tasks with `concurrency` in flight; answers this process's CPU µs per task (I/O waits excluded). */
export async function cpuPerTask(count: number, concurrency: number, task: (i: number) => Promise<unknown>) {
  let next = 0;
  const before = process.cpuUsage();
  const worker = async () => {
    for (let i = next++; i < count; i = next++) await task(i);
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  const cpu = process.cpuUsage(before);
  return (cpu.user + cpu.system) / count;
}

/** A payment as the store writes it: the same item, of the same size, for every way of writing it. */
function factItems(payments: readonly BenchMessage[], identity: Identity, prefix: string) {
  return payments.map(({ body }, i) => {
    const parsed = parseUpstreamEventBody(body);
    if (!parsed.ok) throw new Error('the bench payments must be valid');
    const fact = toFactRecord(parsed.value, identity);
    return { pk: `EVT#${prefix}${i}`, sk: 'FACT', gsi1pk: fact.owner, gsi1sk: fact.ownerSort, ...fact };
  });
}

/**
 * The floor: a bare `PutItem` loop (one default low-level client for every pass, warmed by the first, the item
 * marshalled per put) into the same DynamoDB Local, with the same concurrency as the ingest.
 */
let floorClient: DynamoDBClient | undefined;

export function putFloor(
  tableName: string,
  payments: readonly BenchMessage[],
  identity: Identity,
  concurrency: number,
) {
  floorClient ??= new DynamoDBClient({});
  const client = floorClient;
  const items = factItems(payments, identity, `floor-${Date.now()}-`);
  return cpuPerTask(items.length, concurrency, (i) =>
    client.send(
      new PutItemCommand({ TableName: tableName, Item: marshall(items[i], { removeUndefinedValues: true }) }),
    ),
  );
}

/**
 * The same conditional put three ways, interleaved twice so that load on the machine hits each alike: the
 * DocumentClient, the low-level client with `marshall`, and the low-level client with `cacheMiddleware`.
 */
export async function putVariants(
  tableName: string,
  payments: readonly BenchMessage[],
  identity: Identity,
  concurrency: number,
) {
  const documents = DynamoDBDocumentClient.from(new DynamoDBClient({}), {
    marshallOptions: { removeUndefinedValues: true },
  });
  const plain = new DynamoDBClient({});
  const cached = new DynamoDBClient({ cacheMiddleware: true });
  const condition = {
    ConditionExpression: 'attribute_not_exists(pk)',
    ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
  } as const;
  const variants = {
    documentClient: (item: Record<string, unknown>) =>
      documents.send(new PutCommand({ TableName: tableName, Item: item, ...condition })),
    lowLevelMarshall: (item: Record<string, unknown>) =>
      plain.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ...condition,
        }),
      ),
    lowLevelCached: (item: Record<string, unknown>) =>
      cached.send(
        new PutItemCommand({
          TableName: tableName,
          Item: marshall(item, { removeUndefinedValues: true }),
          ...condition,
        }),
      ),
  };
  const totals: Record<string, number> = {};
  for (const round of [1, 2]) {
    for (const [name, put] of Object.entries(variants)) {
      const items = factItems(payments, identity, `${name}-${round}-`);
      totals[name] =
        (totals[name] ?? 0) +
        (await cpuPerTask(items.length, concurrency, (i) => put(items[i] as Record<string, unknown>))) / 2;
    }
  }
  return Object.fromEntries(Object.entries(totals).map(([name, micros]) => [name, Math.round(micros)]));
}
