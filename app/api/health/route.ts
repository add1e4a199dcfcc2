import { json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import type { Health } from "@/lib/schemas.ts";

export const GET = route({}, async () => {
  const { provider, version } = runtime();
  const health: Health = { ok: true, db: provider, version };
  return json(health);
});
