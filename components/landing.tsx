"use client";

import Link from "next/link";
import { useRouter } from "next/navigation";
import { useEffect, useState } from "react";
import { createApiClient } from "@/lib/api-client.ts";
import { forgetBin, readStoredBins, rememberBin, type StoredBin } from "./bin-storage.ts";
import { relativeTime } from "./format.ts";
import { ThemeToggle } from "./theme-toggle.tsx";

const api = createApiClient();

export function Landing() {
  const router = useRouter();
  const [creating, setCreating] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [recent, setRecent] = useState<StoredBin[]>([]);
  const [now, setNow] = useState(0);

  useEffect(() => {
    setRecent(readStoredBins());
    setNow(Date.now());
  }, []);

  async function createBin() {
    setCreating(true);
    setError(null);
    try {
      const bin = await api.createBin({});
      rememberBin(bin);
      router.push(`/b/${bin.id}`);
    } catch (err) {
      setError(err instanceof Error ? err.message : "Could not create a bin");
      setCreating(false);
    }
  }

  return (
    <div className="min-h-screen">
      <header className="flex items-center justify-between px-6 py-4">
        <span className="flex items-center gap-2 text-sm font-semibold">
          <img src="/favicon.svg" alt="" className="h-5 w-5" />
          Hookbin
        </span>
        <ThemeToggle />
      </header>
      <main className="mx-auto flex max-w-2xl flex-col gap-10 px-6 pt-16 pb-24">
        <section className="flex flex-col items-start gap-5">
          <h1 className="text-3xl font-semibold tracking-tight">Catch, read and replay webhooks.</h1>
          <p className="text-zinc-600 dark:text-zinc-400">
            Get a throwaway URL, point Stripe, GitHub, Shopify or your own service at it, and watch every request arrive live — method, headers and body exactly
            as sent, byte for byte.
          </p>
          <button
            type="button"
            onClick={createBin}
            disabled={creating}
            className="rounded-lg bg-indigo-600 px-4 py-2 text-sm font-medium text-white shadow-sm hover:bg-indigo-500 disabled:opacity-60"
          >
            {creating ? "Creating…" : "New bin"}
          </button>
          {error && (
            <p role="alert" className="text-sm text-rose-600">
              {error}
            </p>
          )}
        </section>
        {recent.length > 0 && (
          <section aria-labelledby="recent-heading">
            <h2 id="recent-heading" className="mb-2 text-xs font-semibold tracking-wide text-zinc-500 uppercase">
              Your recent bins
            </h2>
            <ul className="divide-y divide-zinc-100 rounded-lg border border-zinc-200 dark:divide-zinc-800 dark:border-zinc-800">
              {recent.map((bin) => (
                <li key={bin.id} className="flex items-center gap-3 px-3 py-2 text-sm">
                  <Link href={`/b/${bin.id}`} className="min-w-0 flex-1 truncate hover:underline">
                    <span className="font-medium">{bin.name || "Untitled bin"}</span>
                    <span className="ml-2 font-mono text-xs text-zinc-500">{bin.id}</span>
                  </Link>
                  {bin.token && <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[10px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">owner</span>}
                  <span className="text-xs text-zinc-500">{now ? relativeTime(bin.visitedAt, now) : ""}</span>
                  <button
                    type="button"
                    aria-label={`Forget ${bin.id}`}
                    title="Remove from this list"
                    onClick={() => {
                      forgetBin(bin.id);
                      setRecent(readStoredBins());
                    }}
                    className="text-xs text-zinc-400 hover:text-zinc-700 dark:hover:text-zinc-200"
                  >
                    ✕
                  </button>
                </li>
              ))}
            </ul>
          </section>
        )}
      </main>
    </div>
  );
}
