export { RoundtablePage } from './RoundtablePage';
export { ScheduleForm } from './ScheduleForm';
