// The one table `make bench` prints (and the README shows), from the result
// that bench/run.mjs also writes as JSON.

const int = (n) => (n == null || Number.isNaN(n) ? "–" : Math.round(n).toLocaleString("en-US"));
const ms = (n) => (n == null || Number.isNaN(n) ? "–" : `${Math.round(n).toLocaleString("en-US")} ms`);
const kb = (bytes) => (bytes == null || Number.isNaN(bytes) ? "–" : `${(bytes / 1000).toLocaleString("en-US", { maximumFractionDigits: 1, minimumFractionDigits: 1 })} KB`);
/** A change with its sign; one that rounds to zero shows as 0. */
const signed = (text, n) => (!/[1-9]/.test(text) ? text.replace("-", "") : n > 0 ? `+${text}` : text);
const pad = (text, width) => String(text).padStart(width);

/** Lines of `label` then right-aligned columns. */
function rows(header, lines, widths, labelWidth = 44) {
    const format = (cells) => cells[0].padEnd(labelWidth) + cells.slice(1).map((c, i) => pad(c, widths[i])).join("");
    return [format(header), ...lines.map(format)];
}

export function table(result, { THROTTLE, DEBOUNCE_MS }) {
    const m = result.machine;
    const out = [];
    out.push(`account-admin bench, ${result.started.slice(0, 16).replace("T", " ")} UTC`);
    out.push(`machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGiB} GiB; Chromium ${m.chromium ?? "?"} headless; Node ${m.node}`);
    const load = m.loadAverage;
    if (load) {
        const busy = Math.max(load.start, load.end) > m.cores / 4 ? " (the machine was busy: timings are inflated)" : "";
        out.push(`load average (1 min): ${load.start.toFixed(2)} at start, ${load.end.toFixed(2)} at end${busy}; bench ran at nice ${m.nice}`);
    }
    if (result.console) {
        out.push(`console: ${result.console.build} at ${result.console.url}; medians of ${result.settings.runs} runs`);
    }

    if (result.bundle) {
        out.push("");
        const lines = result.bundle.files.map((f) => [`  ${f.file}`, int(f.raw), int(f.gzip), int(f.brotli)]);
        const t = result.bundle.total;
        if (t) lines.push(["  total (bytes)", int(t.raw), int(t.gzip), int(t.brotli)]);
        const s = result.bundle.atStart;
        if (s) lines.push(["  at start: main wasm, js, css (bytes)", int(s.raw), int(s.gzip), int(s.brotli)]);
        out.push(...rows(["Bundle", "raw", "gzip -9", "brotli -q 11"], lines, [12, 12, 14]));
    }

    if (result.coldStart) {
        out.push("");
        const c = result.coldStart;
        const line = (label, r) => [label, ms(r.median), `${int(r.min)}–${int(r.max)} ms`, kb(r.transferred), ms(r.wasmLoadedAt)];
        out.push(
            ...rows(
                ["Cold start to first rows (signed in, 50 rows)", "median", "range", "transferred", "wasm loaded"],
                [
                    line("  loopback", c.loopback),
                    line(`  ${THROTTLE.latencyMs} ms RTT, ${THROTTLE.megabitsPerSecond} Mbit/s, no cache`, c.throttled),
                ],
                [10, 16, 14, 14],
            ),
        );
    }

    if (result.render) {
        out.push("");
        const r = result.render;
        const line = (label, s) => [label, ms(s.median), `${int(s.min)}–${int(s.max)} ms`, ms(s.cpuMs), ms(s.fetchMs)];
        out.push(
            ...rows(
                ["1000-row render (answer arrived → painted)", "median", "range", "main-thread CPU", "fetch (apart)"],
                [
                    line(`  console (${r.console.columns} columns)`, r.console),
                    line(`  hand-written JS, bench/rows.js (${r.baseline.columns})`, r.baseline),
                    ["  ratio console / JS", `${r.ratio.toFixed(2)}×`, `best runs ${r.bestRatio.toFixed(2)}×`, `${r.cpuRatio.toFixed(2)}×`, ""],
                ],
                [10, 18, 17, 15],
            ),
        );
    }

    if (result.decode) {
        out.push("");
        const d = result.decode;
        out.push(
            ...rows(
                [`JSON decoding, ${int(d.rows)} rows (${kb(d.bytes)}), wasm in Chromium`, "median", "p95", "first run"],
                [["  serde_json → AccountPage, as the console does", ms(d.rest.median), ms(d.rest.p95), ms(d.firstMs)]],
                [10, 10, 11],
                52,
            ),
        );
    }

    if (result.keystroke) {
        out.push("");
        const k = result.keystroke;
        out.push(
            ...rows(
                [`Keystroke → updated results (${int(result.sandbox?.accounts ?? result.settings.accounts)} accounts, ${k.keystrokes} keys)`, "median", "p95"],
                [
                    ["  key to results painted", ms(k.total.median), ms(k.total.p95)],
                    [`  less the ${DEBOUNCE_MS} ms debounce`, ms(k.afterDebounce.median), ms(k.afterDebounce.p95)],
                ],
                [10, 10],
            ),
        );
    }

    if (result.memory) {
        out.push("");
        const g = result.memory.growth;
        const { changes: n, warmUpChanges: w } = result.memory;
        const bytes = (key) => [kb(g[key].first), kb(g[key].warm), kb(g[key].last), signed(kb(g[key].perChange), g[key].perChange)];
        const count = (key) =>
            g[key].last === null
                ? ["not counted", "", "", ""]
                : [int(g[key].first), int(g[key].warm), int(g[key].last), signed(g[key].perChange.toFixed(1), g[key].perChange)];
        out.push(
            ...rows(
                [`Memory, 1000-row pages, forced GC (${n} page changes)`, "first page", `after ${w}`, `after ${n}`, `per change*`],
                [
                    ["  JS heap used", ...bytes("jsHeapUsed")],
                    ["  wasm memory", ...bytes("wasmMemory")],
                    ["  DOM nodes", ...count("domNodes")],
                    ["  JS event listeners", ...count("listeners")],
                    ["  live functions", ...count("functions")],
                    ["    of which wasm-bindgen closures", ...count("closureWrappers")],
                    ["  live objects", ...count("objects")],
                ],
                [12, 12, 12, 13],
            ),
        );
        out.push(`  * slope from change ${w} to ${n}: "Next ›" ${Math.ceil(n / 2)} times, then "‹ Previous" back to the first page`);
        if (g.functions.last === null) {
            out.push("  live functions and objects: not counted, Runtime.queryObjects crashes the renderer on a split wasm");
        }
    }

    if (result.export) {
        out.push("");
        const x = result.export;
        const mb = (bytes) => (bytes == null ? "–" : `${(bytes / 1e6).toFixed(1)} MB`);
        const met = (ok) => (ok ? "met" : "MISSED");
        const ratio = x.exportMs / x.fetchMs;
        out.push(
            ...rows(
                [`Export all results, ${int(x.accounts)} accounts`, "measured", "goal", ""],
                [
                    ["  export (click → file offered)", ms(x.exportMs), "", ""],
                    ["  the same pages fetched, JSON parsed", ms(x.fetchMs), "", ""],
                    ["  export / fetch", `${ratio.toFixed(2)}×`, "≤ 1.20×", met(ratio <= 1.2)],
                    ["  wasm memory growth, peak", mb(x.wasmGrowth), "< 64 MB", met(x.wasmGrowth < 64e6)],
                    ["  JS heap used, peak", mb(x.peak.jsHeap), "< 150 MB", met(x.peak.jsHeap < 150e6)],
                    ["  file: data rows", int(x.dataRows), int(x.accounts), met(x.dataRows === x.accounts)],
                    ["  file: ids written twice", int(x.idsTwice), "0", met(x.idsTwice === 0)],
                    ["  file size", mb(x.fileBytes), "", ""],
                ],
                [12, 12, 8],
            ),
        );
    }

    if (result.sandbox) {
        for (const part of [result.sandbox, result.sandbox.large].filter((p) => p?.scenarios?.length)) {
            out.push("");
            const target = part.targetMs ?? 50;
            const seeded = part.reused ? "seeded earlier" : part.seedSeconds == null ? "" : `seeded in ${part.seedSeconds.toFixed(1)} s`;
            const load = part.load ? `, load ${part.load}` : "";
            const cpu = (n) => (n == null ? "" : `${n.toFixed(2)} ms`);
            out.push(
                ...rows(
                    [`Sandbox in-process, ${int(part.accounts)} accounts (cargo bench; ${seeded}${load})`, "p50", "p99", "cpu p50", "cpu p99", `≤ ${target} ms`],
                    part.scenarios.map((x) => [`  ${x.scenario}`, `${x.p50Ms.toFixed(2)} ms`, `${x.p99Ms.toFixed(2)} ms`, cpu(x.cpuP50Ms), cpu(x.cpuP99Ms), x.target]),
                    [10, 11, 11, 11, 9],
                    66,
                ),
            );
        }
    }
    return out.join("\n");
}
