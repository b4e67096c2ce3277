// The hand-written JavaScript baseline of `make bench` (see rows.html): reads a
// page of accounts from the same API as the console and builds the rows the
// console builds, with the same markup, as a careful author would without a
// framework: one <template> row cloned per account, text set through
// textContent, the whole body swapped in one replaceChildren, and one
// delegated listener on the table for clicks and keys (none per row).
"use strict";

const SESSION_KEY = "account-admin.session";
const session = JSON.parse(sessionStorage.getItem(SESSION_KEY) || "null");
const table = document.querySelector("table.accounts-table");
const tbody = table.tBodies[0];
const showing = document.getElementById("results-summary");
// The paging bar is shown above and below the table.
const pagings = document.querySelectorAll("nav.paging");
const view = { count: 50, offset: 0, hasNext: false };
let apiBase = "/api";

// `?select=0` leaves the checkbox column out, for a console that has none yet.
const withSelect = new URLSearchParams(location.search).get("select") !== "0";
if (!withSelect) {
    table.tHead.rows[0].cells[0].remove();
}
// One row as the console renders it; the cells after the name are text only.
const rowTemplate = document.createElement("template");
rowTemplate.innerHTML =
    "<tr>" +
    (withSelect ? '<td class="select"><input type="checkbox"></td>' : "") +
    '<td class="name"><a></a></td><td></td><td></td><td></td><td></td><td></td><td></td><td></td><td></td></tr>';
const templateRow = rowTemplate.content.firstElementChild;
const first = withSelect ? 1 : 0;
const TEXT_FIELDS = ["accountNumber", "industry", "rating", "phoneOffice", "classificationName", "typeName", "agentTeamName"];

const pad = (n) => (n < 10 ? "0" + n : String(n));

/** `2026-11-26 14:05` in the browser's time zone, as the console shows it. */
function localDateTime(epochMs) {
    const d = new Date(epochMs);
    return `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())} ${pad(d.getHours())}:${pad(d.getMinutes())}`;
}

function buildRow(account) {
    const row = templateRow.cloneNode(true);
    const id = String(account.id);
    const name = account.name ?? "";
    row.dataset.id = id;
    const cells = row.cells;
    if (withSelect) {
        cells[0].firstChild.setAttribute("aria-label", `Select ${name}`);
    }
    const link = cells[first].firstChild;
    link.href = `/accounts/${id}`;
    link.textContent = name;
    for (let i = 0; i < TEXT_FIELDS.length; i++) {
        cells[first + 1 + i].textContent = account[TEXT_FIELDS[i]] ?? "";
    }
    cells[first + 8].textContent = account.modifiedDate == null ? "" : localDateTime(Number(account.modifiedDate));
    return row;
}

function render(accounts) {
    const rows = document.createDocumentFragment();
    for (const account of accounts) {
        rows.appendChild(buildRow(account));
    }
    tbody.replaceChildren(rows);
    const [from, to] = [view.offset + 1, view.offset + accounts.length].map((n) => n.toLocaleString("en-US"));
    showing.textContent = accounts.length === 0 ? "Showing none" : `Showing ${from}–${to}`;
    for (const paging of pagings) {
        paging.querySelector("select").value = String(view.count);
        paging.querySelector('[data-page="previous"]').disabled = view.offset === 0;
        paging.querySelector('[data-page="next"]').disabled = !view.hasNext;
    }
}

async function load() {
    const response = await fetch(`${apiBase}/account/accounts?count=${view.count}&offset=${view.offset}`, {
        headers: { "LV-Session": session?.sessionId ?? "" },
    });
    if (!response.ok) {
        throw new Error(`the API answered ${response.status}`);
    }
    const page = await response.json();
    view.hasNext = typeof page.next === "string" && page.next.trim() !== "";
    render(page.listAccount ?? page.listAccounts ?? page.findMatchingAccounts ?? []);
}

/** Opens an account the way the console does: its detail page. */
function open(id) {
    location.assign(`/accounts/${id}`);
}

table.addEventListener("click", (event) => {
    const row = event.target.closest("tbody tr");
    // The checkbox selects; the link opens the account by itself.
    if (!row || event.target.closest("td.select, a")) {
        return;
    }
    event.preventDefault();
    open(row.dataset.id);
});

// Up and Down move to the same control of the row above or below.
table.addEventListener("keydown", (event) => {
    const row = event.target.closest("tbody tr");
    if (!row) {
        return;
    }
    const sibling = event.key === "ArrowDown" ? row.nextElementSibling : event.key === "ArrowUp" ? row.previousElementSibling : null;
    if (sibling) {
        event.preventDefault();
        const column = event.target.closest("td").cellIndex;
        sibling.cells[column].querySelector("input, a")?.focus();
    }
});

for (const paging of pagings) {
    paging.addEventListener("change", (event) => {
        view.count = Number(event.target.value);
        view.offset = 0;
        load();
    });
    paging.addEventListener("click", (event) => {
        const step = { previous: -1, next: 1 }[event.target.closest("button")?.dataset.page];
        if (step) {
            view.offset = Math.max(0, view.offset + step * view.count);
            load();
        }
    });
}

(async () => {
    const config = await fetch("/config.json").then((r) => (r.ok ? r.json() : {}), () => ({}));
    apiBase = (config.apiBase ?? apiBase).replace(/\/$/, "");
    document.querySelector(".user").textContent = session ? `${session.userName} @ ${session.clientName}` : "";
    await load();
})();
