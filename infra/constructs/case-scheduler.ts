import { Duration, type RemovalPolicy, Stack, TimeZone, Token, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as scheduler from 'aws-cdk-lib/aws-scheduler';
import * as targets from 'aws-cdk-lib/aws-scheduler-targets';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { ENV } from '../../shared/contracts/environment';
import { encodeDueMessage } from '../../shared/contracts/internal';
import { SCHEDULE_PREFIX } from '../access';
import type { HouseFunction } from './house-function';
import { KMS_SEND_ACTIONS, type MessageQueue } from './message-queue';

export interface CaseSchedulerProps {
  stage: 'dev' | 'prod';
  removalPolicy: RemovalPolicy;
  due: MessageQueue;
  notify: MessageQueue;
  /** Encrypts the scheduler's DLQ, which keeps the payloads it could not deliver. */
  key: kms.IKey;
}

/**
 * EventBridge Scheduler: one group, the role it assumes (it may only send to the due and notify queues and its own
 * DLQ), the daily sweeps, and what a function needs to manage one-time schedules of one kind (by name prefix).
 */
export class CaseScheduler extends Construct {
  readonly group: scheduler.ScheduleGroup;
  /** The group's literal name (`osms-<stage>`), for ARNs and the cdk-nag evidence. */
  readonly groupName: string;
  readonly role: iam.Role;
  readonly deadLetterQueue: sqs.Queue;

  constructor(scope: Construct, id: string, props: CaseSchedulerProps) {
    super(scope, id);
    const { stage, removalPolicy, due, notify, key } = props;
    this.groupName = `osms-${stage}`;
    this.group = new scheduler.ScheduleGroup(this, 'Schedules', { scheduleGroupName: this.groupName, removalPolicy });
    this.role = new iam.Role(this, 'Role', {
      assumedBy: new iam.ServicePrincipal('scheduler.amazonaws.com', {
        conditions: { StringEquals: { 'aws:SourceAccount': Stack.of(this).account } },
      }),
      description:
        'EventBridge Scheduler: send due work and delayed notifications to their queues, failures to its DLQ',
    });
    this.deadLetterQueue = new sqs.Queue(this, 'Failures', {
      encryption: sqs.QueueEncryption.KMS,
      encryptionMasterKey: key,
      enforceSSL: true,
      retentionPeriod: Duration.days(14),
    });
    Validations.of(this.deadLetterQueue).acknowledge({
      id: 'AwsSolutions-SQS3',
      reason: "This is the scheduler's dead-letter queue.",
    });
    due.grantSend(this.role);
    notify.grantSend(this.role);
    key.grant(this.role, ...KMS_SEND_ACTIONS);
    this.#sweep('ReconciliationSweep', 'reconciliation_sweep', { hour: '6', minute: '0' }, due);
    this.#sweep('CoverageSweep', 'coverage_sweep', { hour: '10', minute: '0' }, due);
  }

  #sweep(
    id: string,
    kind: 'reconciliation_sweep' | 'coverage_sweep',
    at: { hour: string; minute: string },
    due: MessageQueue,
  ) {
    new scheduler.Schedule(this, id, {
      scheduleGroup: this.group,
      schedule: scheduler.ScheduleExpression.cron({ ...at, timeZone: TimeZone.ASIA_ALMATY }),
      target: new targets.SqsSendMessage(due.queue, {
        role: this.role,
        // Built by the due queue's own encoder; test/infra parses every synthesized input back.
        input: scheduler.ScheduleTargetInput.fromText(encodeDueMessage({ kind })),
        deadLetterQueue: this.deadLetterQueue,
        retryAttempts: 185,
        maxEventAge: Duration.hours(24),
      }),
      description: `daily ${kind}`,
    });
  }

  /**
   * The variables a function needs to make schedules (group, role, DLQ), `iam:PassRole` of the scheduler's role to
   * the scheduler only, and the schedule actions on the names starting with `prefix` in our group only.
   */
  bindTo(fn: HouseFunction, kind: keyof typeof SCHEDULE_PREFIX, actions: readonly ScheduleAction[]): void {
    fn.setVariable(ENV.scheduleGroup, this.groupName);
    fn.setVariable(ENV.schedulerRoleArn, this.role.roleArn);
    fn.setVariable(ENV.schedulerDlqArn, this.deadLetterQueue.queueArn);
    const names = `${this.groupName}/${SCHEDULE_PREFIX[kind]}*`;
    const stack = Stack.of(this);
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: actions.map((action) => `scheduler:${action}`),
        resources: [stack.formatArn({ service: 'scheduler', resource: 'schedule', resourceName: names })],
      }),
    );
    fn.addToRolePolicy(
      new iam.PolicyStatement({
        actions: ['iam:PassRole'],
        resources: [this.role.roleArn],
        conditions: { StringEquals: { 'iam:PassedToService': 'scheduler.amazonaws.com' } },
      }),
    );
    const account = Token.isUnresolved(stack.account) ? '<AWS::AccountId>' : stack.account;
    const region = Token.isUnresolved(stack.region) ? '<AWS::Region>' : stack.region;
    fn.acknowledge(
      `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:scheduler:${region}:${account}:schedule/${names}]`,
      `${actions.join(', ')} one-time schedules named ${SCHEDULE_PREFIX[kind]}… inside our own schedule group only.`,
    );
  }
}

export type ScheduleAction = 'CreateSchedule' | 'UpdateSchedule' | 'DeleteSchedule';
