"""scripts/check_imports.py on small made-up packages: each kind of mismatch is reported, nothing else."""

import os
import sys
import tempfile
import unittest

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import check_imports  # noqa: E402

PACKAGE = '''// swift-tools-version:6.0
import PackageDescription
let package = Package(name: "p", targets: [
    .target(name: "A"),
    .target(name: "B", dependencies: [
        "A",  // a comment naming "C" is not a dependency
        .product(name: "Yams", package: "Yams"),
    ]),
    .testTarget(name: "BTests", dependencies: ["B"]),
])
'''


def make(files):
    root = tempfile.mkdtemp()
    for path, text in files.items():
        os.makedirs(os.path.join(root, os.path.dirname(path)), exist_ok=True)
        with open(os.path.join(root, path), "w", encoding="utf-8") as f:
            f.write(text)
    return root


class CheckImportsTests(unittest.TestCase):
    def test_a_consistent_package_passes(self):
        root = make({
            "Package.swift": PACKAGE,
            "Sources/A/a.swift": "import Foundation\n",
            "Sources/B/b.swift": "import A\n@preconcurrency import Yams\n#if canImport(Glibc)\nimport Glibc\n#endif\n",
            "Tests/BTests/t.swift": "import Testing\n@testable import B\nlet s = \"\"\"\nimport A\n\"\"\"\n",
        })
        self.assertEqual(check_imports.check(root), [])

    def test_undeclared_import_and_unused_declaration_are_both_reported(self):
        root = make({
            "Package.swift": PACKAGE,
            "Sources/A/a.swift": "",
            "Sources/B/b.swift": "import A\n",
            "Tests/BTests/t.swift": "import A\nimport B\n",
        })
        problems = check_imports.check(root)
        self.assertEqual(len(problems), 2, problems)
        report = "\n".join(problems)
        self.assertIn("Tests/BTests/t.swift:1: error: BTests imports A, which its Package.swift entry does not declare", report)
        self.assertIn("Package.swift: error: B declares Yams but none of its files import it", report)


if __name__ == "__main__":
    unittest.main()
