// npm run db:seed [-- --reset]: seeds the demo company into an empty database; --reset rebuilds it.
import { databaseOptionsFromEnv, dropEverything, isDatabaseEmpty, openDatabase, seedDemoData } from '../index';

const reset = process.argv.includes('--reset');
const database = await openDatabase(databaseOptionsFromEnv());
try {
  if (reset) await dropEverything(database.db);
  await database.migrate();
  if (!(await isDatabaseEmpty(database.db))) {
    console.error('The database already holds data; run `npm run db:seed -- --reset` to rebuild the demo data.');
    process.exitCode = 1;
  } else {
    const summary = await seedDemoData(database.db);
    console.log(`seeded (${database.kind}):`, JSON.stringify(summary));
  }
} finally {
  await database.close();
}
