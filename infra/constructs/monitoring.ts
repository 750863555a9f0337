import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';

export interface MonitoringProps {
  stage: string;
  queues: Record<string, { queue: sqs.IQueue; deadLetterQueue: sqs.IQueue; maxAgeMinutes: number }>;
  extraDeadLetterQueues: Record<string, sqs.IQueue>;
  functions: Record<string, lambda.IFunction>;
  key: kms.IKey;
}

/**
 * Alarms to one SNS topic and a dashboard with the same metrics: any message in a DLQ, the age of the oldest message
 * on each queue, function errors and throttles. What each alarm means and what to do: docs/deploy.md.
 */
export class Monitoring extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;

  constructor(scope: Construct, id: string, props: MonitoringProps) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Alarms', { masterKey: props.key, enforceSSL: true });
    const alarm = (name: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, name, {
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      created.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(created);
      return created;
    };
    const widgets: cloudwatch.IWidget[] = [];
    const dlqs = {
      ...Object.fromEntries(Object.entries(props.queues).map(([name, q]) => [name, q.deadLetterQueue])),
      ...props.extraDeadLetterQueues,
    };
    for (const [name, dlq] of Object.entries(dlqs)) {
      const visible = dlq.metricApproximateNumberOfMessagesVisible({
        period: Duration.minutes(5),
        statistic: 'Maximum',
      });
      alarm(
        `${name}DeadLetters`,
        visible,
        1,
        `${name}: a message is in the dead-letter queue (docs/deploy.md#dead-letters)`,
      );
      widgets.push(new cloudwatch.GraphWidget({ title: `${name} DLQ`, left: [visible], width: 6 }));
    }
    for (const [name, { queue, maxAgeMinutes }] of Object.entries(props.queues)) {
      const age = queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' });
      alarm(
        `${name}Age`,
        age,
        maxAgeMinutes * 60,
        `${name}: the oldest message waits over ${maxAgeMinutes} min (docs/deploy.md#backlog)`,
      );
      widgets.push(new cloudwatch.GraphWidget({ title: `${name} oldest message (s)`, left: [age], width: 6 }));
    }
    for (const [name, fn] of Object.entries(props.functions)) {
      const errors = fn.metricErrors({ period: Duration.minutes(5), statistic: 'Sum' });
      const throttles = fn.metricThrottles({ period: Duration.minutes(5), statistic: 'Sum' });
      alarm(`${name}Errors`, errors, 1, `${name}: the function failed (docs/deploy.md#function-errors)`);
      alarm(`${name}Throttles`, throttles, 1, `${name}: the function was throttled (docs/deploy.md#throttles)`);
      widgets.push(
        new cloudwatch.GraphWidget({ title: `${name} errors / throttles`, left: [errors, throttles], width: 6 }),
      );
    }
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', { dashboardName: `osms-${props.stage}` });
    this.dashboard.addWidgets(...widgets);
  }
}
