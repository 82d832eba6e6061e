export { Readiness, type CheckResult, type ReadinessReport } from './Readiness.js';
export { answerHealth } from './healthRoutes.js';
export { startHealthServer, type HealthServer } from './startHealthServer.js';
export { databaseWritable } from './databaseWritable.js';
export { InFlight } from './InFlight.js';
