#!/usr/bin/env bash
# Installs what Planboard needs on a fresh Debian/Ubuntu machine, and nothing
# that is already there: `postgres` (the server binaries, for the private
# cluster) or `browser` (Chromium and the e2e node modules).
set -euo pipefail
cd "$(dirname "$0")/.."

sudo_() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }
apt_install() {
  export DEBIAN_FRONTEND=noninteractive
  sudo_ apt-get update -qq
  sudo_ apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# e2e_modules_complete: every package of e2e/package-lock.json is in
# e2e/node_modules at the locked version (a dependency added since the last
# install, or a changed version, means npm ci again).
e2e_modules_complete() {
  command -v node >/dev/null 2>&1 || return 1
  (cd e2e && node -e '
    const fs = require("fs");
    const lock = JSON.parse(fs.readFileSync("package-lock.json", "utf8"));
    for (const [dir, meta] of Object.entries(lock.packages || {})) {
      if (!dir || meta.link) continue;
      let v;
      try { v = JSON.parse(fs.readFileSync(dir + "/package.json", "utf8")).version; } catch { process.exit(1); }
      if (v !== meta.version) process.exit(1);
    }')
}

case "${1:-}" in
postgres)
  if ! ls /usr/lib/postgresql/*/bin/postgres >/dev/null 2>&1 && ! command -v postgres >/dev/null 2>&1; then
    echo "installing PostgreSQL server binaries (apt-get install postgresql)"
    apt_install postgresql
  fi
  if ! command -v go >/dev/null 2>&1 && [ ! -x /usr/local/go/bin/go ]; then
    echo "installing Go (apt-get install golang)"
    apt_install golang
  fi
  if ! command -v pdftotext >/dev/null 2>&1; then
    echo "installing poppler-utils (pdftotext: tests read the PDF export as text)"
    apt_install poppler-utils
  fi
  ;;
browser)
  [ -f e2e/package.json ] || exit 0 # no browser tests in this tree
  if ! command -v chromium >/dev/null 2>&1; then
    echo "installing Chromium (apt-get install chromium)"
    apt_install chromium fonts-dejavu-core
  fi
  if ! command -v soffice >/dev/null 2>&1; then
    # The tests open the XLSX exports in LibreOffice; the GUI-less Calc is
    # about 90 MB to download, under 400 MB installed.
    echo "installing LibreOffice Calc without GUI (tests open the XLSX exports in it)"
    apt_install libreoffice-calc-nogui
  fi
  if [ ! -e /usr/lib/libreoffice/program/libswlo.so ]; then
    # The .docx import and export tests convert HTML to .docx and .docx to
    # PDF, which needs Writer. Debian's GUI-less Writer has no swriter
    # launcher; its library is the sign it is installed.
    echo "installing LibreOffice Writer without GUI (tests open the .docx files in it)"
    apt_install libreoffice-writer-nogui
  fi
  if ! command -v unzip >/dev/null 2>&1; then
    apt_install unzip
  fi
  if ! e2e_modules_complete; then
    if ! command -v npm >/dev/null 2>&1; then
      apt_install nodejs npm
    fi
    (cd e2e && npm ci --no-audit --no-fund --loglevel=error)
  fi
  ;;
*)
  echo "usage: $0 postgres|browser" >&2
  exit 2
  ;;
esac
