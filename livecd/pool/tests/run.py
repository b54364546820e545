#!/usr/bin/env python3
"""The pool's unit tests (test_*.py here) against the package as staged for
the dom0 root: run.py TREE (make check-pool-unit gives $(O)/pool/tree).
One PASS or FAIL line per test, then "N passed, N failed" as every suite."""
import os
import sys
import unittest


class Result(unittest.TestResult):
    def __init__(self):
        super().__init__()
        self.passed = 0

    def addSuccess(self, test):
        self.passed += 1
        print("PASS " + name(test), flush=True)

    def addFailure(self, test, err):
        super().addFailure(test, err)
        print("FAIL " + name(test) + "\n" + self.failures[-1][1], flush=True)

    def addError(self, test, err):
        super().addError(test, err)
        print("FAIL " + name(test) + "\n" + self.errors[-1][1], flush=True)


def name(test):
    """The test's module and docstring (or method name): what it checks."""
    doc = test.shortDescription()
    return "%s: %s" % (test.__class__.__module__, doc or test._testMethodName)


def main():
    if len(sys.argv) != 2 or not os.path.isdir(os.path.join(sys.argv[1], "usr/lib/xenlive/pool/xenlive_pool")):
        print("pool unit tests: give the staged tree with usr/lib/xenlive/pool/xenlive_pool (make check-pool-unit).",
              file=sys.stderr)
        return 2
    sys.path.insert(0, os.path.join(os.path.abspath(sys.argv[1]), "usr/lib/xenlive/pool"))
    here = os.path.dirname(os.path.abspath(__file__))
    suite = unittest.defaultTestLoader.discover(here, pattern="test_*.py", top_level_dir=here)
    result = Result()
    suite.run(result)
    failed = len(result.failures) + len(result.errors)
    # A module that does not import shows as a failed test of its own.
    print("%d passed, %d failed" % (result.passed, failed))
    return 1 if failed or not result.passed else 0


if __name__ == "__main__":
    sys.exit(main())
