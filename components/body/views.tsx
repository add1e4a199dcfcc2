import type { ComponentType } from "react";
import { bytesToBase64, isJsonType, mediaType } from "@/lib/body.ts";
import { FormView } from "./form-view.tsx";
import { HexView } from "./hex-view.tsx";
import { ImageView } from "./image-view.tsx";
import { JsonView } from "./json-view.tsx";
import { TextView } from "./text-view.tsx";

/** What every body view gets: the exact bytes, their text when valid UTF-8, the content type. */
export interface BodyContext {
  bytes: Uint8Array;
  text: string | null;
  contentType: string;
}

export interface BodyViewDef {
  id: string;
  label: string;
  matches: (body: BodyContext) => boolean;
  View: ComponentType<BodyContext>;
}

// Pretty-printing very large JSON costs more than it helps; beyond this the raw text is shown.
const MAX_PRETTY_JSON = 2 * 1024 * 1024;

function isJsonText(text: string | null): text is string {
  if (text === null || text.length > MAX_PRETTY_JSON || !/^\s*[[{"\-\dtfn]/.test(text)) return false;
  try {
    JSON.parse(text);
    return true;
  } catch {
    return false;
  }
}

const IMAGE_TYPES = new Set(["image/png", "image/jpeg", "image/gif", "image/webp", "image/avif", "image/bmp", "image/svg+xml", "image/x-icon"]);

/** In order of preference: the first match is shown first, the other matches are tabs. */
export const bodyViews: BodyViewDef[] = [
  {
    id: "json",
    label: "JSON",
    matches: (b) => (isJsonType(b.contentType) || /^\s*[[{]/.test(b.text ?? "")) && isJsonText(b.text),
    View: ({ text }) => <JsonView text={text!} />,
  },
  {
    id: "form",
    label: "Form",
    matches: (b) => mediaType(b.contentType) === "application/x-www-form-urlencoded" && b.text !== null,
    View: ({ text }) => <FormView text={text!} />,
  },
  {
    id: "image",
    label: "Image",
    matches: (b) => IMAGE_TYPES.has(mediaType(b.contentType)) && b.bytes.length > 0,
    View: ({ bytes, contentType }) => <ImageView bytes={bytes} contentType={mediaType(contentType)} />,
  },
  { id: "text", label: "Raw", matches: (b) => b.text !== null, View: ({ text }) => <TextView text={text!} /> },
  { id: "hex", label: "Hex", matches: (b) => b.bytes.length > 0, View: ({ bytes }) => <HexView bytes={bytes} /> },
  {
    id: "base64",
    label: "Base64",
    matches: (b) => b.text === null,
    View: ({ bytes }) => <TextView text={bytesToBase64(bytes)} />,
  },
];
