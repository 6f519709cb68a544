#!/usr/bin/env bash
# Parity on code the front-ends were never tuned on: Python packages from Debian's dist-packages
# (torch, numpy, pip, setuptools, hypothesis, pygments, onnx, future, attr, click) against radon cc,
# and JS/TS from npm packages (lodash, express, axios, preact, jquery, moment, react-dom, vue, rxjs,
# zod, immer, redux, body-parser, qs) against ESLint complexity + sonarjs cognitive-complexity.
#
#   npm run build && bash bench/parity/unseen.sh [workdir]
#
# Needs radon (apt-get install radon), python3-torch and python3-numpy (apt) for their sources, and
# the npm registry. Results: the last lines of each step; see RESULTS-python.md / RESULTS-javascript.md.
set -euo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
WORK=${1:-$(mktemp -d)}
DP=/usr/lib/python3/dist-packages

mkdir -p "$WORK/py"
for p in hypothesis pygments setuptools onnx numpy pip torch future attr click; do
  [ -d "$DP/$p" ] && cp -r "$DP/$p" "$WORK/py/"
done
find "$WORK/py" -name __pycache__ -prune -exec rm -rf {} +
find "$WORK/py" -type f ! -name '*.py' -delete
echo "python files: $(find "$WORK/py" -name '*.py' | wc -l)"
radon cc -s -j "$WORK/py" > "$WORK/py-cc.json"
node "$ROOT/bench/parity/python-cc.mjs" "$WORK/py-cc.json"

mkdir -p "$WORK/npm" "$WORK/js"
(cd "$WORK/npm" && npm init -y >/dev/null && npm install --ignore-scripts --no-audit --no-fund \
  lodash@4.18.1 express@5.3.0 axios@1.21.1 preact@11.2.0 jquery@4.0.0 moment@2.31.0 react-dom@19.3.1 \
  vue@3.5.45 rxjs@7.8.2 zod@4.6.7 immer@11.2.10 redux@5.0.1 >/dev/null)
cd "$WORK/npm/node_modules"
for p in lodash express/lib axios/lib preact/src jquery/src moment/src react-dom/cjs/react-dom.development.js \
  vue/dist/vue.cjs.js rxjs/src zod/src immer/src redux/src body-parser/lib qs/lib; do
  [ -e "$p" ] && cp -r "$p" "$WORK/js/$(echo "$p" | tr '/' '_')"
done
rm -f "$WORK/js/lodash/"*.min.js "$WORK/js/lodash/lodash.js"
cd "$ROOT"
node bench/parity/javascript.mjs --extra "$WORK/js" --json "$WORK/js-parity.json" | tail -5
