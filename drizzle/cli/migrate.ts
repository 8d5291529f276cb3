import { databaseOptionsFromEnv, openDatabase } from '../index';

const database = await openDatabase(databaseOptionsFromEnv());
await database.migrate();
console.log(`migrations applied (${database.kind})`);
await database.close();
