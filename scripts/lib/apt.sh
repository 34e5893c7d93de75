# Installs the Debian packages a script needs when they are missing (sourced by scripts/lib/postgres.sh and
# scripts/lib/chromium.sh). Only root can install; anyone else is told which package to install.

apt_install() {
    echo "Installing $* with apt-get..." >&2
    if [ "$(id -u)" -ne 0 ]; then
        echo "Run as root (or install the Debian package(s) '$*' yourself) so they can be installed." >&2
        return 1
    fi
    DEBIAN_FRONTEND=noninteractive apt-get update -qq >/dev/null &&
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "$@" >/dev/null
}
