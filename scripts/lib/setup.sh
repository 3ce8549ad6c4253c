# Shared by scripts/demo and scripts/check: install what is missing on
# Debian 12 (as root, or through sudo), and configure a build folder.
# Sourced, not run.

TD_ROOT=$(cd "$(dirname "$0")/.." && pwd)

# Debian packages the build and the tests need.
TD_PACKAGES="build-essential autoconf automake libtool pkg-config
  libutf8proc-dev libjansson-dev libinih-dev libhiredis-dev libcmocka-dev
  redis-server unicode-data bzip2 libxml2-dev zlib1g-dev
  libstemmer-dev python3"

td_say() { printf '== %s\n' "$*" >&2; }

td_install_missing() {
    missing=""
    for p in $TD_PACKAGES "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
            missing="$missing $p"
    done
    [ -z "$missing" ] && return 0
    td_say "installing:$missing"
    if [ "$(id -u)" -eq 0 ]; then sudo=""
    elif command -v sudo >/dev/null 2>&1; then sudo="sudo"
    else
        echo "these Debian packages are missing:$missing; install them as root" >&2
        return 1
    fi
    # redis-server's package starts a service; the tests never use it, they
    # start their own on a free port.
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q >/dev/null &&
        $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q $missing >/dev/null
}

# td_configure DIR [CONFIGURE ARGS...]: an out-of-tree build in DIR,
# configured once and reconfigured only when configure changes.
td_configure() {
    dir=$1
    shift
    if [ -f "$TD_ROOT/config.status" ]; then
        echo "the source tree is configured in place; run 'make distclean' there first" \
             "(the scripts build in _build/)" >&2
        return 1
    fi
    if [ ! -x "$TD_ROOT/configure" ] || [ "$TD_ROOT/configure.ac" -nt "$TD_ROOT/configure" ]; then
        td_say "autogen"
        (cd "$TD_ROOT" && ./autogen.sh >/dev/null 2>&1) || {
            (cd "$TD_ROOT" && ./autogen.sh); return 1; }
    fi
    mkdir -p "$dir"
    want="$*"
    if [ ! -f "$dir/config.status" ] || [ "$TD_ROOT/configure" -nt "$dir/config.status" ] ||
       [ "$(cat "$dir/.td-configure-args" 2>/dev/null)" != "$want" ]; then
        td_say "configure $dir $want"
        # autoconf's own probes try to remove a file named "core" and
        # complain that core/ is a folder: harmless, so not shown.
        (cd "$dir" && "$TD_ROOT/configure" "$@" >configure.out 2>&1) || {
            cat "$dir/configure.out" >&2; return 1; }
        printf '%s' "$want" > "$dir/.td-configure-args"
    fi
}

td_jobs() { nproc 2>/dev/null || echo 2; }
