export { RoundtablePage } from './RoundtablePage';
export { ScheduleForm } from './ScheduleForm';
export { MinutesPage } from './MinutesPage';
