#!/usr/bin/env python3
"""Fails when a target's Swift files import a module its Package.swift entry does not declare, or
when a target declares a dependency none of its files import.

SwiftPM builds an undeclared import as long as some other path happens to build the module first, so
the mistake only shows on a clean build of one target, or as a layer boundary crossed without anyone
deciding it (docs/architecture.md draws the layers from these declarations). Run by `make test`.

    python3 scripts/check_imports.py [package-root]

Package.swift is read with a small parser for the forms it uses: `.target`, `.executableTarget` and
`.testTarget` with `name:`, `dependencies:` (strings and `.product(name:package:)`) and an optional
`path:`. System modules (Foundation, Glibc, Testing, ...) are not dependencies and are ignored.
"""

import os
import re
import sys

SYSTEM_MODULES = {
    "Foundation", "FoundationEssentials", "FoundationNetworking", "FoundationXML", "CoreFoundation",
    "Dispatch", "Glibc", "Musl", "Darwin", "WinSDK", "Android", "Bionic", "os", "Synchronization",
    "_Concurrency", "Observation", "RegexBuilder", "Testing", "XCTest", "Swift", "SwiftShims",
}

TARGET = re.compile(r"\.(target|executableTarget|testTarget)\(\s*name:\s*\"([^\"]+)\"")
IMPORT = re.compile(r"^\s*(?:@\w+(?:\([^)]*\))?\s+)*import\s+(?:(?:typealias|struct|class|enum|protocol|let|var|func)\s+)?([A-Za-z_]\w*)")


def matching_paren(text, start):
    """The index just past the parenthesis that closes the one at `start`, skipping strings and comments."""
    depth, i = 0, start
    while i < len(text):
        c = text[i]
        if c == '"':
            i = text.index('"', i + 1) + 1
            continue
        if text.startswith("//", i):
            i = text.index("\n", i)
            continue
        if c in "([":
            depth += 1
        elif c in ")]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    raise SystemExit("Package.swift: unbalanced parentheses")


def targets(package_text):
    """name -> (kind, declared dependency modules, path or None)."""
    out = {}
    for m in TARGET.finditer(package_text):
        kind, name = m.group(1), m.group(2)
        body = package_text[m.start():matching_paren(package_text, package_text.index("(", m.start()))]
        deps = set()
        dm = re.search(r"dependencies:\s*\[", body)
        if dm:
            block = body[dm.end() - 1:matching_paren(body, dm.end() - 1)]
            block = re.sub(r"//[^\n]*", "", block)
            for product in re.finditer(r"\.product\(\s*name:\s*\"([^\"]+)\"[^)]*\)", block):
                deps.add(product.group(1))
            block = re.sub(r"\.product\([^)]*\)", "", block)
            deps.update(re.findall(r"\"([^\"]+)\"", block))
        pm = re.search(r"\bpath:\s*\"([^\"]+)\"", body)
        out[name] = (kind, deps, pm.group(1) if pm else None)
    return out


def imports(folder):
    """module -> first 'file:line' that imports it, over every .swift file below `folder`."""
    found = {}
    for base, dirs, files in os.walk(folder):
        dirs.sort()
        for f in sorted(files):
            if not f.endswith(".swift"):
                continue
            path = os.path.join(base, f)
            in_text = False  # inside a multi-line string literal, where `import x` is someone else's code
            with open(path, encoding="utf-8") as handle:
                for number, line in enumerate(handle, 1):
                    m = None if in_text else IMPORT.match(line)
                    if line.count('"""') % 2 == 1:
                        in_text = not in_text
                    if m and m.group(1) not in SYSTEM_MODULES:
                        found.setdefault(m.group(1), f"{path}:{number}")
    return found


def check(root):
    with open(os.path.join(root, "Package.swift"), encoding="utf-8") as f:
        declared = targets(f.read())
    problems = []
    for name, (kind, deps, path) in sorted(declared.items()):
        folder = os.path.join(root, path or ("Tests" if kind == "testTarget" else "Sources"), name if not path else "")
        if not os.path.isdir(folder):
            problems.append(f"Package.swift: target {name}: no folder {os.path.relpath(folder, root)}")
            continue
        used = imports(folder)
        swift_files = any(f.endswith(".swift") for _, _, files in os.walk(folder) for f in files)
        for module, where in sorted(used.items()):
            if module == name:
                continue
            if module not in deps:
                problems.append(f"{os.path.relpath(where, root)}: error: {name} imports {module}, "
                                f"which its Package.swift entry does not declare (add \"{module}\" to its dependencies)")
        if not swift_files:
            continue  # a C target: its headers are its interface, nothing to compare
        for module in sorted(deps - set(used)):
            problems.append(f"Package.swift: error: {name} declares {module} but none of its files import it "
                            f"(remove it, or import it where it is used)")
    return problems


def main(argv):
    root = argv[1] if len(argv) > 1 else os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
    problems = check(root)
    for p in problems:
        print(p, file=sys.stderr)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
