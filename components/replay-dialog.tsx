"use client";

import { useState } from "react";
import { ApiError, createApiClient } from "@/lib/api-client.ts";
import { formatBytes } from "@/lib/body.ts";
import { CONNECTION_HEADERS } from "@/lib/export.ts";
import type { CapturedRequest, Replay } from "@/lib/schemas.ts";
import { parseHeaderLines, toHeaderLines } from "./header-lines.ts";
import { FormFooter, Modal, fieldClass, labelClass } from "./modal.tsx";

const api = createApiClient();

export function errorText(err: unknown): string {
  if (err instanceof ApiError && Array.isArray(err.details)) {
    const first = (err.details as { path?: string; message?: string }[])[0];
    if (first) return `${err.message} ${first.path ? `${first.path}: ` : ""}${first.message ?? ""}`;
  }
  return err instanceof Error ? err.message : "That did not work.";
}

/** "Edit and replay": target, method, headers and body, prefilled from the capture. */
export function ReplayDialog({
  request,
  defaultUrl,
  token,
  onSent,
  onClose,
}: {
  request: CapturedRequest;
  defaultUrl: string;
  token: string | null;
  onSent: (replay: Replay) => void;
  onClose: () => void;
}) {
  const [url, setUrl] = useState(defaultUrl);
  const [method, setMethod] = useState(request.method);
  const [headers, setHeaders] = useState(() => toHeaderLines(request.headers.filter(([name]) => !CONNECTION_HEADERS.has(name.toLowerCase()))));
  const binary = request.bodyEncoding === "base64";
  const [body, setBody] = useState(binary ? "" : request.body);
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function send() {
    const parsed = parseHeaderLines(headers);
    if ("error" in parsed) return setError(parsed.error);
    setSending(true);
    setError(null);
    try {
      const replay = await api.replay(request.binId, request.id, { url, method, headers: parsed.pairs, ...(binary ? {} : { body }) }, token);
      onSent(replay);
    } catch (err) {
      setError(errorText(err));
      setSending(false);
    }
  }

  return (
    <Modal title="Edit and replay" onClose={onClose} wide>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void send();
        }}
      >
        <div className="flex gap-2">
          <div className="w-32">
            <label className={labelClass} htmlFor="replay-method">
              Method
            </label>
            <input id="replay-method" className={fieldClass} value={method} onChange={(e) => setMethod(e.target.value)} required />
          </div>
          <div className="flex-1">
            <label className={labelClass} htmlFor="replay-url">
              Target URL
            </label>
            <input id="replay-url" className={fieldClass} type="url" value={url} onChange={(e) => setUrl(e.target.value)} required autoFocus />
          </div>
        </div>
        <div>
          <label className={labelClass} htmlFor="replay-headers">
            Headers <span className="font-normal text-zinc-500">— one “Name: value” per line; Host and Content-Length are recomputed</span>
          </label>
          <textarea id="replay-headers" className={`${fieldClass} h-40`} value={headers} onChange={(e) => setHeaders(e.target.value)} spellCheck={false} />
        </div>
        <div>
          <label className={labelClass} htmlFor="replay-body">
            Body
          </label>
          {binary ? (
            <p className="rounded-md border border-dashed border-zinc-300 p-3 text-xs text-zinc-500 dark:border-zinc-700">
              Binary body ({formatBytes(request.bodySize)}): sent exactly as captured.
            </p>
          ) : (
            <textarea id="replay-body" className={`${fieldClass} h-40`} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
          )}
        </div>
        <FormFooter error={error} busy={sending} busyLabel="Sending…" label="Send" onCancel={onClose} />
      </form>
    </Modal>
  );
}
