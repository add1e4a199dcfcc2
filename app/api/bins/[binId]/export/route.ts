import { toHar } from "@/lib/export.ts";
import { baseUrl, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { BinParams, ExportQuery } from "@/lib/schemas.ts";

export const GET = route({ params: BinParams, query: ExportQuery }, async ({ params, query, request }) => {
  const { bins, requests, version } = runtime();
  const bin = await bins.toWire(await bins.get(params.binId), baseUrl(request.headers));
  const all = await requests.all(params.binId);
  const body = query.format === "har" ? toHar(all, bin.captureUrl, version) : all;
  const file = `hookbin-${bin.id}.${query.format === "har" ? "har" : "json"}`;
  return json(body, 200, { "Content-Disposition": `attachment; filename="${file}"` });
});
