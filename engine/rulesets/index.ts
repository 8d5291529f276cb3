export { listRuleSets } from './queries';
