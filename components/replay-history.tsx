"use client";

import { headerValue } from "@/lib/body.ts";
import type { Replay } from "@/lib/schemas.ts";
import { BodyView } from "./body/body-view.tsx";
import { clockTime } from "./format.ts";
import { PairsTable } from "./pairs-table.tsx";

function statusClass(replay: Replay): string {
  if (replay.status === null) return "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300";
  if (replay.status < 300) return "bg-emerald-100 text-emerald-800 dark:bg-emerald-950 dark:text-emerald-300";
  if (replay.status < 400) return "bg-sky-100 text-sky-800 dark:bg-sky-950 dark:text-sky-300";
  if (replay.status < 500) return "bg-amber-100 text-amber-800 dark:bg-amber-950 dark:text-amber-300";
  return "bg-rose-100 text-rose-800 dark:bg-rose-950 dark:text-rose-300";
}

/** Every replay and forward of one request, newest first; one is open with its response. */
export function ReplayHistory({ replays, openId, onOpen }: { replays: Replay[]; openId: string | null; onOpen: (id: string | null) => void }) {
  if (replays.length === 0) {
    return (
      <p className="p-4 text-sm text-zinc-500">
        Not replayed yet. Replay sends this request to a target — usually your app on localhost — and shows its answer here.
      </p>
    );
  }
  return (
    <ul className="divide-y divide-zinc-100 dark:divide-zinc-800/70" aria-label="Replays" data-testid="replay-history">
      {replays.map((replay) => {
        const open = replay.id === openId;
        return (
          <li key={replay.id} data-replay-id={replay.id}>
            <button
              type="button"
              onClick={() => onOpen(open ? null : replay.id)}
              aria-expanded={open}
              className="flex w-full items-center gap-3 px-4 py-2 text-left hover:bg-zinc-50 dark:hover:bg-zinc-900"
            >
              <span
                className={`w-14 shrink-0 rounded px-1.5 py-0.5 text-center font-mono text-[11px] font-semibold ${statusClass(replay)}`}
                data-testid="replay-status"
              >
                {replay.status ?? "failed"}
              </span>
              <span className="min-w-0 flex-1 truncate font-mono text-xs">
                {replay.method} {replay.url}
              </span>
              {replay.origin === "forward" && (
                <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-[10px] text-zinc-600 dark:bg-zinc-800 dark:text-zinc-400">forwarded</span>
              )}
              <span className="text-[11px] text-zinc-500">{replay.durationMs} ms</span>
              <time className="text-[11px] text-zinc-500" dateTime={replay.createdAt}>
                {clockTime(replay.createdAt)}
              </time>
            </button>
            {open && (
              <div className="border-t border-zinc-100 bg-zinc-50/50 dark:border-zinc-800/70 dark:bg-zinc-900/40">
                {replay.error ? (
                  <p className="p-4 text-sm text-rose-700 dark:text-rose-300" role="alert">
                    <span className="font-mono text-xs">{replay.error.code}</span> — {replay.error.message}
                  </p>
                ) : (
                  <>
                    <h3 className="px-4 pt-3 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">Response headers</h3>
                    <PairsTable pairs={replay.headers} empty="No headers." label="Response headers" />
                    <h3 className="px-4 pt-3 text-[11px] font-semibold tracking-wide text-zinc-500 uppercase">Response body</h3>
                    <BodyView
                      source={{
                        body: replay.body,
                        bodyEncoding: replay.bodyEncoding,
                        contentType: headerValue(replay.headers, "content-type") ?? "",
                        truncated: replay.truncated,
                      }}
                    />
                    {replay.truncated && <p className="px-4 pb-3 text-[11px] text-amber-600">Only the first 1 MiB of the target&apos;s answer is kept.</p>}
                  </>
                )}
              </div>
            )}
          </li>
        );
      })}
    </ul>
  );
}
