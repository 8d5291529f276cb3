// The database's public surface: the client, the schema, migrations and the demo seed.
export { openDatabase, queryRows, migrationsFolder, type Database, type Db, type Tx, type DbOrTx, type OpenOptions } from './client';
export * as schema from './schema';
export { seedDemoData, isDatabaseEmpty, dropEverything, hashApiKey, DEMO_API_KEY, type SeedSummary } from './seed/seed';
export { DEMO_PASSWORD, DEMO_USERS } from './seed/demo-data';
export { prepareDatabase, databaseOptionsFromEnv, demoDataWanted } from './prepare';
