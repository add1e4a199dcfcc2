import { bearerToken, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { BinParams, ListRequestsQuery } from "@/lib/schemas.ts";

export const GET = route({ params: BinParams, query: ListRequestsQuery }, async ({ params, query }) => {
  const { bins, requests } = runtime();
  await bins.get(params.binId);
  return json(await requests.list(params.binId, query));
});

export const DELETE = route({ params: BinParams }, async ({ params, request }) => {
  const { bins, requests, realtime } = runtime();
  await bins.requireOwner(params.binId, bearerToken(request));
  await requests.clear(params.binId);
  realtime.requestsCleared(params.binId);
  return new Response(null, { status: 204 });
});
