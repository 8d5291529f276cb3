export {
  parseFlowJson,
  readFlow,
  serializeFlow,
  flowFileSchema,
  autoDispatchOn,
  isKnownKind,
  HANDLER_BY_KIND,
  type FlowGraph,
  type FlowNode,
  type FlowEdge,
  type NodeConfig,
  type FlowFileError,
} from './model';
export { validateFlow, canConnect, FLOW_PROBLEM_CODES, type FlowProblem, type FlowProblemCode, type ValidateOptions } from './validate';
export { compileFlow, type CompiledFlow, type Route } from './compile';
export { locateFlowProblem, locateFlowPath, locateJsonSyntaxError } from './locate';
