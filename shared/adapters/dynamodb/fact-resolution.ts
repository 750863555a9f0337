import { type DynamoDBDocumentClient, QueryCommand, UpdateCommand } from '@aws-sdk/lib-dynamodb';
import type { FactRecord } from '../../app/fact-record';
import type { Resolution, ResolveOutcome } from '../../app/ports/fact-store';
import { factKey } from './keys';
import { TABLE_KEYS } from './table';

const { byOwner, byList } = TABLE_KEYS;

type StoredVersion = FactRecord & { sk: string };

/**
 * Keeps one version of an event (`ops review resolve`): the others leave every owner's view but stay stored (marked
 * `superseded`), the kept one counts as an ordinary fact again, and each version records the resolution (who, when,
 * why) and leaves the review list. One `Query` for the versions, one `UpdateItem` per version.
 */
export async function resolveVersions(
  documents: DynamoDBDocumentClient,
  tableName: string,
  resolution: Resolution,
): Promise<ResolveOutcome> {
  const stored = await documents.send(
    new QueryCommand({
      TableName: tableName,
      KeyConditionExpression: 'pk = :pk',
      ExpressionAttributeValues: { ':pk': factKey(resolution.eventKey).pk },
      ConsistentRead: true,
    }),
  );
  const versions = (stored.Items ?? []) as StoredVersion[];
  if (versions.length === 0) return { outcome: 'not_found' };
  if (!versions.some((version) => version.contentHash === resolution.keep)) {
    return { outcome: 'unknown_version', versions: versions.map((version) => version.contentHash).sort() };
  }
  for (const version of versions) await settleVersion(documents, tableName, { version, resolution });
  return { outcome: 'resolved', owners: [...new Set(versions.map((version) => version.owner))].sort() };
}

async function settleVersion(
  documents: DynamoDBDocumentClient,
  tableName: string,
  { version, resolution }: { version: StoredVersion; resolution: Resolution },
): Promise<void> {
  const kept = version.contentHash === resolution.keep;
  await documents.send(
    new UpdateCommand({
      TableName: tableName,
      Key: { pk: factKey(resolution.eventKey).pk, sk: version.sk },
      UpdateExpression: kept
        ? 'SET #conflict = :no, #owner = :owner, #ownerSort = :ownerSort, resolution = :resolution REMOVE superseded, #listPk, #listSk'
        : 'SET #conflict = :no, superseded = :yes, resolution = :resolution REMOVE #owner, #ownerSort, #listPk, #listSk',
      ExpressionAttributeNames: {
        '#conflict': 'conflict',
        '#owner': byOwner.partitionKey,
        '#ownerSort': byOwner.sortKey,
        '#listPk': byList.partitionKey,
        '#listSk': byList.sortKey,
      },
      ExpressionAttributeValues: {
        ':no': false,
        ':resolution': resolution,
        ...(kept ? { ':owner': version.owner, ':ownerSort': version.ownerSort } : { ':yes': true }),
      },
    }),
  );
}
