import type { Metadata } from "next";
import { headers } from "next/headers";
import { notFound } from "next/navigation";
import { Inspector } from "@/components/inspector.tsx";
import { isAppError } from "@/lib/errors.ts";
import { baseUrl } from "@/lib/route.ts";
import { runtime } from "@/lib/runtime.ts";

export const dynamic = "force-dynamic";

export const metadata: Metadata = { title: "Hookbin inspector", robots: { index: false, follow: false } };

export default async function InspectorPage({ params }: { params: Promise<{ binId: string }> }) {
  const { binId } = await params;
  const { bins } = runtime();
  const bin = await bins.get(binId).catch((err: unknown) => {
    if (isAppError(err) && err.status === 404) notFound();
    throw err;
  });
  return <Inspector initialBin={await bins.toWire(bin, baseUrl(await headers()))} />;
}
