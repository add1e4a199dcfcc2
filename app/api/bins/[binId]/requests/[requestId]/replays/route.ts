import { json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { RequestParams } from "@/lib/schemas.ts";

export const GET = route({ params: RequestParams }, async ({ params }) => {
  const { bins, replays } = runtime();
  await bins.get(params.binId);
  return json(await replays.list(params.binId, params.requestId));
});
