// The live dispatch engine: order creation and actions over the database, using the pure runner.
export {
  assignOrder,
  reassignGroup,
  rejectOrder,
  reallocateOrder,
  acceptOrder,
  declineOrder,
  startWork,
  completeWork,
  handles,
  targetsAt,
  assignInput,
  reasonInput,
  reassignGroupInput,
  reallocateInput,
  orderVersionInput,
  type EngineDeps,
} from './actions';
export { createOrder, newOrderInput, type NewOrderInput, type IntakeActor } from './intake';
export {
  createEngineCaches,
  getDirectory,
  invalidateDirectory,
  invalidateConfig,
  getConfig,
  loadDirectoryData,
  orderDataOf,
  stateOf,
  runContextFor,
  type EngineCaches,
  type OrderRow,
} from './context';
export { commitOrderChange } from './commit';
export { listCandidates, DEFAULT_RANKING, type Candidate } from './candidates';
