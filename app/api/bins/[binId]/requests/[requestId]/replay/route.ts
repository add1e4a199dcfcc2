import { bearerToken, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { ReplayInput, RequestParams } from "@/lib/schemas.ts";

export const POST = route({ params: RequestParams, body: ReplayInput }, async ({ params, body, request }) => {
  const { bins, replays } = runtime();
  await bins.requireOwner(params.binId, bearerToken(request));
  return json(await replays.replay(params.binId, params.requestId, body), 201);
});
