export * from './queues';
export * from './columns';
export * from './bulk';
export * from './detail';
export * from './positions';
export * from './board';
