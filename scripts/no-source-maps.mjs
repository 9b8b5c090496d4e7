// Loaded by the app command right after tsx (`node --import tsx --import ./scripts/no-source-maps.mjs main.ts`).
// tsx turns Node's source maps on; cdktf records a stack trace for every token it
// creates, and mapping those (and registering a map per compiled module) costs
// ~120 ms and ~30 MB per synthesis. The output is identical. APP_DEBUG=1 keeps
// them on for readable stack traces.
if (process.env.APP_DEBUG !== "1") process.setSourceMapsEnabled(false);
