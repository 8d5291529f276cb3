export { deliveryConfig, deliveryConfigFromEnv, deliveryChannels, type DeliveryConfig } from './config';
