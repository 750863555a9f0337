import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import { METRICS_NAMESPACE } from '../../shared/contracts/environment';

export const FIVE_MINUTES = Duration.minutes(5);

/**
 * The sum of one of our own metrics over every dimension set it is emitted with (a Metrics Insights query), optionally
 * where some dimensions have given values. Powertools adds `service`, and handlers may add more (`reason`); an alarm
 * on a plain metric would match only one exact dimension set and stay silent for the others.
 */
export function insights(metricName: string, where: Record<string, string> = {}): cloudwatch.MathExpression {
  const conditions = Object.entries(where).map(([name, value]) => `${name} = '${value}'`);
  const filter = conditions.length > 0 ? ` WHERE ${conditions.join(' AND ')}` : '';
  return new cloudwatch.MathExpression({
    expression: `SELECT SUM(${metricName}) FROM ${METRICS_NAMESPACE}${filter}`,
    usingMetrics: {},
    period: FIVE_MINUTES,
    label: [metricName, ...Object.values(where)].join(' '),
  });
}

export const capital = (text: string) => `${text.charAt(0).toUpperCase()}${text.slice(1)}`;
