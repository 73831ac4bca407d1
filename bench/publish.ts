/**
 * What publishing costs the `api` function (a hosted function has 256 MB of
 * memory and ~2 s of CPU per request): the Deno process's peak RSS growth
 * (VmRSS sampled every 2 ms) and CPU per request (utime + stime from
 * /proc/<pid>/stat) while publishing a 16 MiB, 512-file version the way
 * `skills push` does (ask what is missing, upload it in the CLI's batches and
 * PUTs, publish the manifest), against the same steps for a 1-file version in
 * the same run. One request at a time, so each request's CPU is its own.
 * Targets: RSS growth ≤ 96 MiB, CPU ≤ 1 s per request. For comparison, the
 * same version sent inline in one request (the older form).
 *
 * `node --import tsx bench/publish.ts` (Linux: reads /proc); `yarn bench` runs it after the sync benches.
 */
import { createHash, randomBytes } from "node:crypto";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { batchBlobs, UPLOAD_BATCH } from "../cli/src/lib/http/api/blobs.ts";
import { startPlatformProcess } from "./measure.ts";

const MIB = 1024 * 1024;
const CLOCK_TICKS = 100; // USER_HZ on Linux

interface File {
  path: string;
  bytes: Buffer;
  sha256: string;
}

/** The Deno child of the platform process (it serves the functions). */
function denoPid(parent: number): number {
  for (const entry of readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, "utf8");
      const [, comm, rest] = /^\d+ \((.*)\) (.*)$/s.exec(stat)!;
      if (comm === "deno" && Number(rest!.split(" ")[1]) === parent) return Number(entry);
    } catch {
      // The process went away while listing.
    }
  }
  throw new Error(`no deno child of ${parent}`);
}

/** Resident memory in bytes. */
function rss(pid: number): number {
  const kb = /VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, "utf8"))![1];
  return Number(kb) * 1024;
}

/** CPU seconds (user + system) the process has used. */
function cpu(pid: number): number {
  const fields = /^\d+ \(.*\) (.*)$/s.exec(readFileSync(`/proc/${pid}/stat`, "utf8"))![1]!.split(" ");
  return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS;
}

function file(path: string, bytes: Buffer): File {
  return { path, bytes, sha256: createHash("sha256").update(bytes).digest("hex") };
}

/** SKILL.md plus random (incompressible) files: `big` of 2 MiB (sent by PUT), the rest small, `count` files and ≤ 16 MiB in all. */
function folder(slug: string, count: number, big: number): File[] {
  const md = file("SKILL.md", Buffer.from(`---\nname: ${slug}\ndescription: Bench skill\n---\n\n# ${slug}\n`));
  const small = count - 1 - big;
  const smallSize = small > 0 ? Math.floor((16 * MIB - md.bytes.length - big * 2 * MIB) / small) : 0;
  return [
    md,
    ...Array.from({ length: big }, (_, i) => file(`assets/big-${i}.bin`, randomBytes(2 * MIB))),
    ...Array.from({ length: small }, (_, i) => file(`references/part-${i}.bin`, randomBytes(smallSize))),
  ];
}

/**
 * Measures requests sent one at a time: the peak RSS over the whole sequence
 * and within one request (both above the RSS before it), and CPU per request.
 */
async function measure(pid: number, requests: (() => Promise<Response>)[]) {
  const before = rss(pid);
  let peak = before;
  const sampler = setInterval(() => {
    peak = Math.max(peak, rss(pid));
  }, 2);
  let overall = before;
  let maxStep = 0;
  let maxCpu = 0;
  let totalCpu = 0;
  try {
    for (const send of requests) {
      const startCpu = cpu(pid);
      const startRss = rss(pid);
      peak = startRss;
      const res = await send();
      if (!res.ok) throw new Error(`HTTP ${res.status}: ${await res.text()}`);
      await res.arrayBuffer();
      const used = cpu(pid) - startCpu;
      const stepPeak = Math.max(peak, rss(pid));
      maxCpu = Math.max(maxCpu, used);
      totalCpu += used;
      maxStep = Math.max(maxStep, stepPeak - startRss);
      overall = Math.max(overall, stepPeak);
    }
  } finally {
    clearInterval(sampler);
  }
  return { requests: requests.length, growth: overall - before, maxStep, maxCpu, totalCpu };
}

/**
 * Hosted Supabase gives an Edge Function isolate 256 MB. A local Deno has no
 * such limit, so V8 keeps one request's garbage while the next arrives; with
 * its heap capped at the hosted limit it collects as an isolate there must.
 */
const HOSTED_HEAP = { DENO_V8_FLAGS: "--max-heap-size=256" };

/** Runs the bench; resolves to the rows of its report. */
export async function publishBench(): Promise<string[]> {
  const rows = await publishRows({});
  const capped = await publishRows(HOSTED_HEAP, ["16 MiB, 512-file version, in steps"]);
  return [
    `Publish, ${new Date().toISOString().slice(0, 10)} (node ${process.version}, Deno functions, database: embedded PGlite, outside the Deno process)`,
    "",
    "| publish | requests | Deno peak RSS growth, whole publish | largest growth in one request | CPU, largest request | CPU, all requests | target (≤ 96 MiB, ≤ 1 s) |",
    "|---|---|---|---|---|---|---|",
    ...rows,
    ...capped.map((row) => row.replace("| 16 MiB, 512-file version, in steps |", "| same, V8 heap capped at hosted's 256 MB |")),
  ];
}

/**
 * Publishes each case on a platform of its own, measuring the Deno process.
 * @param env the platform's extra environment.
 * @param only the cases to run (by name); default all.
 * @returns one report row per case.
 */
async function publishRows(env: NodeJS.ProcessEnv, only?: readonly string[]): Promise<string[]> {
  const work = mkdtempSync(join(tmpdir(), "skills-bench-publish-"));
  const platform = await startPlatformProcess(join(work, "data"), env);
  try {
    const pid = denoPid(platform.pid);
    const username = `bench-${randomBytes(3).toString("hex")}`;
    const registered = await fetch(`${platform.apiUrl}/auth/register`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ email: `${username}@example.test`, password: "correct-horse-battery", username }),
    }).then((r) => r.json());
    const auth = { authorization: `Bearer ${registered.session.access_token}` };
    const json = (path: string, body: unknown) => () =>
      fetch(`${platform.apiUrl}${path}`, { method: "POST", headers: { ...auth, "content-type": "application/json" }, body: JSON.stringify(body) });

    /** The requests `skills push` sends for a new skill, in order (uploads as the CLI groups them). */
    const inSteps = (slug: string, files: File[]) => {
      const sized = files.map((f) => ({ ...f, size: f.bytes.length }));
      const puts = sized.filter((f) => f.size > UPLOAD_BATCH.putFrom).map((f) => () =>
        fetch(`${platform.apiUrl}/blobs/${f.sha256}`, {
          method: "PUT",
          headers: { ...auth, "content-type": "application/octet-stream" },
          body: new Uint8Array(f.bytes),
        }));
      const batches = batchBlobs(sized.filter((f) => f.size <= UPLOAD_BATCH.putFrom), UPLOAD_BATCH).map((batch) =>
        json("/blobs/upload", { blobs: batch.map((f) => ({ sha256: f.sha256, content_base64: f.bytes.toString("base64") })) }));
      const manifest = files.map((f) => ({ path: f.path, sha256: f.sha256, size: f.bytes.length, executable: false }));
      return [
        json("/blobs/missing", { sha256: files.map((f) => f.sha256) }),
        ...puts,
        ...batches,
        json(`/registries/${username}/skills`, { slug, name: slug, files: manifest }),
      ];
    };
    const inline = (slug: string, files: File[]) => [
      json(`/registries/${username}/skills`, {
        slug, name: slug, files: files.map((f) => ({ path: f.path, content_base64: f.bytes.toString("base64"), executable: false })),
      }),
    ];

    // Warm the isolate (module load, first connection) so neither side pays for it.
    await measure(pid, inSteps("warm-up", folder("warm-up", 1, 0)));
    const cases = [
      ["1-file version, in steps (baseline)", inSteps("one-file", folder("one-file", 1, 0))],
      ["16 MiB, 512-file version, in steps", inSteps("big-steps", folder("big-steps", 512, 4))],
      ["same version inline, one request (older form)", inline("big-inline", folder("big-inline", 512, 4))],
    ] as const;
    const rows: string[] = [];
    for (const [what, requests] of cases.filter(([what]) => !only || only.includes(what))) {
      const m = await measure(pid, [...requests]);
      const target = what.includes("in steps") && !what.includes("baseline")
        ? ` ${m.growth <= 96 * MIB && m.maxCpu <= 1 ? "met" : "MISSED"}`
        : "";
      rows.push(`| ${what} | ${m.requests} | +${(m.growth / MIB).toFixed(0)} MiB | +${(m.maxStep / MIB).toFixed(0)} MiB | ${m.maxCpu.toFixed(2)} s | ${m.totalCpu.toFixed(2)} s |${target} |`);
    }
    return rows;
  } finally {
    await platform.stop();
    rmSync(work, { recursive: true, force: true });
  }
}

if (import.meta.url === `file://${process.argv[1]}`) console.log((await publishBench()).join("\n"));
