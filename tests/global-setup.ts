// Integration and browser tests run the production server (dist/server.js): build it once
// per run when the sources are newer than the last build.
import { buildIfStale } from "../scripts/build.mjs";

export default async function setup(): Promise<void> {
  await buildIfStale();
}
