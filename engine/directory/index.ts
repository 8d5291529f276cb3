export * from './directory';
export * from './directory.schema';
export { loadPrincipal } from './principal';
