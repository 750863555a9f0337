import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import { METRIC, PRODUCER_DIMENSION } from '../../shared/contracts/environment';
import { PRODUCERS } from '../../shared/contracts/producers';
import { capital, FIVE_MINUTES, insights } from './metrics';

export interface MonitoringProps {
  stage: string;
  queues: Record<string, { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue; maxAgeMinutes: number }>;
  extraDeadLetterQueues: Record<string, sqs.IQueue>;
  functions: Record<string, lambda.IFunction>;
  key: kms.IKey;
}

/**
 * Alarms to one SNS topic and a dashboard with the same metrics: any message in a DLQ, the age of the oldest message
 * on each queue, function errors and throttles, a missing identity secret, and dead letters per producer. What each
 * alarm means and what to do: docs/deploy.md.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly dashboard: cloudwatch.Dashboard;
  readonly #widgets: cloudwatch.IWidget[] = [];

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: props.key, enforceSSL: true });
    this.#queues(props);
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: FIVE_MINUTES, statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: FIVE_MINUTES, statistic: 'Sum' });
      this.#alarm(`${name}Errors`, errors, 1, `${name}: the function failed (docs/deploy.md#function-errors)`);
      this.#alarm(`${name}Throttles`, throttles, 1, `${name}: the function was throttled (docs/deploy.md#throttles)`);
      this.#graph(`${name} errors / throttles`, [errors, throttles]);
    }
    this.#identitySecret();
    this.#producers();
    this.#review();
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `osms-${props.stage}` });
    this.dashboard.addWidgets(...this.#widgets);
  }

  /** Any message in a DLQ; the oldest message on a queue older than its normal wait. */
  #queues({ queues, extraDeadLetterQueues }: MonitoringProps) {
    const dlqs = {
      ...Object.fromEntries(Object.entries(queues).map(([n, q]) => [n, q.deadLetterQueue])),
      ...extraDeadLetterQueues,
    };
    for (const [name, dlq] of Object.entries(dlqs)) {
      const visible = dlq.metricApproximateNumberOfMessagesVisible({ period: FIVE_MINUTES, statistic: 'Maximum' });
      const text = `${name}: a message is in the dead-letter queue (docs/deploy.md#dead-letters)`;
      this.#alarm(`${name}DeadLetters`, visible, 1, text);
      this.#graph(`${name} DLQ`, [visible]);
    }
    for (const [name, { queue, maxAgeMinutes }] of Object.entries(queues)) {
      const age = queue.metricApproximateAgeOfOldestMessage({ period: FIVE_MINUTES, statistic: 'Maximum' });
      const text = `${name}: the oldest message waits over ${maxAgeMinutes} min (docs/deploy.md#backlog)`;
      this.#alarm(`${name}Age`, age, maxAgeMinutes * 60, text);
      this.#graph(`${name} oldest message (s)`, [age]);
    }
  }

  /** The HMAC identity secret is missing or empty, in any function: say so at once, not as a DLQ after 5 receives. */
  #identitySecret() {
    const text = 'a function found the identity secret missing or empty (docs/deploy.md#identity-secret)';
    this.#alarm('IdentitySecretMissing', insights(METRIC.identitySecretMissing), 1, text);
  }

  /** Conflicts waiting for an operator: measured daily by the reconciliation sweep; any open item alarms (daily). */
  #review() {
    const open = insights(METRIC.reviewItemsOpen);
    const opened = insights(METRIC.reviewItemsOpened);
    this.#alarm(
      'ReviewItemsOpen',
      open,
      1,
      'review items wait for an operator: npm run ops -- review list (docs/deploy.md#review)',
    );
    this.#graph('Review items: open (daily) / opened', [open, opened]);
  }

  /** Upstream records dead-lettered, per producer (`unknown`: a record no producer pair admits). */
  #producers() {
    const metrics: cloudwatch.IMetric[] = [];
    for (const producer of [...PRODUCERS, 'unknown']) {
      const metric = insights(METRIC.messagesRejected, { [PRODUCER_DIMENSION]: producer });
      metrics.push(metric);
      const text = `${producer}: its upstream records are being dead-lettered (docs/deploy.md#rejected-by-producer)`;
      this.#alarm(`Rejected${capital(producer)}`, metric, 1, text);
    }
    this.#graph('Rejected upstream records by producer', metrics, 12);
  }

  #graph(title: string, left: cloudwatch.IMetric[], width = 6) {
    this.#widgets.push(new cloudwatch.GraphWidget({ title, left, width }));
  }

  #alarm(name: string, metric: cloudwatch.IMetric, threshold: number, description: string) {
    const created = new cloudwatch.Alarm(this, name, {
      metric,
      threshold,
      evaluationPeriods: 1,
      comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
      alarmDescription: description,
    });
    created.addAlarmAction(new actions.SnsAction(this.topic));
  }
}
