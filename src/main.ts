import { serve } from './server.js';

// `node dist/main.js`: the server alone, for process managers that want no CLI in between.
serve().catch((err: unknown) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
