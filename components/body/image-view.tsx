"use client";

import { useEffect, useState } from "react";

/** Shown through <img> from a blob URL: image formats that carry script (SVG) cannot run it there. */
export function ImageView({ bytes, contentType }: { bytes: Uint8Array; contentType: string }) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    const objectUrl = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type: contentType }));
    setUrl(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [bytes, contentType]);
  if (!url) return null;
  return <img src={url} alt="Request body preview" className="m-3 max-h-96 max-w-full rounded border border-zinc-200 dark:border-zinc-800" />;
}
