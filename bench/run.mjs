// `make bench`: every performance figure of the console in one run on one
// machine, printed as one table and written as JSON under target/bench/.
//
//   bundle        raw, gzip and brotli per file (scripts/bundle-size.sh)
//   sandbox       list and search p50/p99 on 100,000 accounts, and every
//                 indexed sort and kind of criterion on 1,000,000 (cargo
//                 bench; the million seeded once into target/bench/)
//   cold start    signed in, to the first rows painted: loopback and throttled
//   render        1000 rows: the console against bench/rows.html (plain JS)
//   keystroke     quick search to updated results on 100,000 accounts
//   memory        JS heap, wasm memory, DOM nodes, listeners and live
//                 functions over page changes of 1000 rows
//   export        "Export all results" of 1,000,000 accounts against fetching
//                 the same pages, peak JS heap and wasm memory growth, and the
//                 file read back (bench/export.mjs; the million seeded once)
//
// The Makefile builds what it needs first (release console in dist/, the
// sandbox); this starts a sandbox serving dist/ with 100,000 demo accounts
// (seeded once into target/bench/data-100000/, reused later) and stops it.
//
// Knobs (environment): BENCH_RUNS (5) runs per median; BENCH_PAGE_CHANGES
// (100) page changes in the memory run, BENCH_READING_EVERY (10) changes
// between readings; BENCH_ACCOUNTS (100000) demo accounts; BENCH_LARGE
// (1000000) accounts of the sandbox bench's second part, 0 to skip it;
// BENCH_ROUNDS its calls per scenario (60 and 40); BENCH_EXPORT (1000000)
// accounts of the export scenario, 0 to skip it, and BENCH_ONLY=export
// for that scenario alone; BENCH_SANDBOX=0
// skips the cargo bench; BENCH_URL measures a console served elsewhere (for
// comparing builds) instead of starting one; BENCH_CHROMIUM the browser.

import { execFileSync, spawn } from "node:child_process";
import { mkdirSync, readFileSync, writeFileSync, existsSync, openSync, rmSync } from "node:fs";
import { createServer } from "node:net";
import { cpus, getPriority, loadavg, setPriority, totalmem } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

import { DEBOUNCE_MS, THROTTLE, coldStart, decodeAnswer, keystrokes, memory, openBrowser, renderThousand, stats } from "./browser.mjs";
import { exportAll } from "./export.mjs";
import { table } from "./report.mjs";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "target", "bench");
const env = process.env;
const settings = {
    runs: Number(env.BENCH_RUNS ?? 5),
    pageChanges: Number(env.BENCH_PAGE_CHANGES ?? 100),
    readingEvery: Number(env.BENCH_READING_EVERY ?? 10),
    accounts: Number(env.BENCH_ACCOUNTS ?? 100_000),
    exportAccounts: Number(env.BENCH_EXPORT ?? 1_000_000),
    exportOnly: env.BENCH_ONLY === "export",
    sandboxBench: env.BENCH_SANDBOX !== "0",
    url: env.BENCH_URL || null,
    chromium: env.BENCH_CHROMIUM ?? "/usr/bin/chromium",
};
/** Demo sign-in (see the README); sysadmin sees every account. */
const SIGN_IN = { clientName: "DEMO", userName: "sysadmin", password: "demo", accessToken: "demo-token" };
/** Typed into the quick search key by key; each is a demo account's name. */
const TYPED_NAMES = ["iron gate media ltd", "granite insurance llc", "horizon media gmbh", "pioneer retail ltd"];
/** Rows on the console's first page, and so what each search shows. */
const FIRST_PAGE = 50;

const say = (text) => process.stderr.write(`[bench] ${text}\n`);

async function main() {
    mkdirSync(out, { recursive: true });
    raisePriority();
    const started = new Date();
    const loadAtStart = loadavg()[0];
    const result = { started: started.toISOString(), settings, machine: machine() };

    const sandbox = settings.sandboxBench && !settings.exportOnly ? sandboxBench() : null;
    result.sandbox = sandbox;

    if (!settings.exportOnly) {
        await measureConsole(result);
    }
    if (settings.exportAccounts > 0 && !settings.url) {
        result.export = await measureExport();
        result.machine.chromium ??= result.export.chromium;
    }

    // The 1-minute load average: other work on the machine skews every timing.
    result.machine.loadAverage = { start: loadAtStart, end: loadavg()[0] };
    const text = table(result, { THROTTLE, DEBOUNCE_MS });
    const stamp = started.toISOString().replace(/[:.]/g, "-");
    writeFileSync(join(out, `bench-${stamp}.json`), JSON.stringify(result, null, 2));
    writeFileSync(join(out, "latest.json"), JSON.stringify(result, null, 2));
    writeFileSync(join(out, "latest.txt"), text);
    process.stdout.write(`\n${text}\n(written to target/bench/latest.json and latest.txt)\n`);
}

/** Every figure of the console on the demo sandbox (or BENCH_URL), into `result`. */
async function measureConsole(result) {
    let server = null;
    try {
        let base = settings.url;
        if (!base) {
            server = await startSandbox();
            base = server.base;
        }
        result.console = { url: base, build: settings.url ? "BENCH_URL" : gitDescribe() };
        result.bundle = await bundle(base);

        const api = await apiBase(base);
        const session = await signIn(api);
        const browser = await openBrowser({ base, session, executablePath: settings.chromium });
        result.machine.chromium = browser.version;
        try {
            result.coldStart = await measureColdStart(browser);
            result.render = await measureRender(browser);
            result.decode = await measureDecode(browser, api, session);
            result.keystroke = await measureKeystrokes(browser, api, session);
            result.memory = await measureMemory(browser);
        } finally {
            await browser.close();
        }
    } finally {
        server?.stop();
    }
}

/**
 * Builds running beside the bench would skew every timing: where allowed, the
 * bench and what it starts (sandbox, Chromium) run at a higher priority.
 */
function raisePriority() {
    try {
        setPriority(-10);
    } catch {
        // Not permitted (not root): run at the normal priority; the table says so.
    }
}

function machine() {
    const cpuinfo = existsSync("/proc/cpuinfo") ? readFileSync("/proc/cpuinfo", "utf8") : "";
    return {
        cpu: cpuinfo.match(/^model name\s*:\s*(.+)$/m)?.[1] ?? cpus()[0]?.model ?? "unknown",
        cores: cpus().length,
        memoryGiB: Math.round(totalmem() / 2 ** 30),
        node: process.version,
        nice: getPriority(),
    };
}

function gitDescribe() {
    try {
        return execFileSync("git", ["describe", "--always", "--dirty"], { cwd: root, encoding: "utf8" }).trim();
    } catch {
        return "unknown";
    }
}

/**
 * The sandbox's own benchmark (in-process, no socket), parsed from its
 * tables: one per part, each opened by a `## accounts=N target_ms=T seed_s=S
 * load=L` line. The first part (BENCH_ACCOUNTS) keeps the top-level fields;
 * the million accounts (BENCH_LARGE, seeded once into target/bench/) are
 * `large`.
 */
function sandboxBench() {
    say("cargo bench -p account-sandbox --profile server --bench api");
    const output = execFileSync("cargo", ["bench", "--locked", "-p", "account-sandbox", "--profile", "server", "--bench", "api"], {
        cwd: root,
        encoding: "utf8",
        env: { ...env, BENCH_ACCOUNTS: String(settings.accounts) },
        stdio: ["ignore", "pipe", "inherit"],
        maxBuffer: 16 << 20,
    });
    process.stderr.write(output);
    const parts = [];
    for (const line of output.split("\n")) {
        const part = line.match(/^## accounts=(\d+) target_ms=(\d+) seed_s=(\S+) load=(\S+)/);
        if (part) {
            const seeded = Number(part[3]);
            parts.push({
                accounts: Number(part[1]),
                targetMs: Number(part[2]),
                seedSeconds: Number.isNaN(seeded) ? null : seeded,
                reused: part[3] === "reused",
                load: part[4],
                scenarios: [],
            });
            continue;
        }
        const found = line.match(/^(.+?)\s+([\d.]+)\s+([\d.]+)(?:\s+([\d.]+)\s+([\d.]+))?\s+(met|MISSED)\s*$/);
        if (found && parts.length > 0) {
            parts.at(-1).scenarios.push({
                scenario: found[1].trim(),
                p50Ms: Number(found[2]),
                p99Ms: Number(found[3]),
                cpuP50Ms: found[4] === undefined ? null : Number(found[4]),
                cpuP99Ms: found[5] === undefined ? null : Number(found[5]),
                target: found[6],
            });
        }
    }
    const [first, large] = parts;
    return { ...(first ?? { accounts: settings.accounts, seedSeconds: null, scenarios: [] }), large: large ?? null };
}

/**
 * A sandbox serving dist/ on a free loopback port, with the demo accounts.
 * Their data directory is kept for the next run; one an older sandbox wrote
 * and this one refuses is seeded again.
 */
async function startSandbox({ accounts = settings.accounts, retry = true } = {}) {
    const port = await freePort();
    const data = join(out, `data-${accounts}`);
    const fresh = !existsSync(data);
    const log = join(out, "sandbox.log");
    say(`sandbox on 127.0.0.1:${port}, data in ${data}${fresh ? ` (seeding ${accounts} accounts once)` : ""}`);
    const binary = join(root, "target", "server", "account-sandbox");
    const child = spawn(
        binary,
        ["--addr", `127.0.0.1:${port}`, "--data", data, "--demo", String(accounts), "--static", join(root, "dist")],
        { stdio: ["ignore", openSync(log, "w"), openSync(log, "a")], env: { ...env, RUST_LOG: "warn" } },
    );
    const stop = () => child.exitCode === null && child.kill("SIGTERM");
    process.on("exit", stop);
    for (const signal of ["SIGINT", "SIGTERM"]) {
        process.once(signal, () => {
            stop();
            process.exit(130);
        });
    }
    const base = `http://127.0.0.1:${port}`;
    const since = Date.now();
    for (;;) {
        if (child.exitCode !== null) {
            rmSync(data, { recursive: true, force: true });
            if (!fresh && retry) {
                say(`the sandbox refused ${data} (see ${log}): seeding it again`);
                return startSandbox({ accounts, retry: false });
            }
            throw new Error(`the sandbox exited with ${child.exitCode}; see ${log}`);
        }
        try {
            if ((await fetch(`${base}/config.json`)).ok) {
                break;
            }
        } catch {
            // Not listening yet (seeding runs before it binds).
        }
        await new Promise((resolve) => setTimeout(resolve, 250));
    }
    say(`sandbox ready after ${((Date.now() - since) / 1000).toFixed(1)} s`);
    return { base, stop };
}

function freePort() {
    return new Promise((resolve, reject) => {
        const server = createServer();
        server.once("error", reject);
        server.listen(0, "127.0.0.1", () => {
            const { port } = server.address();
            server.close(() => resolve(port));
        });
    });
}

/**
 * The bundle the console at `base` loads: dist/ when it is ours, else the
 * files its bundle.json names (scripts/split-dist.sh writes it), fetched into
 * target/bench/remote-dist/; sized by scripts/bundle-size.sh --json.
 */
async function bundle(base) {
    let dir = join(root, "dist");
    if (settings.url) {
        dir = join(out, "remote-dist");
        rmSync(dir, { recursive: true, force: true });
        mkdirSync(dir, { recursive: true });
        const answer = await fetch(new URL("/bundle.json", base));
        if (!answer.ok) {
            throw new Error(`${base} has no bundle.json (${answer.status}): is it a build of make console?`);
        }
        const manifest = await answer.text();
        writeFileSync(join(dir, "bundle.json"), manifest);
        const { start, chunks } = JSON.parse(manifest);
        for (const name of [...start, ...chunks]) {
            const bytes = Buffer.from(await (await fetch(new URL(name, base))).arrayBuffer());
            writeFileSync(join(dir, name), bytes);
        }
    }
    const output = execFileSync(join(root, "scripts", "bundle-size.sh"), ["--json", dir], {
        cwd: root,
        encoding: "utf8",
        env: { ...process.env, BUNDLE_GATE: "report" },
    });
    const { files, total, atStart } = JSON.parse(output);
    return { files, total, atStart };
}

async function apiBase(base) {
    const config = await fetch(new URL("/config.json", base)).then((r) => (r.ok ? r.json() : {}));
    return new URL((config.apiBase ?? "/api").replace(/\/?$/, "/"), base).href;
}

async function signIn(api) {
    const { accessToken, ...body } = SIGN_IN;
    const response = await fetch(new URL("session/login", api), {
        method: "POST",
        headers: { "LV-Access": accessToken, "Content-Type": "application/json" },
        body: JSON.stringify(body),
    });
    if (!response.ok) {
        throw new Error(`sign-in answered ${response.status}: ${await response.text()}`);
    }
    const { sessionId } = await response.json();
    return { sessionId, clientName: SIGN_IN.clientName, userName: SIGN_IN.userName };
}

async function measureColdStart(browser) {
    const result = {};
    for (const [key, throttled] of [
        ["loopback", false],
        ["throttled", true],
    ]) {
        const runs = [];
        for (let run = 1; run <= settings.runs; run++) {
            say(`cold start ${key} ${run}/${settings.runs}`);
            runs.push(await coldStart(browser, { throttled }));
        }
        result[key] = { ...stats(runs.map((r) => r.firstRowsMs)), transferred: runs[0].transferred, requests: runs[0].requests, wasmLoadedAt: stats(runs.map((r) => r.wasmLoadedAt ?? NaN)).median, detail: runs };
    }
    return result;
}

/**
 * Console and baseline alternate, so drift on the machine hits both alike.
 * The baseline has the checkbox column only when the console's rows do.
 */
async function measureRender(browser) {
    const runs = { console: [], baseline: [] };
    let selectColumn = true;
    for (let run = 1; run <= settings.runs; run++) {
        for (const which of ["console", "baseline"]) {
            say(`1000-row render ${which} ${run}/${settings.runs}`);
            const measured = await renderThousand(browser, { baseline: which === "baseline", selectColumn });
            if (which === "console") {
                selectColumn = measured.columns === 10;
            }
            runs[which].push(measured);
        }
    }
    const summary = (list) => ({
        ...stats(list.map((r) => r.renderMs)),
        cpuMs: stats(list.map((r) => r.cpuMs ?? NaN)).median,
        cpuRuns: list.map((r) => r.cpuMs),
        fetchMs: stats(list.map((r) => r.fetchMs)).median,
        answerBytes: list[0].answerBytes,
        columns: list[0].columns,
    });
    const result = { console: summary(runs.console), baseline: summary(runs.baseline) };
    result.ratio = result.console.median / result.baseline.median;
    // Other work on the machine only ever adds time: the best runs' ratio is
    // the steadier one on a busy machine.
    result.bestRatio = result.console.min / result.baseline.min;
    // Main-thread CPU time is not inflated by other work at all.
    result.cpuRatio = result.console.cpuMs / result.baseline.cpuMs;
    return result;
}

/** The decoding of one 1000-row answer on its own: the first run (which
 * compiles the decoder) apart, then the median and p95 of the rest. */
async function measureDecode(browser, api, session) {
    const response = await fetch(new URL("account/accounts?count=1000&offset=0", api), {
        headers: { "LV-Session": session.sessionId },
    });
    if (!response.ok) {
        throw new Error(`the 1000-row list answered ${response.status}`);
    }
    const text = await response.text();
    const runs = Math.max(10, settings.runs * 4);
    say(`JSON decoding of 1000 rows, ${runs} times`);
    const { rows, times } = await decodeAnswer(browser, { text, runs });
    return { rows, bytes: Buffer.byteLength(text), runs, firstMs: times[0], rest: stats(times.slice(1)) };
}

/** The first page of rows for every prefix typed, read from the API. */
async function measureKeystrokes(browser, api, session) {
    const expected = new Map();
    const texts = new Set([""]);
    for (const name of TYPED_NAMES) {
        for (let i = 1; i <= name.length; i++) texts.add(name.slice(0, i).trim());
    }
    for (const text of texts) {
        const url = text ? `account/accounts/search?count=${FIRST_PAGE}&offset=0` : `account/accounts?count=${FIRST_PAGE}&offset=0`;
        const response = await fetch(new URL(url, api), {
            method: text ? "POST" : "GET",
            headers: { "LV-Session": session.sessionId, "Content-Type": "application/json" },
            body: text ? JSON.stringify({ search: { name: text } }) : undefined,
        });
        const page = await response.json();
        const accounts = page.listAccount ?? page.listAccounts ?? page.findMatchingAccounts ?? [];
        expected.set(text, accounts.map((a) => String(a.id)));
    }
    say(`keystrokes: typing ${TYPED_NAMES.map((n) => `"${n}"`).join(", ")}`);
    const timings = await keystrokes(browser, { names: TYPED_NAMES, expected });
    const all = stats(timings.map((t) => t.ms));
    const lessDebounce = stats(timings.map((t) => t.ms - DEBOUNCE_MS));
    return { keystrokes: timings.length, debounceMs: DEBOUNCE_MS, total: all, afterDebounce: lessDebounce, detail: timings };
}

/**
 * Growth per page change is the slope (least squares) over the readings after
 * the first `readingEvery` changes: the first changes grow the heap and the
 * wasm memory once (compiled code, the allocator's high-water mark), which is
 * not a leak and is reported apart.
 */
async function measureMemory(browser) {
    say(`memory: ${settings.pageChanges} page changes of 1000 rows`);
    const readings = await memory(browser, { changes: settings.pageChanges, every: settings.readingEvery });
    const first = readings[0];
    const last = readings.at(-1);
    const settled = readings.length > 2 ? readings.slice(1) : readings;
    const growth = {};
    for (const key of ["jsHeapUsed", "wasmMemory", "domNodes", "listeners", "functions", "closureWrappers", "objects"]) {
        growth[key] = {
            first: first[key],
            warm: settled[0][key],
            last: last[key],
            perChange: last[key] === null ? null : slope(settled.map((r) => [r.changes, r[key]])),
        };
    }
    return { changes: last.changes, warmUpChanges: settled[0].changes, growth, readings };
}

/**
 * The export of every result on its own sandbox of `settings.exportAccounts`
 * (seeded once into target/bench/), in a browser of its own.
 */
async function measureExport() {
    const accounts = settings.exportAccounts;
    say(`export: every result of ${accounts} accounts, and the same pages fetched`);
    const server = await startSandbox({ accounts });
    try {
        const api = await apiBase(server.base);
        const session = await signIn(api);
        const browser = await openBrowser({ base: server.base, session, executablePath: settings.chromium });
        try {
            return { accounts, chromium: browser.version, ...(await exportAll(browser, { api, session })) };
        } finally {
            await browser.close();
        }
    } finally {
        server.stop();
    }
}

function slope(points) {
    const n = points.length;
    const mean = (f) => points.reduce((sum, p) => sum + f(p), 0) / n;
    const [mx, my] = [mean((p) => p[0]), mean((p) => p[1])];
    const sxx = points.reduce((sum, [x]) => sum + (x - mx) ** 2, 0);
    return sxx === 0 ? 0 : points.reduce((sum, [x, y]) => sum + (x - mx) * (y - my), 0) / sxx;
}

main().catch((error) => {
    say(`failed: ${error.stack ?? error}`);
    process.exit(1);
});
