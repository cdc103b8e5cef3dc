#!/usr/bin/env python3
"""Adds up the outcomes of every .trx file (VSTest's TRX logger) under the given directories.

Prints one line per .trx file, then, as its last line, exactly:
    N passed, N failed, N skipped
Counts the outcome of every UnitTestResult (the rows of a data-driven test one by one): failed counts
Failed/Error/Timeout/Aborted/Disconnected, passed counts Passed/PassedButRunAborted/Warning, the rest
(NotExecuted, which is where MSTest's Assert.Inconclusive lands, Inconclusive, NotRunnable, ...) is
skipped. A test project with no tests, or no .trx at all, counts as zeros.
Exit status: 1 when a test failed or a run did not complete, else 0.

usage: count-trx.py DIR_OR_FILE...
"""
import os
import sys
import xml.etree.ElementTree as ET

NS = "{http://microsoft.com/schemas/VisualStudio/TeamTest/2010}"
# UnitTestResult outcomes. Counters in ResultSummary are no help for skips: VSTest leaves a skipped
# (Assert.Inconclusive) test out of every counter but "total", so the results themselves are counted.
PASSED = {"Passed", "PassedButRunAborted", "Warning"}
FAILED = {"Failed", "Error", "Timeout", "Aborted", "Disconnected"}
# Anything else (NotExecuted, Inconclusive, NotRunnable, Pending, ...) is a skip.
FAILED_COUNTERS = ("failed", "error", "timeout", "aborted")


def trx_files(paths):
    for path in paths:
        if os.path.isfile(path):
            yield path
        for root, _, files in sorted(os.walk(path)):
            for name in sorted(files):
                if name.endswith(".trx"):
                    yield os.path.join(root, name)


def leaf_outcomes(results):
    """The outcome of each test: a data-driven parent with InnerResults counts as its rows."""
    for result in results.findall(f"{NS}UnitTestResult"):
        inner = result.find(f"{NS}InnerResults")
        if inner is not None and inner.find(f"{NS}UnitTestResult") is not None:
            yield from leaf_outcomes(inner)
        else:
            yield result.get("outcome", "")


def count(path):
    """Returns (passed, failed, skipped, run outcome) of one .trx file."""
    root = ET.parse(path).getroot()
    passed = failed = skipped = 0
    results = root.find(f"{NS}Results")
    if results is not None:
        for outcome in leaf_outcomes(results):
            if outcome in PASSED:
                passed += 1
            elif outcome in FAILED:
                failed += 1
            else:
                skipped += 1
    summary = root.find(f"{NS}ResultSummary")
    if summary is None:
        return passed, failed, skipped, "NoSummary"
    counters = summary.find(f"{NS}Counters")
    if counters is not None:
        # A failure the results do not show (e.g. a test host crash) must not vanish from the count.
        counted = sum(int(counters.get(k, "0") or 0) for k in FAILED_COUNTERS)
        failed = max(failed, counted)
    return passed, failed, skipped, summary.get("outcome", "Unknown")


def main(argv):
    if len(argv) < 2:
        print(__doc__.strip(), file=sys.stderr)
        return 2
    passed = failed = skipped = 0
    incomplete = False
    for path in trx_files(argv[1:]):
        try:
            p, f, s, outcome = count(path)
        except ET.ParseError as error:  # a test host killed while writing
            print(f"{path}: unreadable ({error})")
            incomplete = True
            continue
        print(f"{os.path.basename(path)}: {p} passed, {f} failed, {s} skipped ({outcome})")
        # Completed/Passed/Warning are normal ends; Failed with no failed test means the run itself broke.
        if outcome in ("Aborted", "Error", "Timeout", "NoSummary") or (outcome == "Failed" and f == 0):
            incomplete = True
        passed, failed, skipped = passed + p, failed + f, skipped + s
    if incomplete:
        print("count-trx.py: at least one test run did not complete (see its .trx)")
    print(f"{passed} passed, {failed} failed, {skipped} skipped")
    return 1 if failed or incomplete else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
