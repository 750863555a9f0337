import type { CreateTableCommandInput } from '@aws-sdk/client-dynamodb';

/**
 * The one table (single-table design; `docs/data-model.md`). This object is the definition both the CDK stack and
 * the tests create the table from, so they cannot drift apart.
 */
export const TABLE_KEYS = {
  partitionKey: 'pk',
  sortKey: 'sk',
  ttlAttribute: 'expiresAt',
  /** Facts by their owner: a citizen's payments and contacts, a case's events, a patient's ДКК conclusions. */
  byOwner: { name: 'byOwner', partitionKey: 'gsi1pk', sortKey: 'gsi1sk' },
  /** Memberships and work lists: a citizen's cases, conflicts; later due work by date and linked chats by shard. */
  byList: { name: 'byList', partitionKey: 'gsi2pk', sortKey: 'gsi2sk' },
} as const;

export function tableDefinition(tableName: string): CreateTableCommandInput {
  const { partitionKey, sortKey, byOwner, byList } = TABLE_KEYS;
  const string = (name: string) => ({ AttributeName: name, AttributeType: 'S' as const });
  const index = (gsi: { name: string; partitionKey: string; sortKey: string }) => ({
    IndexName: gsi.name,
    KeySchema: [
      { AttributeName: gsi.partitionKey, KeyType: 'HASH' as const },
      { AttributeName: gsi.sortKey, KeyType: 'RANGE' as const },
    ],
    Projection: { ProjectionType: 'ALL' as const },
  });
  return {
    TableName: tableName,
    BillingMode: 'PAY_PER_REQUEST',
    AttributeDefinitions: [
      string(partitionKey),
      string(sortKey),
      string(byOwner.partitionKey),
      string(byOwner.sortKey),
      string(byList.partitionKey),
      string(byList.sortKey),
    ],
    KeySchema: [
      { AttributeName: partitionKey, KeyType: 'HASH' },
      { AttributeName: sortKey, KeyType: 'RANGE' },
    ],
    GlobalSecondaryIndexes: [index(byOwner), index(byList)],
  };
}
