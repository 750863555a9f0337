import { Bench } from 'tinybench';
import { UPSTREAM_EXAMPLES } from '../shared/contracts/examples';
import { parseUpstreamEvent } from '../shared/contracts/parse';
import { kazakhstanCalendar } from '../shared/domain/calendar/published-years';
import { addDays, type IsoDate } from '../shared/domain/dates';
import { derive } from '../shared/domain/derive';
import type { UpstreamEvent } from '../shared/domain/events';
import { checkIin } from '../shared/domain/iin';
import { insuranceStatus } from '../shared/domain/insurance';
import { caseWithEvents, sixtyMonthsOfPayments } from './scenarios';

/**
 * The cost of the domain core's hot operations in ns/op. Each task runs a batch of `BATCH`
 * operations over varied inputs, so timer resolution does not dominate; figures are means over the batches.
 */
const BATCH = 1_000;
const calendar = kazakhstanCalendar();
const dates: IsoDate[] = Array.from({ length: BATCH }, (_, i) => addDays('2024-01-01', (i * 7919) % 1461));
// Warm the year tables so the figures are the steady state of a warm Lambda, not its first call.
for (const date of dates) calendar.addWorkingDays(date, 45);

const at = Date.parse('2026-06-01T12:00:00+05:00');
const typicalCase = caseWithEvents(6);
const bigCase = caseWithEvents(50);
const payments = sixtyMonthsOfPayments();
const paymentExample = UPSTREAM_EXAMPLES[0] as UpstreamEvent;

const tasks: Record<string, (i: number) => unknown> = {
  'calendar: addWorkingDays(date, 45)': (i) => calendar.addWorkingDays(dates[i] as IsoDate, 45),
  'calendar: workingDaysBefore(date, 10)': (i) => calendar.workingDaysBefore(dates[i] as IsoDate, 10),
  'calendar: isWorkingDay(date)': (i) => calendar.isWorkingDay(dates[i] as IsoDate),
  'iin: checkIin': () => checkIin('061211600012'),
  'contract: parse a payment event': () => parseUpstreamEvent(paymentExample),
  'insurance: status from 60 months of payments': () => insuranceStatus({ payments, at }),
  'derive: a case with 6 events': () => derive({ events: typicalCase, at, calendar }),
  'derive: a case with 50 events': () => derive({ events: bigCase, at, calendar }),
};

export interface DomainFigure {
  name: string;
  nsPerOp: number;
  opsPerSecond: number;
  batches: number;
}

export async function runDomainBench(): Promise<DomainFigure[]> {
  const bench = new Bench({ time: 400, warmup: true });
  for (const [name, task] of Object.entries(tasks)) {
    bench.add(name, () => {
      for (let i = 0; i < BATCH; i++) task(i);
    });
  }
  await bench.run();
  return bench.tasks.map((task) => {
    const result = task.result;
    if (result.state !== 'completed') throw new Error(`${task.name}: ${result.state}`);
    const nsPerOp = (result.latency.mean * 1e6) / BATCH;
    return {
      name: task.name,
      nsPerOp: Math.round(nsPerOp),
      opsPerSecond: Math.round(1e9 / nsPerOp),
      batches: result.latency.samplesCount,
    };
  });
}
