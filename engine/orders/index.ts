export { orderScope, withScope, inOrderScope, holdersOf, orderNotFound, type OrderHolders } from './scope';
export { listOrders, getOrder, orderListInput, type OrderListInput } from './queries';
export { redactForProvider, providerRedaction, isProviderRole, type Redaction } from './redact';
export { actionsFor, withActions, type ActionRow, type OrderAction } from './allowed-actions';
export { ownerBookings, scheduleFieldsOf, withSchedule, type OrderBooking, type ScheduleFields } from './schedule';
export { listMyWork } from './my-work';
export { editOrder, editFormOf, editOrderInput, orderFieldsInput, orderFieldsOf, type OrderFields, type FieldChange } from './edit';
