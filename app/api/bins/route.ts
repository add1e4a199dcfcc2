import { baseUrl, json, route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { CreateBinInput, type CreatedBin } from "@/lib/schemas.ts";

export const POST = route({ body: CreateBinInput }, async ({ body, request }) => {
  const { bins } = runtime();
  const { bin, token } = await bins.create(body);
  const created: CreatedBin = { ...(await bins.toWire(bin, baseUrl(request.headers))), token };
  return json(created, 201);
});
