export type { OneTimeSchedule, Scheduler, ScheduleTarget } from '../../app/ports';
export { caseScheduleName, deliveryScheduleName } from '../../app/schedule-names';
