#!/bin/sh
# The generator's validation and output: see tests/gen/run.sh.
exec sh "$(dirname "$0")/gen/run.sh" "${WARDGEN:-build/check/wardgen}"
