# Debian's Chromium for the officer UI's end-to-end tests (apps/officer-ui/src/e2e), driven by
# playwright-core with executablePath /usr/bin/chromium. Sourced by .ci/run with `set -euo pipefail`.
# Under CI=true those tests fail instead of skipping when Chromium is missing. DejaVu covers Latin and
# Arabic glyphs for the screenshots.
if [ ! -x /usr/bin/chromium ]; then
  apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core >/dev/null
fi
echo "Chromium for the officer UI e2e: $(/usr/bin/chromium --version 2>/dev/null || echo missing)"
