// The plan pages, loaded together on demand (client/app/App.tsx).
export { DiffPage } from './DiffPage';
export { GroupPlansPage } from './GroupPlansPage';
export { PlanPage } from './PlanPage';
export { PrintPage } from './PrintPage';
export { ReviewPage } from './ReviewPage';
export { VersionPage } from './VersionPage';
