// The browser half of `make bench`: cold start, 1000-row render (console and
// the hand-written page), keystroke latency and memory over page changes, in
// one headless Chromium driven through playwright-core and the DevTools
// protocol. Every duration is measured inside the page with performance.now(),
// so the driver's round trips never count.

import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const here = dirname(fileURLToPath(import.meta.url));
const require = createRequire(import.meta.url);
const { chromium } = require(join(here, "..", ".tools", "node_modules", "playwright-core"));

/** The flags Debian's Chromium needs on this closed network (see the README). */
const CHROMIUM_FLAGS = [
    "--headless=new",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-dev-shm-usage",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
];
/** Chromium's network emulation for the throttled cold start: `latency` is
 * added once per request between sending it and receiving its headers, so it
 * acts as the round trip time (not 20 ms each way). */
export const THROTTLE = { latencyMs: 40, megabitsPerSecond: 10 };
/** What the console's quick search waits after typing pauses. */
export const DEBOUNCE_MS = 250;
/** How long any one wait may take before the bench gives up with a message. */
const PATIENCE_MS = 120_000;

/**
 * Runs in every page before its own scripts (an init script): signs the tab in
 * and installs `window.__bench`, the helpers the driver waits on. Playwright
 * sends it as source text, so it spells out the session key and the row
 * selector itself. It adds one event listener of its own (two with `keys`).
 */
function probe({ session, keys }) {
    sessionStorage.setItem("account-admin.session", JSON.stringify(session));
    const bench = (window.__bench = { keyAt: null, memory: null });
    // trunk's bootstrap announces the instance; its exports hold the memory.
    addEventListener("TrunkApplicationStarted", (event) => {
        bench.memory = event.detail?.wasm?.memory ?? null;
    });
    if (keys) {
        addEventListener("keydown", (event) => (bench.keyAt = event.timeStamp), true);
    }

    // The time after the rendering step of the frame in which `check` first
    // holds: rAF runs before style, layout and paint, and a message posted there
    // is handled as the next task, once that frame is done.
    bench.whenRows = (wanted) =>
        new Promise((resolve) => {
            const check = () => {
                const ids = Array.from(document.querySelectorAll("table.accounts-table tbody tr"), (row) => row.dataset.id ?? "");
                const holds =
                    ids.length >= (wanted.min ?? 0) &&
                    (wanted.count === undefined || ids.length === wanted.count) &&
                    (wanted.notFirst === undefined || ids[0] !== wanted.notFirst) &&
                    (wanted.ids === undefined || ids.join(",") === wanted.ids.join(","));
                if (!holds) {
                    requestAnimationFrame(check);
                    return;
                }
                const channel = new MessageChannel();
                // Only a summary: the page must not keep the ids alive.
                channel.port1.onmessage = () => resolve({ at: performance.now(), count: ids.length, first: ids[0] });
                channel.port2.postMessage(null);
            };
            requestAnimationFrame(check);
        });
    bench.arm = (wanted) => {
        bench.pending = bench.whenRows(wanted);
    };
    bench.firstRows = bench.whenRows({ min: 1 });
}

const median = (values) => {
    const sorted = [...values].sort((a, b) => a - b);
    const middle = sorted.length >> 1;
    return sorted.length % 2 ? sorted[middle] : (sorted[middle - 1] + sorted[middle]) / 2;
};
/** Nearest-rank percentile. */
const percentile = (values, p) => {
    const sorted = [...values].sort((a, b) => a - b);
    return sorted[Math.max(0, Math.ceil((sorted.length * p) / 100) - 1)];
};
export const stats = (values) => ({
    median: median(values),
    min: Math.min(...values),
    max: Math.max(...values),
    p95: percentile(values, 95),
    runs: values,
});

function withPatience(promise, what) {
    let timer;
    const timeout = new Promise((_, reject) => {
        timer = setTimeout(() => reject(new Error(`gave up waiting for ${what} after ${PATIENCE_MS / 1000} s`)), PATIENCE_MS);
    });
    return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

/** What the page says about its rows, waited for until `wanted` holds. */
async function waitRows(page, wanted, what) {
    return withPatience(
        page.evaluate((w) => window.__bench.whenRows(w), wanted),
        what,
    );
}

/** Arms a wait in the page, does `action`, and answers the armed wait. */
async function rowsAfter(page, wanted, action, what) {
    await page.evaluate((w) => window.__bench.arm(w), wanted);
    await action();
    return withPatience(
        page.evaluate(() => window.__bench.pending),
        what,
    );
}

/**
 * A Chromium with a signed-in session and the console at `base`; every page
 * opened through `open` runs the probe first.
 */
export async function openBrowser({ base, session, executablePath }) {
    const consoleHtml = await (await fetch(new URL("/", base))).text();
    const css = consoleHtml.match(/<link[^>]*rel="stylesheet"[^>]*href="([^"]+)"/)?.[1];
    if (!css) {
        throw new Error(`${base} links no stylesheet: the hand-written page needs the console's`);
    }
    const baselineHtml = readFileSync(join(here, "rows.html"), "utf8").replaceAll("%CONSOLE_CSS%", css);
    const baselineJs = readFileSync(join(here, "rows.js"), "utf8");

    /** A fresh context (empty cache and storage) with one page. */
    async function open({ baseline = false, keys = false } = {}) {
        const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
        await context.addInitScript(probe, { session, keys });
        if (baseline) {
            // The baseline lives under /__bench/ on the console's own origin, so it
            // calls the same API with the same session.
            await context.route((url) => url.pathname === "/__bench/rows.html", (route) =>
                route.fulfill({ contentType: "text/html; charset=utf-8", body: baselineHtml }),
            );
            await context.route((url) => url.pathname === "/__bench/rows.js", (route) =>
                route.fulfill({ contentType: "text/javascript; charset=utf-8", body: baselineJs }),
            );
        }
        const page = await context.newPage();
        const cdp = await context.newCDPSession(page);
        return { context, page, cdp };
    }

    const browser = await chromium.launch({ executablePath, headless: true, args: CHROMIUM_FLAGS });
    return { version: browser.version(), base, open, close: () => browser.close() };
}

/** Cold start to the first rows painted, signed in, 50 rows. */
export async function coldStart(browser, { throttled }) {
    const { context, page, cdp } = await browser.open();
    try {
        if (throttled) {
            const bytesPerSecond = (THROTTLE.megabitsPerSecond * 1_000_000) / 8;
            await cdp.send("Network.enable");
            await cdp.send("Network.setCacheDisabled", { cacheDisabled: true });
            await cdp.send("Network.emulateNetworkConditions", {
                offline: false,
                latency: THROTTLE.latencyMs,
                downloadThroughput: bytesPerSecond,
                uploadThroughput: bytesPerSecond,
            });
        }
        await page.goto(new URL("/accounts", browser.base).href, { waitUntil: "commit" });
        const first = await withPatience(
            page.evaluate(() => window.__bench.firstRows),
            "the first rows",
        );
        const detail = await page.evaluate(() => {
            const entries = [...performance.getEntriesByType("navigation"), ...performance.getEntriesByType("resource")];
            const wasm = entries.find((e) => e.name.endsWith(".wasm"));
            return {
                transferred: entries.reduce((sum, e) => sum + (e.transferSize || 0), 0),
                requests: entries.length,
                wasmLoadedAt: wasm ? wasm.responseEnd : null,
            };
        });
        return { firstRowsMs: first.at, rows: first.count, ...detail };
    } finally {
        await context.close();
    }
}

/**
 * One 1000-row render: open the page with 50 rows, pick 1000 in the "Per page"
 * select as a user does, and time from the arrival of the 1000-row answer
 * (its responseEnd) to the frame after all 1000 rows are in the DOM. The
 * baseline leaves its checkbox column out when `selectColumn` is false.
 */
export async function renderThousand(browser, { baseline, selectColumn = true }) {
    const { context, page, cdp } = await browser.open({ baseline });
    try {
        const path = baseline ? `/__bench/rows.html${selectColumn ? "" : "?select=0"}` : "/accounts";
        await page.goto(new URL(path, browser.base).href);
        await waitRows(page, { count: 50 }, "the first 50 rows");
        const columns = await page.evaluate(() => document.querySelector("table.accounts-table tbody tr").cells.length);
        await page.waitForLoadState("networkidle");
        const since = await page.evaluate(() => performance.now());
        const trace = await startTrace(cdp);
        const shown = await rowsAfter(
            page,
            { count: 1000 },
            () => page.locator(".paging select").first().selectOption("1000"),
            "1000 rows",
        );
        const events = await trace.stop(page);
        const answer = await page.evaluate(
            (since) =>
                performance
                    .getEntriesByType("resource")
                    .filter((e) => e.startTime >= since && /[?&]count=1000(&|$)/.test(e.name))
                    .map((e) => ({ url: e.name, startTime: e.startTime, responseEnd: e.responseEnd, bytes: e.decodedBodySize }))
                    .at(-1),
            since,
        );
        if (!answer) {
            throw new Error("no count=1000 request was seen: did the page size change reach the API?");
        }
        return {
            renderMs: shown.at - answer.responseEnd,
            cpuMs: mainThreadCpuMs(events, answer.responseEnd, shown.at),
            fetchMs: answer.responseEnd - answer.startTime,
            answerBytes: answer.bytes,
            columns,
        };
    } finally {
        await context.close();
    }
}

/**
 * Records Chromium's trace of top-level tasks. `stop` marks the page's
 * performance.now() in the trace (console.timeStamp), so that page times can
 * be placed among the trace's events.
 */
async function startTrace(cdp) {
    const events = [];
    const collect = (batch) => events.push(...batch.value);
    cdp.on("Tracing.dataCollected", collect);
    await cdp.send("Tracing.start", {
        traceConfig: { includedCategories: ["toplevel", "devtools.timeline"], recordMode: "recordAsMuchAsPossible" },
        transferMode: "ReportEvents",
    });
    return {
        async stop(page) {
            const anchorAt = await page.evaluate(() => {
                const at = performance.now();
                console.timeStamp("bench-anchor");
                return at;
            });
            const complete = new Promise((resolve) => cdp.once("Tracing.tracingComplete", resolve));
            await cdp.send("Tracing.end");
            await complete;
            cdp.off("Tracing.dataCollected", collect);
            return { events, anchorAt };
        },
    };
}

/**
 * The CPU time the page's main thread spent between two page times: the
 * thread time (`tdur`) of its outermost trace events (its tasks) that lie
 * wholly inside. Unlike the wall time, other work on the machine does not
 * inflate it, so it compares two pages fairly on a busy machine.
 */
function mainThreadCpuMs({ events, anchorAt }, from, to) {
    const anchor = events.find((e) => e.name === "TimeStamp" && e.args?.data?.message === "bench-anchor");
    if (!anchor) {
        return null;
    }
    const traceTime = (pageTime) => anchor.ts - (anchorAt - pageTime) * 1000;
    const [start, end] = [traceTime(from), traceTime(to)];
    const tasks = events
        .filter((e) => e.ph === "X" && e.pid === anchor.pid && e.tid === anchor.tid && e.ts >= start && e.ts + e.dur <= end)
        .sort((a, b) => a.ts - b.ts || b.dur - a.dur);
    let cpu = 0;
    let outerEnd = -Infinity;
    for (const task of tasks) {
        if (task.ts >= outerEnd) {
            cpu += task.tdur ?? task.dur;
            outerEnd = task.ts + task.dur;
        }
    }
    return cpu / 1000;
}

/**
 * JSON decoding on its own: `text` (a 1000-row List Accounts answer) decoded
 * `runs` times by bench/decode, the console's decoder built as the console is
 * (release profile, wasm-bindgen) but without wasm-opt, in a fresh page on the
 * console's origin. Answers `{ rows, times }`, each time in ms.
 */
export async function decodeAnswer(browser, { text, runs }) {
    const built = join(here, "..", "target", "bench", "decode");
    const files = {
        "/__bench/decode.html": ["text/html; charset=utf-8", "<!doctype html><title>decode</title>"],
        "/__bench/decode-bench.js": ["text/javascript; charset=utf-8", readFileSync(join(built, "decode-bench.js"))],
        "/__bench/decode-bench_bg.wasm": ["application/wasm", readFileSync(join(built, "decode-bench_bg.wasm"))],
    };
    const { context, page } = await browser.open();
    try {
        await context.route(
            (url) => url.pathname in files,
            (route) => {
                const [contentType, body] = files[new URL(route.request().url()).pathname];
                return route.fulfill({ contentType, body });
            },
        );
        await page.goto(new URL("/__bench/decode.html", browser.base).href);
        const result = await withPatience(
            page.evaluate(
                async ({ text, runs }) => {
                    window.decodeInput = text;
                    window.decodeRuns = runs;
                    const decoder = await import("/__bench/decode-bench.js");
                    await decoder.default({ module_or_path: "/__bench/decode-bench_bg.wasm" });
                    return window.decodeResult;
                },
                { text, runs },
            ),
            "the decoding",
        );
        if (result?.error) {
            throw new Error(`bench/decode could not decode the answer: ${result.error}`);
        }
        return result;
    } finally {
        await context.close();
    }
}

/**
 * Keystroke to updated results: types `names` into the quick search one key at
 * a time, waiting after each until the table shows that text's first page
 * (`expected` maps trimmed text to its row ids, read from the API). Keys that
 * leave the first page unchanged are typed but not timed: nothing on screen
 * would tell their results apart.
 */
export async function keystrokes(browser, { names, expected }) {
    const { context, page } = await browser.open({ keys: true });
    const timings = [];
    try {
        await page.goto(new URL("/accounts", browser.base).href);
        await waitRows(page, { ids: expected.get("") }, "the first page");
        await page.waitForLoadState("networkidle");
        const search = page.locator("#quick-search");
        await search.click();
        for (const name of names) {
            let shown = "";
            for (const key of name) {
                const text = (shown + key).trim();
                const ids = expected.get(text);
                const timed = ids.join(",") !== expected.get(shown.trim()).join(",");
                const painted = await rowsAfter(page, { ids }, () => page.keyboard.press(key === " " ? "Space" : key), `results for "${text}"`);
                if (timed) {
                    const keyAt = await page.evaluate(() => window.__bench.keyAt);
                    timings.push({ text, ms: painted.at - keyAt });
                } else {
                    // Let the debounce run out and the unchanged answer arrive.
                    await page.waitForTimeout(DEBOUNCE_MS + 300);
                }
                shown += key;
            }
            await rowsAfter(
                page,
                { ids: expected.get("") },
                async () => {
                    await page.keyboard.press("ControlOrMeta+A");
                    await page.keyboard.press("Backspace");
                },
                "the unfiltered list after clearing the search",
            );
        }
        return timings;
    } finally {
        await context.close();
    }
}

/**
 * Memory over page changes of 1000 rows: "Next ›" for the first half, then
 * "‹ Previous" back to the first page, with a reading (forced GC first) before
 * and every `every` changes.
 */
export async function memory(browser, { changes, every }) {
    const { context, page, cdp } = await browser.open();
    try {
        await page.goto(new URL("/accounts?count=1000", browser.base).href);
        await waitRows(page, { count: 1000 }, "the first 1000 rows");
        await page.waitForLoadState("networkidle");
        const readings = [{ changes: 0, ...(await reading(page, cdp)) }];
        const forward = Math.ceil(changes / 2);
        let first = (await waitRows(page, { count: 1000 }, "1000 rows")).first;
        for (let change = 1; change <= changes; change++) {
            const button = page.locator(".paging button", { hasText: change <= forward ? "Next" : "Previous" }).first();
            const shown = await rowsAfter(page, { count: 1000, notFirst: first }, () => button.click(), `page change ${change}`);
            first = shown.first;
            if (change % every === 0 || change === changes) {
                readings.push({ changes: change, ...(await reading(page, cdp)) });
            }
        }
        return readings;
    } finally {
        await context.close();
    }
}

/** JS heap, wasm memory, DOM counters and live objects, after a forced GC. */
async function reading(page, cdp) {
    await cdp.send("HeapProfiler.enable");
    await cdp.send("HeapProfiler.collectGarbage");
    await cdp.send("HeapProfiler.collectGarbage");
    const heap = await cdp.send("Runtime.getHeapUsage");
    const dom = await cdp.send("Memory.getDOMCounters");
    const wasmBytes = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? null);
    return {
        jsHeapUsed: heap.usedSize,
        jsHeapTotal: heap.totalSize,
        wasmMemory: wasmBytes,
        domNodes: dom.nodes,
        listeners: dom.jsEventListeners,
        documents: dom.documents,
        ...((await isSplit(page)) ? NOT_COUNTED : await liveObjects(cdp)),
    };
}

/**
 * Runtime.queryObjects crashes Chromium 156's renderer (after minutes of
 * heap walking) once a wasm cut by wasm-split-cli is loaded, so the live
 * functions and objects are counted for a console in one piece only.
 */
const NOT_COUNTED = { functions: null, closureWrappers: null, objects: null };

async function isSplit(page) {
    return page.evaluate(() => performance.getEntriesByType("resource").some((e) => e.name.includes("/__wasm_split")));
}

/**
 * Live functions and objects by prototype (Runtime.queryObjects), and how many
 * of the functions are wasm-bindgen closure wrappers: the 0.2.130 glue
 * (makeMutClosure/makeClosure) gives each wrapper its own `_wbg_cb_unref`
 * function, which is a live function too.
 */
async function liveObjects(cdp) {
    const count = async (prototype, declaration) => {
        const { result: proto } = await cdp.send("Runtime.evaluate", { expression: prototype, objectGroup: "bench" });
        const { objects } = await cdp.send("Runtime.queryObjects", { prototypeObjectId: proto.objectId, objectGroup: "bench" });
        const { result } = await cdp.send("Runtime.callFunctionOn", {
            objectId: objects.objectId,
            functionDeclaration: declaration,
            returnByValue: true,
        });
        return result.value;
    };
    const [functions, closureWrappers] = await count(
        "Function.prototype",
        `function () {
            const wrappers = this.filter((f) => Object.hasOwn(f, "_wbg_cb_unref"));
            return [this.length, wrappers.length];
        }`,
    );
    const objects = await count("Object.prototype", "function () { return this.length; }");
    await cdp.send("Runtime.releaseObjectGroup", { objectGroup: "bench" });
    return { functions, closureWrappers, objects };
}
