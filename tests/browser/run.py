#!/usr/bin/env python3
"""Hostile input in a real browser.

Starts `chorus serve` on a fresh archive, submits every input in hostile_inputs.txt through the
real share form (preview first, then send), signs in as a moderator through the real form,
approves each submission from its review page, then opens the story page, a search that finds it,
`/feed.atom` and a saved-search feed. Feeds are read as a feed reader would: parsed as XML, each
`type="html"` summary loaded into a page as HTML and each `type="text"` summary set as text.

Before any page script runs, `alert`, `confirm`, `prompt`, `print` and `console` are hooked; any
call, dialog, page error, CSP violation, navigation away or request to another host is a failure,
and so is any `on*` attribute, `<script>`, `<iframe>`, `javascript:`/`data:`/`vbscript:` URL
(or the other elements listed in DOM_CHECK_JS) in the DOM after load.

It runs twice: with the normal Content-Security-Policy, and with it turned off by the test-only
`CHORUS_TEST_DISABLE_CSP=1`, so the second run proves the sanitiser alone.

Usage: run.py PATH_TO_CHORUS_BINARY [--chromium /usr/bin/chromium] [--screenshot FILE]
                [--limit N] [--mode csp|no-csp|both]
Exit status 0 when every check passed, 1 otherwise.
"""

import argparse
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import urllib.parse
import urllib.request
import xml.etree.ElementTree as ET
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
ATOM = "{http://www.w3.org/2005/Atom}"
MODERATOR = "browsertest"

# Installed in every frame before its own scripts. Calls are reported to Python at once through an
# exposed binding, so they are counted even if the page then navigates away.
HOOKS_JS = r"""
(() => {
  const report = (kind, detail) => {
    try { window.__chorusReport(kind, String(detail).slice(0, 300), String(location.href)); }
    catch (e) { (window.__chorusPending = window.__chorusPending || []).push([kind, String(detail)]); }
  };
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    const hook = function (...args) { report(name, args.map(String).join(', ')); return null; };
    hook.__chorusHook = true;
    try { Object.defineProperty(window, name, { value: hook, writable: false, configurable: false }); }
    catch (e) { window[name] = hook; }
  }
  for (const name of ['log', 'info', 'warn', 'error', 'debug', 'trace', 'dir', 'table']) {
    const original = console[name];
    console[name] = function (...args) {
      report('console.' + name, args.map(String).join(' '));
      if (original) return original.apply(console, args);
    };
  }
  document.addEventListener('securitypolicyviolation', (e) => {
    report('csp-violation', e.violatedDirective + ' ' + e.blockedURI + ' ' + (e.sample || ''));
  }, true);
})();
"""

# Returns a list of problems in the current document. The site itself uses no script, no inline
# style and no frames, so any of these can only have come from submitted text.
DOM_CHECK_JS = r"""
() => {
  const problems = [];
  const say = (what, el) => problems.push(what + ': ' + el.outerHTML.slice(0, 160));
  const banned = new Set(['script', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
    'base', 'svg', 'math', 'style', 'portal', 'plaintext', 'xmp', 'isindex', 'keygen', 'noscript',
    'template', 'video', 'audio', 'source', 'img', 'picture', 'marquee', 'dialog', 'animate', 'set',
    'foreignobject', 'use', 'image']);
  const urlAttrs = new Set(['href', 'src', 'action', 'formaction', 'xlink:href', 'data', 'poster',
    'background', 'cite', 'codebase', 'dynsrc', 'lowsrc', 'ping', 'srcset', 'manifest', 'icon',
    'longdesc', 'usemap', 'profile', 'to', 'from', 'values']);
  const badScheme = /^(javascript|vbscript|data|livescript|file|intent):/;
  const squash = (v) => v.replace(/[\u0000-\u0020\u007f-\u00a0\u00ad\u200b-\u200f\u2028-\u202e\u2060\ufeff]/g, '').toLowerCase();
  const contentAllowed = new Set(['p', 'br', 'em', 'strong', 'del', 'a', 'ul', 'ol', 'li',
    'blockquote', 'code', 'pre', 'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'hr', 'table', 'thead',
    'tbody', 'tr', 'th', 'td', 'mark', 'div']);
  for (const el of document.querySelectorAll('*')) {
    const tag = el.localName.toLowerCase();
    // The one exception: the story page's own schema.org JSON-LD, a data block in <head> (never
    // run), which must parse as JSON. Testimony is only ever rendered inside <body>.
    const ownJsonLd = tag === 'script' && el.parentElement === document.head
      && el.getAttribute('type') === 'application/ld+json' && el.attributes.length === 1
      && document.head.querySelectorAll('script').length === 1
      && (() => { try { return JSON.parse(el.textContent)['@context'] === 'https://schema.org'; } catch (e) { return false; } })();
    if (banned.has(tag) && !ownJsonLd) say('banned element <' + tag + '>', el);
    for (const attr of el.attributes) {
      const name = attr.name.toLowerCase();
      const value = squash(attr.value);
      if (name.startsWith('on')) say('event-handler attribute ' + name, el);
      if (name === 'style') say('style attribute', el);
      if (name === 'srcdoc') say('srcdoc attribute', el);
      if (name === 'formaction' && (!attr.value.startsWith('/') || attr.value.startsWith('//'))) {
        say('button posting elsewhere', el);
      }
      if (name === 'http-equiv') say('meta http-equiv', el);
      if ((urlAttrs.has(name) || name.endsWith(':href')) && (badScheme.test(value) || value.includes('url=javascript') || value.includes('url=data'))) {
        say('dangerous URL in ' + name, el);
      }
    }
    if (tag === 'form') {
      const action = el.getAttribute('action') || '';
      if (!action.startsWith('/') || action.startsWith('//')) say('form posting elsewhere', el);
    }
    if ((tag === 'link' || tag === 'meta') && el.closest('body')) say(tag + ' in body', el);
  }
  // Inside rendered testimony only the renderer's own tags may appear.
  for (const area of document.querySelectorAll('.story-body, .story-preview, .snippet, #summary, .hits h2')) {
    for (const el of area.querySelectorAll('*')) {
      const tag = el.localName.toLowerCase();
      // The preview numbers each possible identifier with the site's own <sup>.
      const ownMarker = tag === 'sup' && el.matches('.story-preview sup.finding-number');
      if (!contentAllowed.has(tag) && !ownMarker) say('unexpected <' + tag + '> in testimony', el);
      if (tag === 'a') {
        const href = el.getAttribute('href');
        if (href !== null && !/^(https?:|mailto:|#p\d+$|#finding-\d+$|\/stories\/)/i.test(href.trim())) {
          say('link with unexpected target in testimony', el);
        }
      }
    }
  }
  for (const name of ['alert', 'confirm', 'prompt', 'print']) {
    if (!window[name] || !window[name].__chorusHook) problems.push('hook missing for ' + name);
  }
  return problems;
}
"""


def load_inputs(path):
    """Reads hostile_inputs.txt: a list of (name, flags, text)."""
    inputs, current = [], None
    for line in path.read_text(encoding="utf-8").split("\n"):
        if line.startswith("%%% "):
            parts = line[4:].split()
            current = [parts[0], set(parts[1:]), []]
            inputs.append(current)
        elif current is not None:
            current[2].append(line)
    out = []
    for name, flags, lines in inputs:
        while lines and lines[-1] == "":
            lines.pop()
        text = "\n".join(lines)
        if "esc" in flags:
            text = re.sub(
                r"\\rep\{(\d+)\}\{(.*?)\}",
                lambda m: m.group(2) * int(m.group(1)),
                text,
            )
            text = re.sub(r"\\u\{([0-9A-Fa-f]+)\}", lambda m: chr(int(m.group(1), 16)), text)
        out.append((name, flags, text))
    names = [n for n, _, _ in out]
    assert len(names) == len(set(names)), "input names must be unique"
    return out


class Failures:
    """Everything that went wrong, with where and with which input."""

    def __init__(self):
        self.items = []
        self.cases = set()

    def add(self, mode, where, what):
        self.items.append(f"[{mode}] {where}: {what}")
        self.cases.add((mode, where.split(" on ")[0].split(" in ")[0]))
        print(f"FAIL [{mode}] {where}: {what}", file=sys.stderr, flush=True)


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, workdir, disable_csp):
    port = free_port()
    env = dict(os.environ)
    env.update(
        {
            "CHORUS_APPROVALS_REQUIRED": "1",
            "CHORUS_LOG": "warn",
            "CHORUS_PUBLIC_URL": f"http://127.0.0.1:{port}",
            # Every input comes from this one client: lift the per-client limit on stories.
            "CHORUS_SUBMISSIONS_PER_HOUR": "100000",
            "CHORUS_PREVIEWS_PER_10_MINUTES": "100000",
        }
    )
    env.pop("CHORUS_CONFIG", None)
    env.pop("CHORUS_TEST_DISABLE_CSP", None)
    if disable_csp:
        env["CHORUS_TEST_DISABLE_CSP"] = "1"
    dirs = ["--data-dir", str(workdir / "data"), "--index-dir", str(workdir / "index")]
    password = secrets.token_urlsafe(24)
    subprocess.run(
        [binary, "moderator", "add", MODERATOR, *dirs],
        input=password + "\n",
        text=True,
        env=env,
        check=True,
        capture_output=True,
    )
    log = open(workdir / "server.log", "w")
    server = subprocess.Popen(
        [binary, "serve", "--bind", f"127.0.0.1:{port}", *dirs],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    base = f"http://127.0.0.1:{port}"
    for _ in range(300):
        if server.poll() is not None:
            raise RuntimeError(f"chorus serve exited early; see {workdir / 'server.log'}")
        try:
            with urllib.request.urlopen(base + "/healthz", timeout=2) as r:
                if r.status == 200:
                    break
        except OSError:
            time.sleep(0.1)
    else:
        raise RuntimeError("chorus serve did not become healthy")
    return server, base, password


class Run:
    """One pass over every input against one server."""

    def __init__(self, browser, base, password, mode, failures, inputs):
        self.base, self.password, self.mode = base, password, mode
        self.failures, self.inputs = failures, inputs
        self.pages_checked = 0
        self.summaries_checked = 0
        self.dom_checks = 0
        self.hook_events = []
        self.external_requests = []
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.expose_function("__chorusReport", self._on_report)
        self.context.add_init_script(HOOKS_JS)
        self.context.route(lambda url: not url.startswith(base + "/"), self._block_external)
        self.page = self._new_page()
        self.reader = self._new_page()
        self.feed_ids_seen = set()
        self.current = "start"

    def _new_page(self):
        page = self.context.new_page()
        page.on("dialog", self._on_dialog)
        page.on("pageerror", lambda e: self._on_report("pageerror", str(e)[:300], page.url))
        return page

    def _on_report(self, kind, detail, url=""):
        self.hook_events.append((self.current, kind, detail, url))
        if self.current != "self-test":
            self.failures.add(self.mode, self.current, f"{kind} fired on {url}: {detail}")

    def _on_dialog(self, dialog):
        self._on_report("dialog:" + dialog.type, dialog.message, "")
        dialog.dismiss()

    def _block_external(self, route):
        url = route.request.url
        if url.startswith("about:"):
            route.continue_()
            return
        self.external_requests.append((self.current, url))
        self.failures.add(self.mode, self.current, f"request to another host: {url[:200]}")
        route.abort()

    # --- checks -------------------------------------------------------------------------------

    def check_dom(self, page, where, expect_path=None):
        self.dom_checks += 1
        self.pages_checked += 1
        if expect_path is not None:
            got = urllib.parse.urlsplit(page.url)
            if got.path != expect_path:
                self.failures.add(self.mode, where, f"page went to {page.url}, expected {expect_path}")
        for problem in page.evaluate(DOM_CHECK_JS):
            self.failures.add(self.mode, where, problem)

    def goto(self, path, where):
        response = self.page.goto(self.base + path, wait_until="load")
        if response is None or response.status != 200:
            status = response.status if response else "none"
            self.failures.add(self.mode, where, f"GET {path} answered {status}")
        self.check_dom(self.page, where, urllib.parse.urlsplit(path).path)
        return response

    def read_feed(self, path, where, summary_type, must_contain=None):
        """Fetches a feed and reads it as a feed reader would."""
        response = self.context.request.get(self.base + path)
        if response.status != 200:
            self.failures.add(self.mode, where, f"GET {path} answered {response.status}")
            return []
        try:
            root = ET.fromstring(response.body())
        except ET.ParseError as e:
            self.failures.add(self.mode, where, f"{path} is not well-formed XML: {e}")
            return []
        self.pages_checked += 1
        entries = root.findall(ATOM + "entry")
        extra = [c.tag for c in root if c.tag not in {ATOM + t for t in ("title", "id", "link", "updated", "entry")}]
        if extra:
            self.failures.add(self.mode, where, f"{path} has unexpected elements {extra}")
        ids, html_summaries, text_summaries = [], [], []
        for entry in entries:
            tags = sorted(c.tag.removeprefix(ATOM) for c in entry)
            if tags != ["author", "id", "link", "summary", "title", "updated"]:
                self.failures.add(self.mode, where, f"{path}: an entry has elements {tags}")
                continue
            entry_id = entry.find(ATOM + "id").text or ""
            story = entry_id.rsplit("/stories/", 1)[-1]
            ids.append(story)
            title, summary = entry.find(ATOM + "title"), entry.find(ATOM + "summary")
            for el, expected in ((title, "text"), (summary, summary_type)):
                if len(el) != 0:
                    self.failures.add(self.mode, where, f"{path}: <{el.tag}> of {story} holds XML elements")
                if el.get("type", "text") != expected:
                    self.failures.add(self.mode, where, f"{path}: <{el.tag}> of {story} has type {el.get('type')!r}")
            if story in self.feed_ids_seen and path == "/feed.atom":
                continue
            if path == "/feed.atom":
                self.feed_ids_seen.add(story)
            text_summaries.append(title.text or "")
            if summary_type == "html":
                html_summaries.append((story, summary.text or ""))
            else:
                text_summaries.append(summary.text or "")
        if must_contain is not None and must_contain not in ids:
            self.failures.add(self.mode, where, f"{path} does not list story {must_contain}")
        if text_summaries:
            ok = self.reader.evaluate(
                """(texts) => texts.map((t) => { const d = document.createElement('div');
                     d.textContent = t; document.body.appendChild(d);
                     const fine = d.childElementCount === 0 && d.textContent === t; d.remove(); return fine; })""",
                text_summaries,
            )
            self.summaries_checked += len(ok)
            if not all(ok):
                self.failures.add(self.mode, where, f"{path}: a text summary did not stay text")
        for story, html in html_summaries:
            self.reader.set_content(
                "<!doctype html><html><head><meta charset=utf-8><title>reader</title></head>"
                f"<body><article id=summary>{html}</article></body></html>",
                wait_until="load",
            )
            self.summaries_checked += 1
            self.check_dom(self.reader, f"{where} (summary of {story} as HTML)")
        return ids

    # --- the journey ---------------------------------------------------------------------------

    def self_test(self):
        """Proves the harness sees script run: a known-bad page must trip the hooks and the DOM check."""
        self.current = "self-test"
        before = len(self.hook_events)
        self.reader.set_content(
            "<!doctype html><body><img src=x onerror=alert('self-test')><script>confirm('self-test')</script>",
            wait_until="load",
        )
        self.reader.wait_for_timeout(100)
        fired = {kind for _, kind, _, _ in self.hook_events[before:]}
        problems = self.reader.evaluate(DOM_CHECK_JS)
        # These were expected: they are not failures of Chorus.
        del self.hook_events[before:]
        if fired != {"alert", "confirm"} or not any("onerror" in p for p in problems) or not any("<script>" in p for p in problems):
            raise RuntimeError(f"the harness did not notice a known-bad page: {fired}, {problems}")

    # Keyboard, as a person without a mouse would: focus and Space ticks a box, Enter on a button
    # submits its form (with that button's formaction). Also far quicker than Playwright's click,
    # which waits for layout to settle around the long forms.
    def tick(self, checkbox):
        checkbox.press("Space")
        if not checkbox.is_checked():
            raise RuntimeError(f"{self.current}: could not tick a checkbox")

    def press_submit(self, button):
        with self.page.expect_navigation(wait_until="load"):
            button.press("Enter")

    def check_csp_mode(self):
        self.current = "csp header"
        response = self.page.goto(self.base + "/", wait_until="load")
        csp = response.headers.get("content-security-policy")
        if self.mode == "csp" and not csp:
            self.failures.add(self.mode, "/", "no Content-Security-Policy in the normal run")
        if self.mode == "no-csp" and csp:
            self.failures.add(self.mode, "/", "CSP still sent with CHORUS_TEST_DISABLE_CSP=1")

    def submit_all(self):
        for i, (name, flags, text) in enumerate(self.inputs):
            marker = f"hx{i:03d}q"
            self.current = f"input {name} ({marker})"
            title = f"Hostile input {marker}"
            if "title" in flags:
                title = f"{text.split(chr(10))[0][:150]} {marker}"
            body = f"Marker {marker}.\n\n{text}"
            self.page.goto(self.base + "/share", wait_until="load")
            self.page.fill("#title", title)
            self.page.fill("#body", body)
            self.tick(self.page.locator("input[name=consent_publish]"))
            self.press_submit(self.page.locator("form.share button[formaction='/share/preview']"))
            self.check_dom(self.page, self.current + " on /share/preview", "/share/preview")
            if self.page.locator("#errors").count():
                self.failures.add(self.mode, self.current, "preview refused: " + self.page.inner_text("#errors"))
                continue
            self.press_submit(self.page.locator("form.share button:not([formaction])"))
            if self.page.locator("#receipt-code").count() != 1:
                self.failures.add(self.mode, self.current, "no receipt after sending: " + self.page.inner_text("main")[:300])

    def sign_in(self):
        self.current = "sign-in"
        self.page.goto(self.base + "/moderate/login", wait_until="load")
        self.page.fill("#username", MODERATOR)
        self.page.fill("#password", self.password)
        self.press_submit(self.page.locator("form.login button[type=submit]"))
        if urllib.parse.urlsplit(self.page.url).path != "/moderate":
            raise RuntimeError("moderator sign-in failed: " + self.page.inner_text("main")[:300])

    def review_links(self):
        self.current = "queue"
        links = {}
        # The queue shows 50 a page: follow its "next" links to the end.
        path, page = "/moderate", 1
        while path:
            self.goto(path, f"/moderate (queue page {page})")
            for a in self.page.query_selector_all("ol.queue a[href^='/moderate/submissions/']"):
                found = re.search(r"hx\d{3}q", a.text_content() or "")
                if found:
                    links[found.group(0)] = a.get_attribute("href")
            following = self.page.locator("nav.pages a[rel=next]")
            path = following.first.get_attribute("href") if following.count() else None
            page += 1
        return links

    def approve_and_read_all(self):
        links = self.review_links()
        for i, (name, _flags, _text) in enumerate(self.inputs):
            marker = f"hx{i:03d}q"
            self.current = f"input {name} ({marker})"
            href = links.get(marker)
            if href is None:
                self.failures.add(self.mode, self.current, "not in the moderation queue")
                continue
            self.goto(href, self.current + " on the review page")
            form = self.page.locator("form[action$='/approve']")
            if form.locator("input[name=themes]:checked").count() == 0:
                self.tick(form.locator("input[name=themes]").first)
            self.press_submit(form.locator("button[type=submit]"))
            story_link = self.page.locator("main a[href^='/stories/']")
            if story_link.count() == 0:
                self.failures.add(self.mode, self.current, "approval did not publish: " + self.page.inner_text("main")[:300])
                continue
            story = story_link.first.get_attribute("href").rsplit("/", 1)[-1]
            self.goto(f"/stories/{story}", self.current + " on the story page")
            # textContent: a story with content warnings keeps its text inside a closed <details>.
            if marker not in (self.page.text_content("article.story") or ""):
                self.failures.add(self.mode, self.current, "story page does not show the text")
            self.goto(f"/stories?q={marker}", self.current + " on the search results")
            if self.page.locator(f".hits a[href='/stories/{story}']").count() == 0:
                self.failures.add(self.mode, self.current, "search did not find the story")
            self.read_feed("/feed.atom", self.current + " in /feed.atom", "text", story)
            self.read_feed(f"/stories/feed.atom?q={marker}", self.current + " in the saved-search feed", "html", story)

    def broad_pages(self):
        self.current = "broad pages"
        for q in ("alert", "script", "javascript", "onerror", "svg", "summary", "img src"):
            path = "/stories?" + urllib.parse.urlencode({"q": q})
            self.goto(path, f"search {q!r}")
            self.read_feed("/stories/feed.atom?" + urllib.parse.urlencode({"q": q}), f"saved-search feed {q!r}", "html")
        for path in ("/", "/stories", "/stories?sort=newest&page=2", "/themes", "/moderate"):
            self.goto(path, path)
        self.goto("/api/v1/search?q=alert", "/api/v1/search as a page")

    def screenshot(self, path):
        self.current = "screenshot"
        names = [n for n, _, _ in self.inputs]
        wanted = "ordinary-story-with-one-payload"
        marker = f"hx{names.index(wanted) if wanted in names else 0:03d}q"
        page = self.context.new_page()
        page.set_viewport_size({"width": 375, "height": 900})
        page.goto(self.base + f"/stories?q={marker}", wait_until="load")
        href = page.locator(".hits a[href^='/stories/']").first.get_attribute("href")
        page.goto(self.base + href, wait_until="load")
        page.screenshot(path=str(path), full_page=True)
        page.close()

    def close(self):
        self.context.close()


def run_mode(binary, chromium, mode, inputs, failures, screenshot):
    with tempfile.TemporaryDirectory(prefix=f"chorus-browser-{mode}-") as tmp:
        workdir = Path(tmp)
        server, base, password = start_server(binary, workdir, disable_csp=(mode == "no-csp"))
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(
                    executable_path=chromium,
                    args=["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking"],
                )
                run = Run(browser, base, password, mode, failures, inputs)
                run.self_test()
                run.check_csp_mode()
                run.submit_all()
                run.sign_in()
                run.approve_and_read_all()
                run.broad_pages()
                if screenshot:
                    run.screenshot(screenshot)
                run.close()
                browser.close()
                return run
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            if failures.items:
                log = (workdir / "server.log").read_text(errors="replace")[-2000:]
                if log.strip():
                    print(f"--- server log ({mode}), last lines:\n{log}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("chorus", help="path of the chorus binary to test")
    parser.add_argument("--chromium", default="/usr/bin/chromium")
    parser.add_argument("--inputs", default=str(HERE / "hostile_inputs.txt"))
    parser.add_argument("--screenshot", help="save a 375 px wide story page here (PNG)")
    parser.add_argument("--limit", type=int, help="use only the first N inputs (for a quick try)")
    parser.add_argument("--mode", choices=["csp", "no-csp", "both"], default="both")
    args = parser.parse_args()

    inputs = load_inputs(Path(args.inputs))
    if args.limit:
        inputs = inputs[: args.limit]
    failures = Failures()
    started = time.monotonic()
    totals = {"pages": 0, "summaries": 0, "dom": 0, "hooks": 0, "external": 0}
    modes = ["csp", "no-csp"] if args.mode == "both" else [args.mode]
    for mode in modes:
        t = time.monotonic()
        run = run_mode(args.chorus, args.chromium, mode, inputs, failures,
                       args.screenshot if mode == modes[-1] else None)
        totals["pages"] += run.pages_checked
        totals["summaries"] += run.summaries_checked
        totals["dom"] += run.dom_checks
        totals["hooks"] += len(run.hook_events)
        totals["external"] += len(run.external_requests)
        print(f"browser test [{mode}]: {len(inputs)} inputs, {run.pages_checked} pages and feeds, "
              f"{run.summaries_checked} feed summaries read, hooks fired = {len(run.hook_events)}, "
              f"{time.monotonic() - t:.0f}s", flush=True)
    elapsed = time.monotonic() - started
    passed = not failures.items
    print(
        f"browser test: {len(inputs)} hostile inputs x {len(modes)} runs ({'/'.join(modes)}), "
        f"{totals['pages']} pages and feeds checked ({totals['dom']} DOM checks, {totals['summaries']} feed summaries), "
        f"hooks fired = {totals['hooks']}, external requests = {totals['external']}, "
        f"failures = {len(failures.items)}, {elapsed:.0f}s"
    )
    if not passed:
        for item in failures.items[:50]:
            print("  " + item)
    # One case per input per run, plus any failure outside the inputs (sign-in, broad pages).
    failed = len(failures.cases)
    failed_inputs = sum(1 for _, where in failures.cases if where.startswith("input "))
    print(f"{len(inputs) * len(modes) - failed_inputs} passed, {failed} failed")
    sys.exit(0 if passed else 1)


if __name__ == "__main__":
    main()
