import type { Logger } from '@aws-lambda-powertools/logger';
import { type Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';
import { powertoolsTelemetry } from '../../shared/adapters/telemetry';
import type { IngestTelemetry } from './record-handler';

/**
 * The ingest's telemetry for one invocation at a time: logs go straight to the Powertools logger (per-event lines at
 * DEBUG), counts are summed and handed to Powertools once per batch by `flush()` — one value per metric in the
 * invocation's single EMF line, and one line per distinct dimension set (a rejection reason and its producer) instead
 * of one line per counted event.
 */
export function batchTelemetry(logger: Logger, metrics: Metrics): IngestTelemetry & { flush(): void } {
  const counts = new Map<string, { metric: string; dimensions: Record<string, string>; value: number }>();
  return {
    ...powertoolsTelemetry(logger, metrics),
    debug: (message, attributes) => logger.debug(message, attributes ?? {}),
    count: (metric, dimensions = {}) => {
      const key = JSON.stringify([metric, dimensions]);
      const entry = counts.get(key) ?? { metric, dimensions, value: 0 };
      entry.value += 1;
      counts.set(key, entry);
    },
    flush: () => {
      for (const { metric, dimensions, value } of counts.values()) {
        if (Object.keys(dimensions).length === 0) {
          metrics.addMetric(metric, MetricUnit.Count, value);
          continue;
        }
        const single = metrics.singleMetric();
        for (const [name, dimension] of Object.entries(dimensions)) single.addDimension(name, dimension);
        single.addMetric(metric, MetricUnit.Count, value);
      }
      counts.clear();
    },
  };
}
