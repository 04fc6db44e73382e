#!/usr/bin/env python3
"""Every example file validates against `pmo schema project|pool`, the committed copies in
examples/.schemas/ equal what pmo prints, and the schemas reject a typo."""
import glob
import json
import os
import subprocess
import sys

import jsonschema
import yaml

pmo, root = sys.argv[1], sys.argv[2]


class Loader(yaml.SafeLoader):
    """YAML 1.2 reads dates as strings, as yaml-language-server does; PyYAML (1.1) would make them dates."""


Loader.add_constructor("tag:yaml.org,2002:timestamp", lambda l, n: l.construct_scalar(n))

schemas = {}
for kind in ("project", "pool"):
    out = subprocess.run([pmo, "schema", kind], capture_output=True, text=True, check=True).stdout
    schemas[kind] = json.loads(out)
    jsonschema.Draft7Validator.check_schema(schemas[kind])
    committed = os.path.join(root, "examples", ".schemas", f"{kind}.schema.json")
    if open(committed).read() != out:
        sys.exit(f"{committed} is stale: run 'pmo schema {kind} -o {committed}'")

checked = 0
for path in sorted(glob.glob(os.path.join(root, "examples", "**", "*.yaml"), recursive=True)):
    if "/invalid/" in path or "/templates/" in path:
        continue
    with open(path) as f:
        doc = yaml.load(f, Loader=Loader)
    kind = "project" if "project" in doc else "pool"
    errors = list(jsonschema.Draft7Validator(schemas[kind]).iter_errors(doc))
    if errors:
        for e in errors[:5]:
            print(f"{path}: {list(e.path)}: {e.message}")
        sys.exit(1)
    checked += 1

bad = {"project": {"id": "x", "name": "X", "start": "2027-01-01"}, "tasks": [{"id": "a", "name": "A", "dependson": ["b"]}]}
if jsonschema.Draft7Validator(schemas["project"]).is_valid(bad):
    sys.exit("the project schema accepts an unknown key")
# pmo reads a dependency type in any case: what it accepts, the editor must not flag.
good = {"project": {"id": "x", "name": "X", "start": "2027-01-01"},
        "tasks": [{"id": "a", "name": "A", "duration": "1d"},
                  {"id": "b", "name": "B", "duration": "1d", "depends": [{"task": "a", "type": "ss"}]}]}
for e in jsonschema.Draft7Validator(schemas["project"]).iter_errors(good):
    sys.exit(f"the project schema rejects what pmo accepts: {list(e.path)}: {e.message}")
print(f"{checked} example files valid against the schemas")
