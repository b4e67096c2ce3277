// The export of every result at a portfolio's scale (issue 25), in the
// browser half of `make bench`: "Export all results" on the plain list of a
// sandbox seeded with a million accounts, against fetching the same pages
// (1000 rows each, JSON parsed) without building a file, in the same page of
// the same run. While the export runs, the JS heap (DevTools) and the wasm
// memory are read every half second; the file it offers is then read back
// to count its rows and look for an id written twice.

import { createReadStream } from "node:fs";

/** How often the heap is read while the export runs. */
const SAMPLE_MS = 500;
/** Longer than any export of a million rows takes on a loaded machine. */
const PATIENCE_MS = 30 * 60_000;

/**
 * Exports every account of the list and fetches the same pages plainly;
 * `api` is the API's base URL, `session` the signed-in session.
 */
export async function exportAll(browser, { api, session }) {
    const { context, page, cdp } = await browser.open();
    try {
        page.setDefaultTimeout(PATIENCE_MS);
        await page.goto(new URL("/accounts", browser.base).href);
        await page.evaluate(() => window.__bench.firstRows);
        await page.waitForLoadState("networkidle");
        await cdp.send("HeapProfiler.enable");
        await cdp.send("HeapProfiler.collectGarbage");
        const before = await heap(page, cdp);
        const peak = { ...before };

        let sampling = true;
        const sampler = (async () => {
            while (sampling) {
                const now = await heap(page, cdp);
                peak.jsHeap = Math.max(peak.jsHeap, now.jsHeap);
                peak.wasm = Math.max(peak.wasm, now.wasm ?? 0);
                await new Promise((resolve) => setTimeout(resolve, SAMPLE_MS));
            }
        })();
        const offered = page.waitForEvent("download");
        const clickedAt = await page.evaluate(() => {
            const button = [...document.querySelectorAll(".export button")].find((b) => b.textContent.includes("Export all results"));
            const at = performance.now();
            button.click();
            return at;
        });
        const done = await page.evaluate(
            () =>
                new Promise((resolve) => {
                    const check = () => {
                        const toast = [...document.querySelectorAll(".toast")].find((t) => /Export(ed| failed)/.test(t.textContent));
                        if (toast) {
                            resolve({ at: performance.now(), text: toast.textContent });
                        } else {
                            setTimeout(check, 100);
                        }
                    };
                    check();
                }),
        );
        sampling = false;
        await sampler;
        if (!done.text.includes("Exported")) {
            throw new Error(`the export failed: ${done.text}`);
        }
        const download = await offered;
        const file = await readBack(await download.path());
        await download.delete();

        const fetched = await page.evaluate(fetchEveryPage, { api, sessionId: session.sessionId });
        return {
            exportMs: done.at - clickedAt,
            fetchMs: fetched.ms,
            fetchedRows: fetched.rows,
            toast: done.text,
            ...file,
            before,
            peak,
            wasmGrowth: peak.wasm - (before.wasm ?? 0),
        };
    } finally {
        await context.close();
    }
}

/** The JS heap in use (DevTools) and the wasm memory's size, now. */
async function heap(page, cdp) {
    const { usedSize } = await cdp.send("Runtime.getHeapUsage");
    const wasm = await page.evaluate(() => window.__bench.memory?.buffer.byteLength ?? null);
    return { jsHeap: usedSize, wasm };
}

/**
 * Runs in the page: every page of the plain list, 1000 rows at a time, in
 * order, each answer parsed as JSON and dropped, as the export reads them.
 */
async function fetchEveryPage({ api, sessionId }) {
    const started = performance.now();
    let rows = 0;
    for (let offset = 0; ; ) {
        const answer = await fetch(new URL(`account/accounts?count=1000&offset=${offset}`, api), {
            headers: { Accept: "application/json", "LV-Session": sessionId },
        });
        if (!answer.ok) {
            throw new Error(`List Accounts at ${offset} answered ${answer.status}`);
        }
        const page = await answer.json();
        const accounts = page.listAccount ?? page.listAccounts ?? page.findMatchingAccounts ?? [];
        rows += accounts.length;
        offset += accounts.length;
        if (accounts.length === 0 || !page.next) {
            break;
        }
    }
    return { ms: performance.now() - started, rows };
}

/**
 * The CSV file's data rows (records after the header, quoted line breaks
 * inside a record not counted) and how many ids (the first column) occur
 * more than once, read as a stream.
 */
async function readBack(path) {
    const ids = new Set();
    let records = 0;
    let twice = 0;
    let quoted = false;
    let atStart = true;
    let id = "";
    let bytes = 0;
    const endRecord = () => {
        if (records > 0 && id !== "") {
            if (ids.has(id)) twice += 1;
            ids.add(id);
        }
        records += 1;
        id = "";
        atStart = true;
    };
    for await (const chunk of createReadStream(path, { encoding: "utf8" })) {
        bytes += Buffer.byteLength(chunk);
        for (let i = 0; i < chunk.length; i++) {
            const c = chunk[i];
            if (c === '"') {
                quoted = !quoted;
            } else if (!quoted && c === "\n") {
                endRecord();
                continue;
            } else if (!quoted && c === ",") {
                atStart = false;
            } else if (atStart && c !== "\r" && c !== "\ufeff") {
                id += c;
            }
        }
    }
    return { fileBytes: bytes, dataRows: Math.max(0, records - 1), idsTwice: twice };
}
