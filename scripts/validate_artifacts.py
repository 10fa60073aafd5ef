#!/usr/bin/env python3
"""Checks swiftdbt's artifacts against dbt's published schemas, as dbt tooling reads them.

    validate_artifacts.py TARGET_DIR [--require manifest,run_results,...]

Validates TARGET_DIR/manifest.json (v12), run_results.json (v6), catalog.json (v1) and
sources.json (v3) with dbt-artifacts-parser (PyPI; its pydantic models are generated from
https://schemas.getdbt.com and forbid keys the schema does not declare), which is what dbterd and
other dbt tools parse artifacts with. Files that are absent are skipped unless --require names them.

Prints one line per error, `file: path.to.field: message`, then a count per file; exits 1 when any
file has an error or a required file is missing, 2 when the parser is not installed.

dbt's manifest puts every node type in one `nodes` union, so pydantic reports each wrong field once
per union member (the 3,837 errors a first RTSA manifest had). A node is therefore checked against
the members whose `resource_type` is the node's own, and the member with the fewest errors is
reported: the paths then name the node's real problems.
"""
import argparse
import json
import os
import sys

try:
    from pydantic import BaseModel, ValidationError
    from dbt_artifacts_parser.parsers.catalog.catalog_v1 import CatalogV1
    from dbt_artifacts_parser.parsers.manifest import manifest_v12
    from dbt_artifacts_parser.parsers.run_results.run_results_v6 import RunResultsV6
    from dbt_artifacts_parser.parsers.sources.sources_v3 import SourcesV3
except ImportError as e:  # pragma: no cover - reported to the caller
    print(f"validate_artifacts: dbt-artifacts-parser is not installed ({e}); run scripts/bootstrap.sh test", file=sys.stderr)
    sys.exit(2)

ARTIFACTS = {
    "manifest": ("manifest.json", "https://schemas.getdbt.com/dbt/manifest/v12.json", manifest_v12.ManifestV12),
    "run_results": ("run_results.json", "https://schemas.getdbt.com/dbt/run-results/v6.json", RunResultsV6),
    "catalog": ("catalog.json", "https://schemas.getdbt.com/dbt/catalog/v1.json", CatalogV1),
    "sources": ("sources.json", "https://schemas.getdbt.com/dbt/sources/v3.json", SourcesV3),
}


def _members(annotation):
    """The model classes of a `Union[...]` (or a single model), in declaration order."""
    args = getattr(annotation, "__args__", None)
    if not args:
        return [annotation] if isinstance(annotation, type) and issubclass(annotation, BaseModel) else []
    out = []
    for a in args:
        out.extend(_members(a))
    return out


def _node_members():
    """manifest v12's `nodes` value types, keyed by their `resource_type` literal."""
    value_type = manifest_v12.ManifestV12.model_fields["nodes"].annotation.__args__[1]
    by_type = {}
    for member in _members(value_type):
        literal = member.model_fields["resource_type"].annotation
        for value in getattr(literal, "__args__", ()):
            by_type.setdefault(value, []).append(member)
    return by_type


def _path(loc):
    return ".".join(str(p) for p in loc) or "<root>"


def _errors(model, value):
    try:
        model.model_validate(value)
        return []
    except ValidationError as e:
        return e.errors()


def manifest_errors(doc):
    """(path, message) pairs; `nodes` entries are checked one by one against their own type."""
    out = []
    if not isinstance(doc, dict):
        return [("<root>", "not a JSON object")]
    nodes = doc.get("nodes")
    by_type = _node_members()
    if isinstance(nodes, dict):
        for uid, node in sorted(nodes.items()):
            rtype = node.get("resource_type") if isinstance(node, dict) else None
            members = by_type.get(rtype)
            if not members:
                allowed = ", ".join(sorted(by_type))
                out.append((f"nodes.{uid}.resource_type", f"{rtype!r} is not a node type of manifest v12 (allowed: {allowed})"))
                continue
            best = min((_errors(m, node) for m in members), key=len)
            out.extend((_path(("nodes", uid) + tuple(err["loc"])), err["msg"]) for err in best)
        rest = dict(doc)
        rest["nodes"] = {}
    else:
        rest = doc
    out.extend((_path(err["loc"]), err["msg"]) for err in _errors(manifest_v12.ManifestV12, rest))
    return out


def artifact_errors(kind, doc):
    name, schema, model = ARTIFACTS[kind]
    out = []
    version = doc.get("metadata", {}).get("dbt_schema_version") if isinstance(doc, dict) else None
    if version != schema:
        out.append(("metadata.dbt_schema_version", f"is {version!r}, expected {schema!r}"))
    if kind == "manifest":
        out.extend(manifest_errors(doc))
    else:
        out.extend((_path(err["loc"]), err["msg"]) for err in _errors(model, doc))
    return out


def main(argv):
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("target", help="the target directory (e.g. target/)")
    parser.add_argument("--require", default="", help="comma-separated artifacts that must exist: " + ",".join(ARTIFACTS))
    args = parser.parse_args(argv)
    required = {r for r in args.require.split(",") if r}
    unknown = required - set(ARTIFACTS)
    if unknown:
        parser.error(f"unknown artifact(s) {', '.join(sorted(unknown))}")
    failed = False
    for kind, (name, _, _) in ARTIFACTS.items():
        path = os.path.join(args.target, name)
        if not os.path.exists(path):
            if kind in required:
                print(f"{name}: missing (required)")
                failed = True
            continue
        with open(path, encoding="utf-8") as f:
            try:
                doc = json.load(f)
            except json.JSONDecodeError as e:
                print(f"{name}: not JSON: {e}")
                failed = True
                continue
        errors = artifact_errors(kind, doc)
        for where, message in errors:
            print(f"{name}: {where}: {message}")
        print(f"{name}: {len(errors)} error{'' if len(errors) == 1 else 's'}")
        failed = failed or bool(errors)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
