import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import type { Telemetry } from '../app/ports';

/** Telemetry through Powertools: structured JSON logs and CloudWatch metrics in EMF. */
export function powertoolsTelemetry(logger: Logger, metrics: Metrics): Telemetry {
  return {
    info: (message, attributes) => logger.info(message, attributes ?? {}),
    warn: (message, attributes) => logger.warn(message, attributes ?? {}),
    error: (message, attributes) => logger.error(message, attributes ?? {}),
    gauge: (metric, value) => {
      const single = metrics.singleMetric();
      single.addMetric(metric, MetricUnit.Count, value);
    },
    count: (metric, dimensions) => {
      if (!dimensions) {
        metrics.addMetric(metric, MetricUnit.Count, 1);
        return;
      }
      // A metric with its own dimensions (e.g. the reason a message was rejected) is flushed on its own.
      const single = metrics.singleMetric();
      for (const [name, value] of Object.entries(dimensions)) single.addDimension(name, value);
      single.addMetric(metric, MetricUnit.Count, 1);
    },
  };
}
