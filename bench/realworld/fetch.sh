#!/usr/bin/env bash
# Fetches the sources of the libraries that the real-world harnesses fuzz, as Debian source
# packages (the Debian patches applied), into a cache directory, without touching the machine's
# apt configuration: a private sources.list with deb-src lines for the archives and suites the
# machine's own deb lines use, and private lists and cache directories.
#
# Usage: bench/realworld/fetch.sh [--upstream] [PACKAGE[=VERSION] ...]
#   (default: every library build.sh uses). --upstream unpacks the upstream release the package
#   is built from, without Debian's patches (bugs.sh builds it: the bugs Debian patched are there),
#   into build/realworld/src-upstream.
# The cache is build/realworld/src (HIVEFUZZ_REALWORLD_DIR overrides it); each package is
# unpacked into <cache>/<package>/ and its version written to <cache>/<package>.version.
# A package already there is skipped; remove its directory to fetch it again. When the newest
# version cannot be downloaded (a mirror without it), older versions the index lists are tried.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."

default_packages=(expat zlib libpng1.6 re2 lua5.4 cjson)
die() {
  echo "fetch: error: $*" >&2
  exit 2
}
say() { echo "fetch: $*" >&2; }

case "${1:-}" in -h | --help) sed -n '2,14p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;; esac
upstream=0
if [[ ${1:-} == --upstream ]]; then
  upstream=1
  shift
fi
requests=("$@")
[[ ${#requests[@]} -eq 0 ]] && requests=("${default_packages[@]}")

default_dir=build/realworld/src
[[ $upstream -eq 1 ]] && default_dir=build/realworld/src-upstream
dir=${HIVEFUZZ_REALWORLD_DIR:-$default_dir}
mkdir -p "$dir"
dir=$(cd "$dir" && pwd)

todo=()
for request in "${requests[@]}"; do
  package=${request%%=*}
  [[ $package =~ ^[a-z0-9][a-z0-9.+-]+$ ]] || die "'$package' is not a Debian source package name"
  if [[ -d $dir/$package && -f $dir/$package.version ]]; then
    say "$package $(cat "$dir/$package.version"): present in $dir/$package"
  else
    todo+=("$request")
  fi
done
[[ ${#todo[@]} -eq 0 ]] && exit 0

command -v dpkg-source >/dev/null ||
  die "dpkg-source not found: tools/install-deps.sh --realworld installs dpkg-dev"

# ---- a private sources.list: deb-src twins of the machine's Debian deb lines -------------------
# Reads one-line entries (sources.list, sources.list.d/*.list) and deb822 ones
# (sources.list.d/*.sources); keeps those whose URI is a Debian archive (.../debian or
# .../debian-security), so third-party repositories the machine may have are left out.
machine_deb_src_lines() {
  local files=() f
  [[ -f /etc/apt/sources.list ]] && files+=(/etc/apt/sources.list)
  for f in /etc/apt/sources.list.d/*.list; do [[ -f $f ]] && files+=("$f"); done
  [[ ${#files[@]} -gt 0 ]] && awk '
    /^[ \t]*deb[ \t]/ {
      sub(/^[ \t]*deb[ \t]+/, "")
      options = ""
      if ($0 ~ /^\[/) { options = substr($0, 1, index($0, "]")) " "; $0 = substr($0, index($0, "]") + 1) }
      sub(/[ \t]*#.*$/, "")
      if ($1 ~ /\/debian(-security)?\/?$/) { $1 = $1; print "deb-src " options $0 }
    }' "${files[@]}"
  local sources=()
  for f in /etc/apt/sources.list.d/*.sources; do [[ -f $f ]] && sources+=("$f"); done
  [[ ${#sources[@]} -gt 0 ]] && awk '
    function flush(   nu, ns, u, s, uris, suites, opt) {
      if (types ~ /(^|[ \t])deb([ \t]|$)/ && enabled != "no" && uri_list != "") {
        opt = (signed ~ /^\//) ? "[signed-by=" signed "] " : ""
        nu = split(uri_list, uris, /[ \t]+/); ns = split(suite_list, suites, /[ \t]+/)
        for (u = 1; u <= nu; u++) for (s = 1; s <= ns; s++)
          if (uris[u] ~ /\/debian(-security)?\/?$/ && suites[s] != "")
            print "deb-src " opt uris[u] " " suites[s] " " components
      }
      types = uri_list = suite_list = components = signed = enabled = ""
    }
    /^[ \t]*#/ { next }
    /^[ \t]*$/ { flush(); next }
    /^[^ \t]/ {
      key = tolower(substr($0, 1, index($0, ":") - 1)); value = substr($0, index($0, ":") + 1)
      gsub(/^[ \t]+|[ \t]+$/, "", value)
      if (key == "types") types = value
      else if (key == "uris") uri_list = value
      else if (key == "suites") suite_list = value
      else if (key == "components") components = value
      else if (key == "signed-by") signed = value
      else if (key == "enabled") enabled = tolower(value)
    }
    END { flush() }' "${sources[@]}"
  return 0
}

apt_dir=$dir/apt
mkdir -p "$apt_dir/lists/partial" "$apt_dir/cache/archives/partial"
machine_deb_src_lines | sort -u >"$apt_dir/sources.list.new"
[[ -s $apt_dir/sources.list.new ]] ||
  die "found no Debian 'deb' line in /etc/apt/sources.list or /etc/apt/sources.list.d/"
mv "$apt_dir/sources.list.new" "$apt_dir/sources.list"
apt_options=(
  -o "Dir::Etc::SourceList=$apt_dir/sources.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$apt_dir/lists" -o "Dir::Cache=$apt_dir/cache"
)
# apt downloads as the unprivileged _apt user, who cannot write into a root-owned private dir.
[[ $(id -u) -eq 0 ]] && apt_options+=(-o APT::Sandbox::User=root)

say "apt-get update with $apt_dir/sources.list:"
sed 's/^/    /' "$apt_dir/sources.list" >&2
apt-get "${apt_options[@]}" -qq update >&2

# The versions of source package $1 the index lists, newest first.
versions_newest_first() {
  local sorted=() v i j
  while read -r v; do
    sorted+=("$v")
    for ((i = ${#sorted[@]} - 1; i > 0; i--)); do
      j=$((i - 1))
      dpkg --compare-versions "${sorted[i]}" gt "${sorted[j]}" || break
      v=${sorted[i]} sorted[i]=${sorted[j]} sorted[j]=$v
    done
  done < <(apt-cache "${apt_options[@]}" showsrc "$1" 2>/dev/null |
    awk -v p="$1" '/^Package: /{name=$2} /^Version: /{if (name == p) print $2}' | sort -u)
  printf '%s\n' "${sorted[@]}"
}

downloads=$dir/downloads
mkdir -p "$downloads"
failed=()
for request in "${todo[@]}"; do
  package=${request%%=*}
  if [[ $request == *=* ]]; then
    candidates=("${request#*=}")
  else
    mapfile -t candidates < <(versions_newest_first "$package")
    [[ ${#candidates[@]} -gt 0 && -n ${candidates[0]} ]] || {
      say "$package: no such source package in the index"
      failed+=("$package")
      continue
    }
  fi
  fetched=""
  for version in "${candidates[@]}"; do
    say "$package $version: downloading"
    if (cd "$downloads" && apt-get "${apt_options[@]}" -qq source --download-only "$package=$version" >&2); then
      fetched=$version
      break
    fi
    say "$package $version: download failed; trying an older version"
  done
  if [[ -z $fetched ]]; then
    failed+=("$package")
    continue
  fi
  dsc=$downloads/${package}_${fetched#*:}.dsc
  # Unpacked beside the downloads (dpkg-source puts a copy of the .orig tarball beside its
  # target), then moved into place, so an interrupted run never leaves a half tree as present.
  rm -rf "$downloads/$package.tmp"
  unpack_options=(--no-check)
  [[ $upstream -eq 1 ]] && unpack_options+=(--skip-patches)
  dpkg-source "${unpack_options[@]}" -x "$dsc" "$downloads/$package.tmp" >/dev/null
  rm -rf "${dir:?}/$package"
  mv "$downloads/$package.tmp" "$dir/$package"
  if [[ $upstream -eq 1 ]]; then
    echo "$fetched, upstream: Debian's patches not applied" >"$dir/$package.version"
  else
    echo "$fetched" >"$dir/$package.version"
  fi
  say "$package $(cat "$dir/$package.version"): unpacked into $dir/$package"
done
[[ ${#failed[@]} -eq 0 ]] || die "could not fetch: ${failed[*]}"
