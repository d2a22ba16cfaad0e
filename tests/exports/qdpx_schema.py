#!/usr/bin/env python3
"""The REFI-QDA export checked against the REFI-QDA Project schema, from outside.

Imports and publishes `stories/` with the real `chorus` binary into a temporary archive, exports
it with `chorus export --format qdpx` (the whole archive, and a search), and checks each file:
`project.qde` is valid against `Project.xsd` (the schema the QDA programs read), every
`internal://` source it names is in the ZIP, and every coding's positions fall inside its text.

    python3 tests/exports/qdpx_schema.py path/to/chorus --xsd path/to/Project.xsd

`.ci/run` takes the schema from the source distribution of the PyPI package `pyrefiqda`, which
ships the REFI-QDA standard's schema files; it is not copied into this repository.
"""

import argparse
import pathlib
import subprocess
import sys
import tempfile
import zipfile

from lxml import etree

NS = {"q": "urn:QDA-XML:project:1.0"}
ROOT = pathlib.Path(__file__).resolve().parents[2]


def run(args):
    done = subprocess.run(args, capture_output=True, text=True)
    if done.returncode != 0:
        sys.exit(f"{args[:2]} failed ({done.returncode}):\n{done.stderr[-2000:]}")


def check(path, schema):
    """Problems with the QDPX file at `path`; empty when it is sound. Also the number of sources."""
    problems = []
    with zipfile.ZipFile(path) as z:
        names = set(z.namelist())
        if "project.qde" not in names:
            return ["no project.qde in the archive"], 0
        doc = etree.fromstring(z.read("project.qde"))
        if not schema.validate(etree.ElementTree(doc)):
            problems += [f"schema: line {e.line}: {e.message}" for e in schema.error_log]
        sources = doc.findall(".//q:Sources/q:TextSource", NS)
        for source in sources:
            uri = source.get("plainTextPath", "")
            inner = "sources/" + uri.removeprefix("internal://")
            if not uri.startswith("internal://") or inner not in names:
                problems.append(f"source {source.get('name')!r}: {uri!r} is not in the archive")
                continue
            length = len(z.read(inner).decode("utf-8"))
            for sel in source.findall("q:PlainTextSelection", NS):
                try:
                    start, end = int(sel.get("startPosition")), int(sel.get("endPosition"))
                except (TypeError, ValueError):
                    problems.append(f"{inner}: a coding without whole-number positions")
                    continue
                if not 0 <= start <= end <= length:
                    problems.append(f"{inner}: coding {start}..{end} outside its {length} characters")
    return problems, len(sources)


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("chorus", help="the chorus binary")
    parser.add_argument("--xsd", required=True, help="REFI-QDA Project.xsd")
    opts = parser.parse_args()
    schema = etree.XMLSchema(etree.parse(opts.xsd))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        dirs = ["--data-dir", f"{tmp}/data", "--index-dir", f"{tmp}/index"]
        run([opts.chorus, "import", "--publish", *dirs, str(ROOT / "stories")])
        for label, extra in [("whole archive", []), ("a search", ["--query", "ward"])]:
            out = f"{tmp}/export.qdpx"
            run([opts.chorus, "export", "--format", "qdpx", "--out", out, *dirs, *extra])
            problems, sources = check(out, schema)
            if sources == 0:
                problems.append("no sources exported")
            print(f"{label}: {sources} sources, {len(problems)} problems")
            for p in problems[:20]:
                print("  " + p)
            failed |= bool(problems)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
