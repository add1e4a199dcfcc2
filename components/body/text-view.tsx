"use client";

import { useState } from "react";
import { ShowAll } from "./show-all.tsx";

const PREVIEW_CHARS = 256 * 1024;

export function TextView({ text }: { text: string }) {
  const [all, setAll] = useState(false);
  const shown = all ? text : text.slice(0, PREVIEW_CHARS);
  return (
    <div>
      <pre className="p-3 font-mono text-xs leading-5 break-all whitespace-pre-wrap text-zinc-900 dark:text-zinc-100" data-testid="text-view">
        {shown}
      </pre>
      {shown.length < text.length && <ShowAll total={text.length} unit="characters" onClick={() => setAll(true)} />}
    </div>
  );
}
