import { ConditionalCheckFailedException } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import type { FactRecord } from '../store/fact-record';
import { citizenOwner } from '../store/fact-record';
import type { ConflictRecord, FactStore, RecordOutcome } from '../store/fact-store';
import { queryAll } from './query-all';
import { TABLE_KEYS } from './table';

const FACT_SORT_KEY = 'FACT';
const CONFLICTS = 'CONFLICTS';

interface FactItem extends FactRecord {
  pk: string;
  sk: string;
  gsi1pk?: string;
  gsi1sk?: string;
  gsi2pk?: string;
  gsi2sk?: string;
  conflictHashes?: Set<string>;
}

export const factPartitionKey = (eventKey: string) => `EVT#${eventKey}`;

function toItem(fact: FactRecord): FactItem {
  return {
    pk: factPartitionKey(fact.eventKey),
    sk: FACT_SORT_KEY,
    gsi1pk: fact.owner,
    gsi1sk: fact.ownerSort,
    ...fact,
  };
}

function fromItem(item: Record<string, unknown>): FactRecord {
  const { pk, sk, gsi1pk, gsi1sk, gsi2pk, gsi2sk, conflictHashes, conflict, storedAt, ...fact } = item;
  return fact as unknown as FactRecord;
}

/**
 * Facts in DynamoDB (docs/data-model.md). Recording a fact is **one** conditional PutItem — the write that must
 * happen anyway — which is also the idempotency check: a redelivery fails the condition and the item that stopped it
 * comes back with the error (`ReturnValuesOnConditionCheckFailure`), so telling a duplicate from a conflict needs no
 * read. Owners' facts are read through the `byOwner` index.
 */
export class DynamoFactStore implements FactStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
  ) {}

  async record(fact: FactRecord): Promise<RecordOutcome> {
    try {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: { ...toItem(fact), storedAt: new Date().toISOString() },
          ConditionExpression: 'attribute_not_exists(pk)',
          ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
        }),
      );
    } catch (error) {
      if (!(error instanceof ConditionalCheckFailedException)) throw error;
      const existing = error.Item ? (unmarshall(error.Item) as FactItem) : await this.#get(fact.eventKey);
      return this.#settle(fact, existing);
    }
    await this.#addCaseMembers(fact);
    return { outcome: 'stored' };
  }

  async #settle(fact: FactRecord, existing: (FactItem & { conflict?: boolean }) | undefined): Promise<RecordOutcome> {
    if (!existing) throw new Error('conditional write failed but no item is stored under that key');
    const known = new Set([existing.contentHash, ...(existing.conflictHashes ?? [])]);
    if (!existing.conflict && existing.contentHash === fact.contentHash) {
      // A redelivery: repeat the idempotent side writes in case the first delivery stopped between them.
      await this.#addCaseMembers(fact);
      return { outcome: 'duplicate' };
    }
    if (existing.conflict && known.has(fact.contentHash)) return { outcome: 'conflict', versions: known.size };
    // A new version under a stored id: take the stored one out of every owner's view and list it for operators.
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: { pk: factPartitionKey(fact.eventKey), sk: FACT_SORT_KEY },
        UpdateExpression:
          'SET #conflict = :yes, gsi2pk = :list, gsi2sk = :sort REMOVE gsi1pk, gsi1sk ADD conflictHashes :hash',
        ExpressionAttributeNames: { '#conflict': 'conflict' },
        ExpressionAttributeValues: {
          ':yes': true,
          ':list': CONFLICTS,
          ':sort': `${existing.occurredAt}#${fact.eventKey}`,
          ':hash': new Set([existing.contentHash, fact.contentHash]),
        },
      }),
    );
    known.add(fact.contentHash);
    return { outcome: 'conflict', versions: known.size };
  }

  async #addCaseMembers(fact: FactRecord): Promise<void> {
    for (const { citizenKey, caseId } of fact.caseMembers) {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            pk: `MEMBER#${caseId}#${citizenKey}`,
            sk: 'MEMBER',
            gsi2pk: citizenOwner(citizenKey),
            gsi2sk: `CASE#${caseId}`,
            caseId,
          },
        }),
      );
    }
  }

  async #get(eventKey: string): Promise<FactItem | undefined> {
    const result = await this.documents.send(
      new GetCommand({
        TableName: this.tableName,
        Key: { pk: factPartitionKey(eventKey), sk: FACT_SORT_KEY },
        ConsistentRead: true,
      }),
    );
    return result.Item as FactItem | undefined;
  }

  #query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.documents, { TableName: this.tableName, ...input });
  }

  async #byOwner(owner: string): Promise<FactRecord[]> {
    const { byOwner } = TABLE_KEYS;
    const items = await this.#query({
      IndexName: byOwner.name,
      KeyConditionExpression: '#pk = :owner',
      ExpressionAttributeNames: { '#pk': byOwner.partitionKey },
      ExpressionAttributeValues: { ':owner': owner },
    });
    return items.map(fromItem);
  }

  citizenFacts(citizenKey: string): Promise<FactRecord[]> {
    return this.#byOwner(citizenOwner(citizenKey));
  }

  caseFacts(caseId: string): Promise<FactRecord[]> {
    return this.#byOwner(`CASE#${caseId}`);
  }

  async casesOf(citizenKey: string): Promise<string[]> {
    const { byList } = TABLE_KEYS;
    const items = await this.#query({
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :owner AND begins_with(#sk, :case)',
      ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
      ExpressionAttributeValues: { ':owner': citizenOwner(citizenKey), ':case': 'CASE#' },
    });
    return items.map((item) => String(item.caseId)).sort();
  }

  async conflicts(): Promise<ConflictRecord[]> {
    const { byList } = TABLE_KEYS;
    const items = await this.#query({
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :list',
      ExpressionAttributeNames: { '#pk': byList.partitionKey },
      ExpressionAttributeValues: { ':list': CONFLICTS },
    });
    return items.map((item) => ({
      eventKey: String(item.eventKey),
      type: String(item.type),
      versions: (item.conflictHashes as Set<string> | undefined)?.size ?? 2,
    }));
  }
}
