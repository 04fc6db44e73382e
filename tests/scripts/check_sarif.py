#!/usr/bin/env python3
"""Validates `pmo check --format sarif` against the SARIF 2.1.0 JSON Schema, on clean and broken portfolios."""
import glob
import json
import os
import subprocess
import sys

import jsonschema

pmo, root = sys.argv[1], sys.argv[2]
# The OASIS schema, committed (tests/data/README.md says where it comes from and its terms).
schema_path = os.path.join(root, "tests", "data", "sarif-2.1.0.json")
with open(schema_path) as f:
    schema = json.load(f)
validator = jsonschema.Draft7Validator(schema)
dirs = [os.path.join(root, "examples")] + sorted(glob.glob(os.path.join(root, "examples", "invalid", "*")))
results = 0
for d in dirs:
    r = subprocess.run([pmo, "check", "-C", d, "--format", "sarif"], capture_output=True, text=True)
    if r.returncode not in (0, 1, 2):
        sys.exit(f"{d}: exit {r.returncode}")
    doc = json.loads(r.stdout)
    errors = sorted(validator.iter_errors(doc), key=lambda e: list(e.path))
    if errors:
        for e in errors[:5]:
            print(f"{d}: {list(e.path)}: {e.message}")
        sys.exit(1)
    results += len(doc["runs"][0]["results"])
if results == 0:
    sys.exit("no SARIF results at all: the invalid examples should produce some")
print(f"{len(dirs)} SARIF logs valid, {results} results")
