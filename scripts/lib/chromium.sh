# The admin dashboard's browser test drives Debian's Chromium (Playwright never downloads a browser here).
# Sourced by scripts/test.
source "$(dirname "${BASH_SOURCE[0]}")/apt.sh"

chromium_ensure_installed() {
    [ -x /usr/bin/chromium ] && return 0
    apt_install chromium && [ -x /usr/bin/chromium ]
}
