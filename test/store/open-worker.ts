// Child process for the multi-process migration test: opens a store, prints the
// migrations it applied as JSON, closes. Not a test file itself.
import { openStore } from '../../src/store/index.js';

const args = JSON.parse(process.argv[2] ?? '{}') as { url: string; schema?: string };
const store = await openStore({ url: args.url, ...(args.schema ? { schema: args.schema } : {}) });
process.stdout.write(JSON.stringify(store.appliedMigrations));
await store.close();
