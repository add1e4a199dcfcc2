"use client";

import { useMemo, useState } from "react";
import { ShowAll } from "./show-all.tsx";

const PREVIEW_BYTES = 16 * 1024;

function hexDump(bytes: Uint8Array): string {
  const lines: string[] = [];
  for (let offset = 0; offset < bytes.length; offset += 16) {
    const row = bytes.subarray(offset, offset + 16);
    const hex = Array.from(row, (b) => b.toString(16).padStart(2, "0")).join(" ");
    const ascii = Array.from(row, (b) => (b >= 0x20 && b < 0x7f ? String.fromCharCode(b) : ".")).join("");
    lines.push(`${offset.toString(16).padStart(8, "0")}  ${hex.padEnd(47)}  ${ascii}`);
  }
  return lines.join("\n");
}

export function HexView({ bytes }: { bytes: Uint8Array }) {
  const [all, setAll] = useState(false);
  const shown = all ? bytes : bytes.subarray(0, PREVIEW_BYTES);
  const dump = useMemo(() => hexDump(shown), [shown]);
  return (
    <div>
      <pre className="overflow-x-auto p-3 font-mono text-xs leading-5 text-zinc-800 dark:text-zinc-200" data-testid="hex-view">
        {dump}
      </pre>
      {shown.length < bytes.length && <ShowAll total={bytes.length} unit="bytes" onClick={() => setAll(true)} />}
    </div>
  );
}
