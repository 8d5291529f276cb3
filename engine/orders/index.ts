export { orderScope, withScope } from './scope';
export { listOrders, getOrder, orderListInput, type OrderListInput } from './queries';
