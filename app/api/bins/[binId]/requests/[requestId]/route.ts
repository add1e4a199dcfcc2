import { bearerToken, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { RequestParams } from "@/lib/schemas.ts";

export const GET = route({ params: RequestParams }, async ({ params }) => {
  const { bins, requests } = runtime();
  await bins.get(params.binId);
  return json(await requests.get(params.binId, params.requestId));
});

export const DELETE = route({ params: RequestParams }, async ({ params, request }) => {
  const { bins, requests, realtime } = runtime();
  await bins.requireOwner(params.binId, bearerToken(request));
  await requests.remove(params.binId, params.requestId);
  realtime.requestDeleted(params.binId, params.requestId);
  return new Response(null, { status: 204 });
});
