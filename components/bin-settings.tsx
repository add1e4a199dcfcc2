"use client";

import { useState } from "react";
import { createApiClient } from "@/lib/api-client.ts";
import type { Bin } from "@/lib/schemas.ts";
import { parseHeaderLines, toHeaderLines } from "./header-lines.ts";
import { FormFooter, Modal, fieldClass, labelClass } from "./modal.tsx";
import { errorText } from "./replay-dialog.tsx";

const api = createApiClient();

/** Name, forward URL and custom response of a bin (owner only). */
export function BinSettings({ bin, token, onSaved, onClose }: { bin: Bin; token: string | null; onSaved: (bin: Bin) => void; onClose: () => void }) {
  const [name, setName] = useState(bin.name);
  const [forwardUrl, setForwardUrl] = useState(bin.forwardUrl ?? "");
  const [custom, setCustom] = useState(bin.response !== null);
  const [status, setStatus] = useState(String(bin.response?.status ?? 200));
  const [headers, setHeaders] = useState(toHeaderLines(bin.response?.headers ?? [["Content-Type", "application/json"]]));
  const [body, setBody] = useState(bin.response?.body ?? '{"received":true}');
  const [delayMs, setDelayMs] = useState(String(bin.response?.delayMs ?? 0));
  const [saving, setSaving] = useState(false);
  const [error, setError] = useState<string | null>(null);

  async function save() {
    const parsed = parseHeaderLines(headers);
    if (custom && "error" in parsed) return setError(parsed.error);
    setSaving(true);
    setError(null);
    try {
      const response = custom && "pairs" in parsed ? { status: Number(status), headers: parsed.pairs, body, delayMs: Number(delayMs) } : null;
      onSaved(await api.updateBin(bin.id, { name, forwardUrl: forwardUrl.trim() || null, response }, token));
    } catch (err) {
      setError(errorText(err));
      setSaving(false);
    }
  }

  return (
    <Modal title="Bin settings" onClose={onClose}>
      <form
        className="flex flex-col gap-4"
        onSubmit={(e) => {
          e.preventDefault();
          void save();
        }}
      >
        <div>
          <label className={labelClass} htmlFor="bin-name">
            Name
          </label>
          <input id="bin-name" className={fieldClass} value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="Stripe staging" />
        </div>
        <div>
          <label className={labelClass} htmlFor="bin-forward">
            Forward URL <span className="font-normal text-zinc-500">— every capture is also sent here, with its sub-path and query appended</span>
          </label>
          <input
            id="bin-forward"
            className={fieldClass}
            type="url"
            value={forwardUrl}
            onChange={(e) => setForwardUrl(e.target.value)}
            placeholder="http://localhost:3000/webhooks"
          />
        </div>
        <fieldset className="rounded-lg border border-zinc-200 p-3 dark:border-zinc-800">
          <legend className="px-1 text-xs font-medium">
            <label className="flex items-center gap-2">
              <input type="checkbox" checked={custom} onChange={(e) => setCustom(e.target.checked)} />
              Custom response{" "}
              <span className="font-normal text-zinc-500">
                (else 200 {"{"}&quot;ok&quot;:true,&quot;id&quot;{"}"})
              </span>
            </label>
          </legend>
          <div className={`flex flex-col gap-3 ${custom ? "" : "pointer-events-none opacity-40"}`}>
            <div className="flex gap-3">
              <div className="w-28">
                <label className={labelClass} htmlFor="response-status">
                  Status
                </label>
                <input
                  id="response-status"
                  className={fieldClass}
                  type="number"
                  min={200}
                  max={599}
                  value={status}
                  onChange={(e) => setStatus(e.target.value)}
                />
              </div>
              <div className="w-36">
                <label className={labelClass} htmlFor="response-delay">
                  Delay (ms)
                </label>
                <input
                  id="response-delay"
                  className={fieldClass}
                  type="number"
                  min={0}
                  max={30000}
                  value={delayMs}
                  onChange={(e) => setDelayMs(e.target.value)}
                />
              </div>
            </div>
            <div>
              <label className={labelClass} htmlFor="response-headers">
                Headers
              </label>
              <textarea
                id="response-headers"
                className={`${fieldClass} h-20`}
                value={headers}
                onChange={(e) => setHeaders(e.target.value)}
                spellCheck={false}
              />
            </div>
            <div>
              <label className={labelClass} htmlFor="response-body">
                Body
              </label>
              <textarea id="response-body" className={`${fieldClass} h-24`} value={body} onChange={(e) => setBody(e.target.value)} spellCheck={false} />
            </div>
          </div>
        </fieldset>
        <FormFooter error={error} busy={saving} busyLabel="Saving…" label="Save" onCancel={onClose} />
      </form>
    </Modal>
  );
}
