/**
 * The `mimeType` a skill file's resource carries, from its name alone, so
 * listings and reads agree without touching the bytes. Whether a read
 * answers with text or a base64 blob depends on the bytes (read.ts).
 */

const BY_EXTENSION: Record<string, string> = {
  md: "text/markdown",
  markdown: "text/markdown",
  txt: "text/plain",
  text: "text/plain",
  csv: "text/csv",
  tsv: "text/tab-separated-values",
  html: "text/html",
  htm: "text/html",
  css: "text/css",
  xml: "application/xml",
  xsd: "application/xml",
  json: "application/json",
  jsonl: "application/jsonl",
  yaml: "application/yaml",
  yml: "application/yaml",
  toml: "application/toml",
  js: "text/javascript",
  mjs: "text/javascript",
  cjs: "text/javascript",
  ts: "text/typescript",
  tsx: "text/typescript",
  jsx: "text/javascript",
  py: "text/x-python",
  rb: "text/x-ruby",
  go: "text/x-go",
  rs: "text/x-rust",
  java: "text/x-java",
  sh: "application/x-sh",
  bash: "application/x-sh",
  sql: "application/sql",
  svg: "image/svg+xml",
  png: "image/png",
  jpg: "image/jpeg",
  jpeg: "image/jpeg",
  gif: "image/gif",
  webp: "image/webp",
  ico: "image/vnd.microsoft.icon",
  pdf: "application/pdf",
  zip: "application/zip",
  gz: "application/gzip",
  tar: "application/x-tar",
  ttf: "font/ttf",
  otf: "font/otf",
  woff: "font/woff",
  woff2: "font/woff2",
  docx: "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
  xlsx: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
  pptx: "application/vnd.openxmlformats-officedocument.presentationml.presentation",
};

/** Files commonly shipped without an extension that are text. */
const TEXT_NAMES = new Set(["license", "licence", "notice", "readme", "makefile", "dockerfile", "changelog"]);

/** The MIME type for a file path; `application/octet-stream` when the name says nothing. */
export function mimeTypeOf(path: string): string {
  const name = path.slice(path.lastIndexOf("/") + 1).toLowerCase();
  const dot = name.lastIndexOf(".");
  if (dot <= 0) return TEXT_NAMES.has(name) ? "text/plain" : "application/octet-stream";
  return BY_EXTENSION[name.slice(dot + 1)] ?? "application/octet-stream";
}

/** The MIME type of a directory resource. */
export const DIRECTORY_MIME_TYPE = "inode/directory";
