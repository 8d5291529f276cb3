// The closed value sets are defined in engine/enums.ts (pure, so the UI may import them); the
// schema's enum types are built from them.
export * from '../engine/enums';
