export { failedTermWords, ruleReasonWords, whyNotSummary, type WhyNotSummary } from './words';
export { explainEventDecision, explainEventInput, type EventExplanation } from './event';
export { entryIdOf, entryName } from './entry';
