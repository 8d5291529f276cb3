export { orderScope, withScope, inOrderScope, type OrderHolders } from './scope';
export { listOrders, getOrder, orderListInput, type OrderListInput } from './queries';
