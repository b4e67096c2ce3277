#!/usr/bin/env python3
"""Takes the README's screenshots of a running console (default
http://127.0.0.1:8080, started with --faults for the re-sign-in one) through
chromedriver, with the standard library only.

Usage: scripts/screenshots.py [BASE_URL] [OUT_DIR]
"""
import base64
import json
import subprocess
import sys
import time
import urllib.error
import urllib.request

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8080"
OUT = sys.argv[2] if len(sys.argv) > 2 else "docs"
DRIVER_PORT = 9515
ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--window-size=1200,760"]


def call(method, path, body=None):
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(f"http://127.0.0.1:{DRIVER_PORT}{path}", data=data, method=method,
                                     headers={"Content-Type": "application/json"})
    with urllib.request.urlopen(request) as response:
        return json.load(response)["value"]


def wait_for(session, css):
    for _ in range(200):
        try:
            return call("POST", f"/session/{session}/element", {"using": "css selector", "value": css})
        except urllib.error.HTTPError:
            time.sleep(0.05)
    raise SystemExit(f"nothing matches {css}")


def element_id(element):
    return next(iter(element.values()))


def type_into(session, css, text):
    element = element_id(wait_for(session, css))
    call("POST", f"/session/{session}/element/{element}/clear", {})
    call("POST", f"/session/{session}/element/{element}/value", {"text": text})


def click(session, css):
    call("POST", f"/session/{session}/element/{element_id(wait_for(session, css))}/click", {})


def shot(session, name):
    time.sleep(0.4)
    png = base64.b64decode(call("GET", f"/session/{session}/screenshot"))
    with open(f"{OUT}/{name}.png", "wb") as out:
        out.write(png)
    print(f"{OUT}/{name}.png")


def sign_in(session, password="demo"):
    type_into(session, "#sign-in-username", "sysadmin")
    type_into(session, "#sign-in-password", password)
    type_into(session, "#sign-in-access-token", "demo-token")
    click(session, "button[type=submit]")


def main():
    driver = subprocess.Popen(["chromedriver", f"--port={DRIVER_PORT}"], stdout=subprocess.DEVNULL)
    try:
        for _ in range(300):  # chromedriver may take a while to listen
            try:
                call("GET", "/status")
                break
            except (urllib.error.URLError, ConnectionError):
                time.sleep(0.1)
        caps = {"capabilities": {"alwaysMatch": {"goog:chromeOptions": {"args": ARGS}}}}
        session = call("POST", "/session", caps)["sessionId"]
        call("POST", f"/session/{session}/url", {"url": f"{BASE}/accounts"})
        wait_for(session, "#sign-in-username")
        shot(session, "sign-in")
        sign_in(session)
        wait_for(session, "tbody tr")
        shot(session, "accounts")
        click(session, ".advanced > button")
        type_into(session, "#filter-industry", "bank")
        type_into(session, "#filter-annualRevenueStart", "20000000")
        click(session, "#advanced-search button[type=submit]")
        time.sleep(1)
        click(session, "button[data-sort=modifiedDate]")
        time.sleep(1)
        shot(session, "advanced-search")
        click(session, "tbody tr")
        wait_for(session, ".account-detail h1")
        time.sleep(0.5)
        shot(session, "account-detail")
        call("POST", f"/session/{session}/back", {})
        click(session, "a[href='/classifications']")
        wait_for(session, "table.data")
        shot(session, "classifications")
        session_id = call("POST", f"/session/{session}/execute/sync", {
            "script": "return JSON.parse(sessionStorage.getItem('account-admin.session')).sessionId", "args": []})
        urllib.request.urlopen(urllib.request.Request(
            f"{BASE}/api/__sandbox/sessions/expire", data=json.dumps({"sessionId": session_id}).encode(),
            method="POST", headers={"Content-Type": "application/json"}))
        click(session, "a[href='/types']")
        wait_for(session, "[role=dialog]")
        shot(session, "sign-in-again")
        call("DELETE", f"/session/{session}")
    finally:
        driver.terminate()


if __name__ == "__main__":
    main()
