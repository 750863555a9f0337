import { type DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import {
  type DynamoDBDocumentClient,
  GetCommand,
  PutCommand,
  type QueryCommandInput,
  UpdateCommand,
} from '@aws-sdk/lib-dynamodb';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import type { FactRecord } from '../../app/fact-record';
import type { FactStore, RecordOutcome, Resolution, ResolveOutcome, ReviewItem } from '../../app/ports/fact-store';
import { isConditionFailure } from './conditions';
import { resolveVersions } from './fact-resolution';
import {
  caseOwner,
  citizenOwner,
  factKey,
  factVersionKey,
  memberKey,
  memberListSort,
  REVIEW_LIST,
  reviewSort,
  withoutKeys,
} from './keys';
import { queryAll } from './query-all';
import { TABLE_KEYS } from './table';

const { byOwner, byList, ttlAttribute } = TABLE_KEYS;

/**
 * How long a fact is kept after it occurred (docs/data-model.md "Retention"): 6 years. Coverage needs 60 months of
 * payment history (the 6-month grace rule) plus the 12 months of arrears the law looks back; a pension case is closed
 * within months. DynamoDB's TTL deletes the item after that, every version alike.
 */
export const FACT_RETENTION_SECONDS = 6 * 366 * 86_400;

function expiresAt(fact: FactRecord): number {
  const occurred = Date.parse(fact.occurredAt);
  return Math.floor((Number.isNaN(occurred) ? Date.now() : occurred) / 1000) + FACT_RETENTION_SECONDS;
}

type FactItem = FactRecord & {
  /** On the first version only: every version's hash once there is more than one. */
  versions?: Set<string>;
  resolution?: Resolution;
  superseded?: boolean;
};

function ownerIndex(fact: FactRecord) {
  return { [byOwner.partitionKey]: fact.owner, [byOwner.sortKey]: fact.ownerSort, [ttlAttribute]: expiresAt(fact) };
}

function fromItem(item: Record<string, unknown>): FactRecord {
  const {
    versions,
    resolution,
    superseded,
    storedAt,
    conflictHashes,
    [ttlAttribute]: ttl,
    ...fact
  } = withoutKeys(item);
  return fact as unknown as FactRecord;
}

/**
 * Facts in DynamoDB (docs/data-model.md). Recording a fact is **one** conditional PutItem — the write that must
 * happen anyway — which is also the idempotency check: a redelivery fails the condition and the item that stopped it
 * comes back with the error (`ReturnValuesOnConditionCheckFailure`), so telling a duplicate from a conflict needs no
 * read. A conflicting version is kept as its own item beside the first, both marked `conflict`, and the id joins the
 * review list; nothing is removed from any view (a fact something already counted on never disappears).
 */
export class DynamoFactStore implements FactStore {
  constructor(
    private readonly documents: DynamoDBDocumentClient,
    private readonly tableName: string,
    /**
     * A low-level client for the one write every event makes (the ingest's, built with `cacheMiddleware`, which the
     * DocumentClient refuses): the item is marshalled here. Without it the DocumentClient writes it.
     */
    private readonly writer?: DynamoDBClient,
  ) {}

  async #putFirst(item: Record<string, unknown>): Promise<void> {
    const condition = {
      TableName: this.tableName,
      ConditionExpression: 'attribute_not_exists(pk)',
      ReturnValuesOnConditionCheckFailure: 'ALL_OLD',
    } as const;
    if (this.writer) {
      await this.writer.send(
        new PutItemCommand({ ...condition, Item: marshall(item, { removeUndefinedValues: true }) }),
      );
      return;
    }
    await this.documents.send(new PutCommand({ ...condition, Item: item }));
  }

  async record(fact: FactRecord): Promise<RecordOutcome> {
    try {
      await this.#putFirst({
        ...factKey(fact.eventKey),
        ...ownerIndex(fact),
        ...fact,
        storedAt: new Date().toISOString(),
      });
    } catch (error) {
      if (!isConditionFailure(error)) throw error;
      const existing = error.Item ? (unmarshall(error.Item) as FactItem) : await this.#first(fact.eventKey);
      return this.#settle(fact, existing);
    }
    await this.#addCaseMembers(fact);
    return { outcome: 'stored' };
  }

  async #settle(fact: FactRecord, first: FactItem | undefined): Promise<RecordOutcome> {
    if (!first) throw new Error('conditional write failed but no item is stored under that key');
    const known = new Set([first.contentHash, ...(first.versions ?? [])]);
    if (!first.conflict && first.contentHash === fact.contentHash) {
      // A redelivery: repeat the idempotent side writes in case the first delivery stopped between them.
      await this.#addCaseMembers(fact);
      return { outcome: 'duplicate' };
    }
    const isKnown = known.has(fact.contentHash);
    // A version an operator already ruled on: redelivering it changes nothing.
    if (first.resolution && isKnown) return { outcome: 'duplicate' };
    known.add(fact.contentHash);
    // The version first (idempotent), then the mark on the first version: a crash in between is mended by the
    // redelivery, and a reader that sees both versions detects the conflict by itself meanwhile.
    if (fact.contentHash !== first.contentHash) {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...factVersionKey(fact.eventKey, fact.contentHash),
            ...ownerIndex(fact),
            ...fact,
            conflict: true,
            storedAt: new Date().toISOString(),
          },
        }),
      );
    }
    await this.#markConflict(first, known);
    await this.#addCaseMembers(fact);
    return { outcome: 'conflict', versions: known.size, known: isKnown };
  }

  async #markConflict(first: FactItem, versions: Set<string>): Promise<void> {
    await this.documents.send(
      new UpdateCommand({
        TableName: this.tableName,
        Key: factKey(first.eventKey),
        UpdateExpression: 'SET #conflict = :yes, #listPk = :list, #listSk = :sort ADD #versions :hashes',
        ExpressionAttributeNames: {
          '#conflict': 'conflict',
          '#versions': 'versions',
          '#listPk': byList.partitionKey,
          '#listSk': byList.sortKey,
        },
        ExpressionAttributeValues: {
          ':yes': true,
          ':list': REVIEW_LIST,
          ':sort': reviewSort('conflict', first.occurredAt, first.eventKey),
          ':hashes': versions,
        },
      }),
    );
  }

  async #addCaseMembers(fact: FactRecord): Promise<void> {
    for (const { citizenKey, caseId } of fact.caseMembers) {
      await this.documents.send(
        new PutCommand({
          TableName: this.tableName,
          Item: {
            ...memberKey(caseId, citizenKey),
            [byList.partitionKey]: citizenOwner(citizenKey),
            [byList.sortKey]: memberListSort(caseId),
            [ttlAttribute]: expiresAt(fact),
            caseId,
          },
        }),
      );
    }
  }

  async #first(eventKey: string): Promise<FactItem | undefined> {
    const result = await this.documents.send(
      new GetCommand({ TableName: this.tableName, Key: factKey(eventKey), ConsistentRead: true }),
    );
    return result.Item as FactItem | undefined;
  }

  #query(input: Omit<QueryCommandInput, 'TableName'>): Promise<Record<string, unknown>[]> {
    return queryAll(this.documents, { TableName: this.tableName, ...input });
  }

  async #byOwner(owner: string): Promise<FactRecord[]> {
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
    return this.#byOwner(caseOwner(caseId));
  }

  async casesOf(citizenKey: string): Promise<string[]> {
    const items = await this.#query({
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :owner AND begins_with(#sk, :case)',
      ExpressionAttributeNames: { '#pk': byList.partitionKey, '#sk': byList.sortKey },
      ExpressionAttributeValues: { ':owner': citizenOwner(citizenKey), ':case': memberListSort('') },
    });
    return items.map((item) => String(item.caseId)).sort();
  }

  async reviewItems(): Promise<ReviewItem[]> {
    const items = await this.#query({
      IndexName: byList.name,
      KeyConditionExpression: '#pk = :list',
      ExpressionAttributeNames: { '#pk': byList.partitionKey },
      ExpressionAttributeValues: { ':list': REVIEW_LIST },
    });
    return items.map((item) => ({
      kind: String(item[byList.sortKey]).startsWith('held_conclusion#')
        ? ('held_conclusion' as const)
        : ('conflict' as const),
      ...(typeof item.reviewReason === 'string' ? { reason: item.reviewReason } : {}),
      eventKey: String(item.eventKey),
      type: String(item.type),
      occurredAt: String(item.occurredAt),
      versions: [...((item.versions as Set<string> | undefined) ?? [String(item.contentHash)])].sort(),
    }));
  }

  async flagForReview(
    eventKey: string,
    item: { kind: 'held_conclusion'; reason: string; occurredAt: string },
  ): Promise<void> {
    await this.documents
      .send(
        new UpdateCommand({
          TableName: this.tableName,
          Key: factKey(eventKey),
          UpdateExpression: 'SET #listPk = :list, #listSk = :sort, reviewReason = :reason',
          // A conflict is listed as such already; an operator's earlier decision is not reopened.
          ConditionExpression:
            'attribute_exists(pk) AND attribute_not_exists(resolution) AND (attribute_not_exists(#conflict) OR #conflict = :no)',
          ExpressionAttributeNames: {
            '#listPk': byList.partitionKey,
            '#listSk': byList.sortKey,
            '#conflict': 'conflict',
          },
          ExpressionAttributeValues: {
            ':list': REVIEW_LIST,
            ':sort': reviewSort(item.kind, item.occurredAt, eventKey),
            ':reason': item.reason,
            ':no': false,
          },
        }),
      )
      .catch((error: unknown) => {
        if (!isConditionFailure(error)) throw error;
      });
  }

  /** Keeps one version of a conflicted id (or acknowledges a held one): see `resolveVersions`. */
  resolve(resolution: Resolution): Promise<ResolveOutcome> {
    return resolveVersions(this.documents, this.tableName, resolution);
  }
}
