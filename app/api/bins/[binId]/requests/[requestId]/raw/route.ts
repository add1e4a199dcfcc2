import { route } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";
import { RequestParams } from "@/lib/schemas.ts";

export const GET = route({ params: RequestParams }, async ({ params }) => {
  const { bins, requests } = runtime();
  await bins.get(params.binId);
  const { body, contentType } = await requests.raw(params.binId, params.requestId);
  return new Response(body as Uint8Array<ArrayBuffer>, {
    headers: {
      "Content-Type": contentType || "application/octet-stream",
      "Content-Length": String(body.length),
      // Served from our origin with the sender's Content-Type: a sandboxed, script-less
      // document, so captured HTML or SVG cannot act as the app.
      "Content-Security-Policy": "sandbox; default-src 'none'",
      "X-Content-Type-Options": "nosniff",
    },
  });
});
