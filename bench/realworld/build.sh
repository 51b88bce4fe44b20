#!/usr/bin/env bash
# Builds the real-world harnesses (bench/realworld/harnesses/) over the Debian library sources
# that fetch.sh unpacks, in five variants each, into build/realworld/bin/:
#   <name>-plain           no instrumentation, with the replay driver (replay_main.cc)
#   <name>-libfuzzer       clang -fsanitize=fuzzer (the library with -fsanitize=fuzzer-no-link)
#   <name>-hivefuzz-guard  hivefuzz's wrappers with HIVEFUZZ_INSTRUMENTATION=guard
#   <name>-hivefuzz        hivefuzz's wrappers, default instrumentation (the variable unset)
#   <name>-cov             clang source-based coverage, with the replay driver
# and two built only when asked for (--variants), for bugs.sh:
#   <name>-libfuzzer-asan  libfuzzer with AddressSanitizer
#   <name>-hivefuzz-asan   hivefuzz with AddressSanitizer
# Everything is -O2 with line tables in DWARF 4 (which valgrind 3.19 reads). The library sources
# are compiled directly from the lists below (no configure); build.sh writes a build.ninja and
# runs ninja, so a second run rebuilds only what changed.
#
# Run bench/realworld/build.sh --help for the flags.
set -euo pipefail
export LC_ALL=C
cd "$(dirname "$0")/../.."
root=$PWD

usage() {
  cat <<'EOF'
Usage: bench/realworld/build.sh [flags]

Fetches the library sources that are missing (bench/realworld/fetch.sh), builds hivefuzz's
release preset when BUILD_DIR has no compiler wrappers yet, and builds every harness in every
variant into OUT/bin/<harness>-<variant>.

Flags:
  --build DIR        hivefuzz build directory with bin/hivefuzz-clang (default build/release;
                     built with `cmake --preset release` when it is the default and missing)
  --no-engine-build  do not run `cmake --build DIR` first (by default it brings the engine
                     and the wrappers up to date; a no-op when they are)
  --harnesses LIST   comma-separated harnesses (default: all of bench/realworld/harnesses/)
  --variants LIST    comma-separated variants (default plain,libfuzzer,hivefuzz-guard,hivefuzz,cov;
                     also libfuzzer-asan, hivefuzz-asan)
  --out DIR          output directory (default build/realworld)
  --upstream         build over the upstream releases without Debian's patches (fetch.sh
                     --upstream; sources in build/realworld/src-upstream)
  -j N               parallel jobs (default nproc)
  -h, --help         this text
The library sources come from HIVEFUZZ_REALWORLD_DIR (default build/realworld/src, or
build/realworld/src-upstream with --upstream).
EOF
}
die() {
  echo "build: error: $*" >&2
  exit 2
}
say() { echo "build: $*" >&2; }

default_variants=(plain libfuzzer hivefuzz-guard hivefuzz cov)
all_variants=("${default_variants[@]}" libfuzzer-asan hivefuzz-asan)
build=build/release engine_build=1 harnesses_list="" variants_list="" out=build/realworld upstream=0
jobs=$(nproc)
need_value() { [[ $# -ge 2 && -n $2 ]] || die "$1 needs a value (see --help)"; }
while [[ $# -gt 0 ]]; do
  case $1 in
    --build) need_value "$@"; build=$2; shift ;;
    --no-engine-build) engine_build=0 ;;
    --harnesses) need_value "$@"; harnesses_list=$2; shift ;;
    --variants) need_value "$@"; variants_list=$2; shift ;;
    --out) need_value "$@"; out=$2; shift ;;
    --upstream) upstream=1 ;;
    -j) need_value "$@"; jobs=$2; shift ;;
    -h | --help) usage; exit 0 ;;
    *) die "unknown flag '$1' (see --help)" ;;
  esac
  shift
done
[[ $jobs =~ ^[1-9][0-9]*$ ]] || die "-j needs a positive integer"

# ---- what there is to build --------------------------------------------------------------------
# Each library: its Debian source package and its sources, relative to the unpacked package.
declare -A package sources
package[zlib]=zlib
sources[zlib]="adler32.c crc32.c deflate.c inffast.c inflate.c inftrees.c trees.c zutil.c"
package[libpng]=libpng1.6
sources[libpng]="png.c pngerror.c pngget.c pngmem.c pngpread.c pngread.c pngrio.c pngrtran.c
  pngrutil.c pngset.c pngtrans.c pngwio.c pngwrite.c pngwtran.c pngwutil.c"
package[expat]=expat
sources[expat]="expat/lib/xmlparse.c expat/lib/xmlrole.c expat/lib/xmltok.c"
package[re2]=re2
sources[re2]="util/rune.cc util/strutil.cc re2/bitstate.cc re2/compile.cc re2/dfa.cc
  re2/filtered_re2.cc re2/mimics_pcre.cc re2/nfa.cc re2/onepass.cc re2/parse.cc re2/prefilter.cc
  re2/prefilter_tree.cc re2/prog.cc re2/re2.cc re2/regexp.cc re2/set.cc re2/simplify.cc
  re2/stringpiece.cc re2/tostring.cc"
package[lua]=lua5.4
# The core and the auxiliary library: what loading (compiling) and dumping a chunk needs.
sources[lua]="src/lapi.c src/lcode.c src/lctype.c src/ldebug.c src/ldo.c src/ldump.c src/lfunc.c
  src/lgc.c src/llex.c src/lmem.c src/lobject.c src/lopcodes.c src/lparser.c src/lstate.c
  src/lstring.c src/ltable.c src/ltm.c src/lundump.c src/lvm.c src/lzio.c src/lauxlib.c"
package[cjson]=cjson
sources[cjson]="cJSON.c"
# Each harness: the libraries it links, in link order.
declare -A harness_libs
harness_libs[expat_xml]="expat"
harness_libs[zlib_inflate]="zlib"
harness_libs[libpng_read]="libpng zlib"
harness_libs[re2_match]="re2"
harness_libs[lua_load]="lua"
harness_libs[cjson_parse]="cjson"

all_harnesses=()
for src in bench/realworld/harnesses/*.c bench/realworld/harnesses/*.cc; do
  [[ -f $src ]] || continue
  name=$(basename "${src%.*}")
  [[ -n ${harness_libs[$name]:-} ]] || die "harness $src has no entry in build.sh's harness_libs"
  all_harnesses+=("$name")
done
if [[ -n $harnesses_list ]]; then IFS=, read -r -a harnesses <<<"$harnesses_list"; else harnesses=("${all_harnesses[@]}"); fi
if [[ -n $variants_list ]]; then IFS=, read -r -a variants <<<"$variants_list"; else variants=("${default_variants[@]}"); fi
for h in "${harnesses[@]}"; do
  [[ " ${all_harnesses[*]} " == *" $h "* ]] || die "no harness '$h'; there are: ${all_harnesses[*]}"
done
for v in "${variants[@]}"; do
  [[ " ${all_variants[*]} " == *" $v "* ]] || die "no variant '$v'; there are: ${all_variants[*]}"
done
libs=()
for h in "${harnesses[@]}"; do
  for l in ${harness_libs[$h]}; do [[ " ${libs[*]} " == *" $l "* ]] || libs+=("$l"); done
done

# ---- prerequisites -----------------------------------------------------------------------------
command -v ninja >/dev/null || die "ninja not found (tools/install-deps.sh installs ninja-build)"
command -v clang >/dev/null || die "clang not found (tools/install-deps.sh)"
if [[ " ${libs[*]} " == *" re2 "* ]]; then
  # re2's Unicode tables are generated from the unicode-data package's files.
  [[ -f /usr/share/unicode/UnicodeData.txt ]] ||
    die "/usr/share/unicode/UnicodeData.txt not found: re2's tables need it (tools/install-deps.sh --realworld installs unicode-data)"
fi
needed_packages=()
for l in "${libs[@]}"; do needed_packages+=("${package[$l]}"); done
if [[ $upstream -eq 1 ]]; then
  bench/realworld/fetch.sh --upstream "${needed_packages[@]}"
  src_dir=$(cd "${HIVEFUZZ_REALWORLD_DIR:-build/realworld/src-upstream}" && pwd)
else
  bench/realworld/fetch.sh "${needed_packages[@]}"
  src_dir=$(cd "${HIVEFUZZ_REALWORLD_DIR:-build/realworld/src}" && pwd)
fi

if [[ " ${variants[*]} " == *" hivefuzz"* ]]; then
  if [[ ! -x $build/bin/hivefuzz-clang ]]; then
    [[ $build == build/release ]] ||
      die "$build/bin/hivefuzz-clang not found: build hivefuzz there first"
    say "no hivefuzz build in build/release: cmake --preset release && cmake --build --preset release"
    cmake --preset release >&2
    cmake --build --preset release -j "$jobs" >&2
  elif [[ $engine_build -eq 1 ]]; then
    say "bringing $build up to date (cmake --build; --no-engine-build skips this)"
    cmake --build "$build" -j "$jobs" >&2
  fi
  [[ -x $build/bin/hivefuzz-clang++ ]] || die "$build/bin/hivefuzz-clang++ was not built"
fi
hf_bin=$(cd "$build" 2>/dev/null && pwd)/bin

mkdir -p "$out/bin"
out=$(cd "$out" && pwd)
gen=$out/gen

# ---- build.ninja -------------------------------------------------------------------------------
debug_flags="-gline-tables-only -gdwarf-4"
# C and C++ compilers, extra compile flags and link command of each variant.
declare -A variant_cc variant_cxx variant_flags variant_link
variant_cc[plain]=clang
variant_cxx[plain]=clang++
variant_flags[plain]=""
variant_cc[libfuzzer]=clang
variant_cxx[libfuzzer]=clang++
variant_flags[libfuzzer]="-fsanitize=fuzzer-no-link"
variant_cc[hivefuzz-guard]="env HIVEFUZZ_INSTRUMENTATION=guard $hf_bin/hivefuzz-clang"
variant_cxx[hivefuzz-guard]="env HIVEFUZZ_INSTRUMENTATION=guard $hf_bin/hivefuzz-clang++"
variant_flags[hivefuzz-guard]=""
variant_cc[hivefuzz]="env -u HIVEFUZZ_INSTRUMENTATION $hf_bin/hivefuzz-clang"
variant_cxx[hivefuzz]="env -u HIVEFUZZ_INSTRUMENTATION $hf_bin/hivefuzz-clang++"
variant_flags[hivefuzz]=""
variant_cc[cov]=clang
variant_cxx[cov]=clang++
variant_flags[cov]="-fprofile-instr-generate -fcoverage-mapping"
# AddressSanitizer with frame pointers: the bugs.sh variants, whose reports name the bug.
asan_flags="-fsanitize=address -fno-omit-frame-pointer"
variant_cc[libfuzzer-asan]=clang
variant_cxx[libfuzzer-asan]=clang++
variant_flags[libfuzzer-asan]="-fsanitize=fuzzer-no-link $asan_flags"
variant_cc[hivefuzz-asan]=${variant_cc[hivefuzz]}
variant_cxx[hivefuzz-asan]=${variant_cxx[hivefuzz]}
variant_flags[hivefuzz-asan]=$asan_flags
variant_link[plain]="clang++ -O2 \$in -o \$out -pthread -lm"
variant_link[libfuzzer]="clang++ -O2 -fsanitize=fuzzer \$in -o \$out -pthread -lm"
variant_link[hivefuzz-guard]="${variant_cxx[hivefuzz-guard]} -O2 \$in -o \$out -pthread -lm"
variant_link[hivefuzz]="${variant_cxx[hivefuzz]} -O2 \$in -o \$out -pthread -lm"
variant_link[libfuzzer-asan]="clang++ -O2 -fsanitize=fuzzer,address \$in -o \$out -pthread -lm"
variant_link[hivefuzz-asan]="${variant_cxx[hivefuzz]} -O2 -fsanitize=address \$in -o \$out -pthread -lm"
variant_link[cov]="clang++ -O2 -fprofile-instr-generate \$in -o \$out -pthread -lm"

# Include directories and defines of each library (also given to the harnesses that use it).
declare -A lib_flags
lib_flags[zlib]="-I$src_dir/zlib"
lib_flags[libpng]="-I$gen/libpng -I$src_dir/libpng1.6"
lib_flags[expat]="-I$root/bench/realworld/config/expat -I$src_dir/expat/expat/lib"
lib_flags[re2]="-I$src_dir/re2 -pthread"
lib_flags[lua]="-I$gen/lua -I$src_dir/lua5.4/src -DLUA_USE_POSIX"
lib_flags[cjson]="-I$src_dir/cjson"
# Generated headers a library's sources (and its harnesses) include, and generated sources.
declare -A lib_headers
lib_headers[libpng]="$gen/libpng/pnglibconf.h"
lib_headers[lua]="$gen/lua/lua5.4-deb-multiarch.h"
re2_tables="$gen/re2/perl_groups.cc $gen/re2/unicode_casefold.cc $gen/re2/unicode_groups.cc"
multiarch=$(dpkg-architecture -qDEB_HOST_MULTIARCH 2>/dev/null || echo x86_64-linux-gnu)

# What the hivefuzz variants depend on beyond their sources: a compile on the wrappers and any
# shared object of the build (a compiler plugin the wrappers load), a link also on the engine's
# archives; so a changed engine or instrumentation rebuilds them.
compile_inputs="" engine_inputs=""
if [[ -d $hf_bin ]]; then
  compile_inputs="$hf_bin/hivefuzz-clang $hf_bin/hivefuzz-clang++"
  compile_inputs+=$(find "$hf_bin/../lib" -maxdepth 1 -name '*.so' 2>/dev/null | sort | sed 's/^/ /' | tr -d '\n')
  engine_inputs="$compile_inputs"
  engine_inputs+=$(find "$hf_bin/../lib" -maxdepth 1 -name '*.a' 2>/dev/null | sort | sed 's/^/ /' | tr -d '\n')
fi

ninja_file=$out/build.ninja
# Two measurements started at once (coverage.sh --engines, one per core) each run build.sh: the
# second waits here, or both would write build.ninja and run ninja in one directory together.
exec {build_lock}>"$out/.build.lock"
flock "$build_lock"
{
  echo "# Generated by bench/realworld/build.sh; edit that script instead."
  echo "ninja_required_version = 1.10"
  echo "builddir = $out"
  echo "# Each build statement of this rule sets command, with its paths written out."
  echo "rule generate"
  echo "  command = \$command"
  echo "  description = generate \$out"
  for v in "${variants[@]}"; do
    for lang in c cxx; do
      if [[ $lang == c ]]; then compiler=${variant_cc[$v]} std="-std=gnu11"; else compiler=${variant_cxx[$v]} std="-std=c++17"; fi
      echo "rule ${lang}_$v"
      echo "  command = $compiler $std -O2 $debug_flags ${variant_flags[$v]} \$flags -MD -MF \$out.d -c \$in -o \$out"
      echo "  depfile = \$out.d"
      echo "  deps = gcc"
      echo "  description = $v \$in"
    done
    echo "rule link_$v"
    echo "  command = ${variant_link[$v]}"
    echo "  description = link \$out"
  done

  # Generated files (the same for every variant), for the libraries built.
  if [[ " ${libs[*]} " == *" libpng "* ]]; then
    echo "build $gen/libpng/pnglibconf.h: generate $src_dir/libpng1.6/scripts/pnglibconf.h.prebuilt"
    echo "  command = mkdir -p $gen/libpng && cp $src_dir/libpng1.6/scripts/pnglibconf.h.prebuilt $gen/libpng/pnglibconf.h"
  fi
  # Debian's luaconf.h patch includes it for the C module path (unused by the harness).
  echo "build $gen/lua/lua5.4-deb-multiarch.h: generate"
  echo "  command = mkdir -p $gen/lua && echo '#define DEB_HOST_MULTIARCH \"$multiarch\"' > $gen/lua/lua5.4-deb-multiarch.h"
  [[ " ${libs[*]} " == *" re2 "* ]] && re2_table_names="perl_groups unicode_casefold unicode_groups" || re2_table_names=""
  for table in $re2_table_names; do
    if [[ $table == perl_groups ]]; then
      script=$src_dir/re2/re2/make_perl_groups.pl tool=perl
    else
      script=$src_dir/re2/re2/make_$table.py tool=python3
    fi
    echo "build $gen/re2/$table.cc: generate $script"
    # (The scripts read /usr/share/unicode: the unicode-data package.)
    echo "  command = mkdir -p $gen/re2 && cd $src_dir/re2 && $tool $script > $gen/re2/$table.cc.tmp && mv $gen/re2/$table.cc.tmp $gen/re2/$table.cc"
  done

  echo "rule archive"
  echo "  command = rm -f \$out && ar rcs \$out \$in"
  echo "  description = ar \$out"
  # The replay driver, compiled once without instrumentation.
  echo "rule cxx_driver"
  echo "  command = clang++ -std=c++17 -O2 $debug_flags -Wall -Wextra -MD -MF \$out.d -c \$in -o \$out"
  echo "  depfile = \$out.d"
  echo "  deps = gcc"
  echo "  description = driver \$in"
  echo "build $out/obj/replay_main.o: cxx_driver $root/bench/realworld/replay_main.cc"
  # cost.sh's shim that runs a hivefuzz fuzzer's engine child under valgrind.
  echo "rule shared_library"
  echo "  command = clang -O2 -Wall -Wextra -shared -fPIC \$in -o \$out -ldl"
  echo "  description = shared library \$out"
  echo "build $out/lib/child_under_valgrind.so: shared_library $root/bench/realworld/child_under_valgrind.c"
  for v in "${variants[@]}"; do
    declare -A lib_objects=()
    implicit=""
    [[ $v == hivefuzz* && -n $compile_inputs ]] && implicit=" | $compile_inputs"
    for l in "${libs[@]}"; do
      objects=""
      files=()
      for s in ${sources[$l]}; do files+=("$src_dir/${package[$l]}/$s"); done
      if [[ $l == re2 ]]; then
        read -r -a tables <<<"$re2_tables"
        files+=("${tables[@]}")
      fi
      order_only=""
      [[ -n ${lib_headers[$l]:-} ]] && order_only=" || ${lib_headers[$l]}"
      for f in "${files[@]}"; do
        lang=c
        [[ $f == *.cc ]] && lang=cxx
        object=$out/obj/$v/$l/$(basename "${f%.*}").o
        echo "build $object: ${lang}_$v $f$implicit$order_only"
        echo "  flags = -w ${lib_flags[$l]}"
        objects+=" $object"
      done
      # Linked as an archive: a harness gets only the objects it references.
      echo "build $out/obj/$v/lib$l.a: archive$objects"
      lib_objects[$l]=" $out/obj/$v/lib$l.a"
    done
    for h in "${harnesses[@]}"; do
      source=$(ls bench/realworld/harnesses/"$h".c* | head -1)
      lang=c
      [[ $source == *.cc ]] && lang=cxx
      flags="-Wall -Wextra"
      objects=""
      order_only=""
      for l in ${harness_libs[$h]}; do
        flags+=" ${lib_flags[$l]}"
        objects+=${lib_objects[$l]}
        [[ -n ${lib_headers[$l]:-} ]] && order_only+="${order_only:+ }${lib_headers[$l]}"
      done
      echo "build $out/obj/$v/$h.o: ${lang}_$v $root/$source$implicit${order_only:+ || $order_only}"
      echo "  flags = $flags"
      driver=""
      [[ $v == plain || $v == cov ]] && driver=" $out/obj/replay_main.o"
      link_implicit=""
      [[ $v == hivefuzz* && -n $engine_inputs ]] && link_implicit=" | $engine_inputs"
      echo "build $out/bin/$h-$v: link_$v $out/obj/$v/$h.o$objects$driver$link_implicit"
    done
    unset lib_objects
  done
} >"$ninja_file.tmp"
mv "$ninja_file.tmp" "$ninja_file"

say "building ${harnesses[*]} (${variants[*]}) with ninja -j $jobs in $out"
start=$(date +%s)
ninja -C "$out" -f "$ninja_file" -j "$jobs" >&2
say "done in $(($(date +%s) - start)) s; binaries in $out/bin"
