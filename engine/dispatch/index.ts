// The live dispatch engine: order creation and actions over the database, using the pure runner.
export {
  assignOrder,
  reassignGroup,
  rejectOrder,
  reallocateOrder,
  rescheduleOrder,
  acceptOrder,
  declineOrder,
  startWork,
  pauseWork,
  completeWork,
  handles,
  targetsAt,
  assignInput,
  reasonInput,
  rejectInput,
  reassignGroupInput,
  reallocateInput,
  orderVersionInput,
  rescheduleInput,
  slotInput,
} from './actions';
export { createEngine, DEFAULT_CACHE_TTL_MS, type Engine, type EngineOptions } from './engine';
export { CUSTOM_VALUE_MAX, createOrder, createValidOrder, newOrderInput, type NewOrderInput, type IntakeActor } from './intake';
export {
  loadDirectoryData,
  orderDataOf,
  stateOf,
  runContextFor,
  type EngineConfig,
  type OrderRow,
} from './context';
export { commitOrderChange } from './commit';
export { listCandidates, DEFAULT_RANKING, type Candidate } from './candidates';
export { bookOnBoard, moveOnBoard, bookInput, moveInput } from './schedule';
