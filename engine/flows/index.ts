export { listFlows } from './queries';
