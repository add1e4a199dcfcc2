// Integration and browser tests run the production server (dist/server.js): build it once
// per run when the sources are newer than the last build.
import { build, isStale } from "../scripts/build.mjs";

export default async function setup(): Promise<void> {
  if (isStale()) await build();
}
