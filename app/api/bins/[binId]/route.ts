import { baseUrl, bearerToken, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { BinParams, UpdateBinInput } from "@/lib/schemas.ts";

export const GET = route({ params: BinParams }, async ({ params, request }) => {
  const { bins } = runtime();
  return json(await bins.toWire(await bins.get(params.binId), baseUrl(request.headers)));
});

export const PATCH = route({ params: BinParams, body: UpdateBinInput }, async ({ params, body, request }) => {
  const { bins, realtime } = runtime();
  await bins.requireOwner(params.binId, bearerToken(request));
  const bin = await bins.toWire(await bins.update(params.binId, body), baseUrl(request.headers));
  realtime.binUpdated(bin);
  return json(bin);
});

export const DELETE = route({ params: BinParams }, async ({ params, request }) => {
  const { bins } = runtime();
  await bins.requireOwner(params.binId, bearerToken(request));
  await bins.remove(params.binId);
  return new Response(null, { status: 204 });
});
