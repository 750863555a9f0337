import type { RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import { Construct } from 'constructs';
import { TABLE_KEYS, tableDefinition } from '../../shared/adapters/dynamodb/table';

/** The item actions a function may be granted; Scan and the Batch* actions are never granted. */
export type ItemAction = 'GetItem' | 'PutItem' | 'UpdateItem' | 'DeleteItem' | 'Query' | 'ConditionCheckItem';
export type IndexName = typeof TABLE_KEYS.byOwner.name | typeof TABLE_KEYS.byList.name;

/**
 * What one function may do in the table (docs/security.md#least-privilege): item actions on the base table, each
 * limited by `dynamodb:LeadingKeys` to partition keys that start with one of `prefixes`, and the indexes it may query.
 */
export interface TableAccess {
  items: readonly { actions: readonly ItemAction[]; prefixes: readonly string[] }[];
  indexes: readonly IndexName[];
}

const WRITES: readonly ItemAction[] = ['PutItem', 'UpdateItem', 'DeleteItem'];

export interface DataTableProps {
  stage: 'dev' | 'prod';
  removalPolicy: RemovalPolicy;
}

/** The one table (shared/adapters/dynamodb/table.ts) and the customer-managed key of the table, DLQs and alarms. */
export class DataTable extends Construct {
  readonly key: kms.Key;
  readonly table: dynamodb.TableV2;

  constructor(scope: Construct, id: string, props: DataTableProps) {
    super(scope, id);
    const { stage, removalPolicy } = props;
    this.key = new kms.Key(this, 'DataKey', {
      enableKeyRotation: true,
      removalPolicy,
      description: `osms-${stage} table, dead-letter queues and alarms`,
    });
    const definition = tableDefinition(`osms-${stage}`);
    const attribute = (name: string) => ({ name, type: dynamodb.AttributeType.STRING });
    this.table = new dynamodb.TableV2(this, 'Table', {
      tableName: definition.TableName,
      partitionKey: attribute(TABLE_KEYS.partitionKey),
      sortKey: attribute(TABLE_KEYS.sortKey),
      billing: dynamodb.Billing.onDemand(),
      encryption: dynamodb.TableEncryptionV2.customerManagedKey(this.key),
      pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
      timeToLiveAttribute: TABLE_KEYS.ttlAttribute,
      deletionProtection: stage === 'prod',
      removalPolicy,
      globalSecondaryIndexes: (definition.GlobalSecondaryIndexes ?? []).map((index) => ({
        indexName: index.IndexName ?? '',
        partitionKey: attribute(index.KeySchema?.[0]?.AttributeName ?? ''),
        sortKey: attribute(index.KeySchema?.[1]?.AttributeName ?? ''),
        projectionType: dynamodb.ProjectionType.ALL,
      })),
    });
  }

  /** Grants exactly `access`: one statement per item grant (with its key prefixes), one per index, and the key. */
  grant(grantee: iam.IGrantable, access: TableAccess): void {
    const { tableArn } = this.table;
    for (const { actions, prefixes } of access.items) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: actions.map((action) => `dynamodb:${action}`),
          resources: [tableArn],
          conditions: {
            'ForAllValues:StringLike': { 'dynamodb:LeadingKeys': prefixes.map((prefix) => `${prefix}*`) },
            // ForAllValues is true for a request without keys; every granted action has one, so require it.
            Null: { 'dynamodb:LeadingKeys': 'false' },
          },
        }),
      );
    }
    if (access.indexes.length > 0) {
      grantee.grantPrincipal.addToPrincipalPolicy(
        new iam.PolicyStatement({
          actions: ['dynamodb:Query'],
          resources: access.indexes.map((index) => `${tableArn}/index/${index}`),
        }),
      );
    }
    const writes = access.items.some(({ actions }) => actions.some((action) => WRITES.includes(action)));
    if (writes) this.key.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey', 'kms:Encrypt', 'kms:GenerateDataKey');
    else this.key.grant(grantee, 'kms:Decrypt', 'kms:DescribeKey');
  }
}
