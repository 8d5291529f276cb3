export { EngineerOrder } from './engineer-order';
export { EngineerActions } from './engineer-actions';
export { useEngineerActions } from './use-engineer-actions';
