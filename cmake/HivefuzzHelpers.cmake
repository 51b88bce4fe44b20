# Build helpers: the only places that set warnings, sanitizers and coverage instrumentation.
# engine_add_library / engine_add_test / engine_add_bench for hivefuzz itself, and
# hivefuzz_add_fuzzer and hivefuzz_add_fuzz_test, the functions that instrument target sources
# and link the engine.

# Warnings and "never instrument the engine" for every engine, test and bench translation unit.
add_library(hivefuzz_build_flags INTERFACE)
target_compile_options(hivefuzz_build_flags INTERFACE
  -Wall -Wextra -Wthread-safety -Wno-missing-field-initializers
  # If a parent project passes coverage flags globally, the engine must still stay uninstrumented.
  -fno-sanitize-coverage=trace-pc-guard,trace-cmp,inline-8bit-counters,pc-table)
if(HIVEFUZZ_WERROR)
  target_compile_options(hivefuzz_build_flags INTERFACE -Werror)
endif()

# The sanitizer of this build: engine, tests and targets all get the same one.
add_library(hivefuzz_sanitizer INTERFACE)
if(HIVEFUZZ_SANITIZER STREQUAL "address")
  set(_hf_san -fsanitize=address,undefined -fno-sanitize-recover=undefined)
elseif(HIVEFUZZ_SANITIZER STREQUAL "thread")
  set(_hf_san -fsanitize=thread)
elseif(HIVEFUZZ_SANITIZER STREQUAL "undefined")
  set(_hf_san -fsanitize=undefined -fno-sanitize-recover=undefined)
elseif(NOT HIVEFUZZ_SANITIZER STREQUAL "")
  message(FATAL_ERROR "HIVEFUZZ_SANITIZER must be '', address, thread or undefined")
endif()
if(_hf_san)
  target_compile_options(hivefuzz_sanitizer INTERFACE ${_hf_san} -fno-omit-frame-pointer)
  target_link_options(hivefuzz_sanitizer INTERFACE ${_hf_san})
endif()
set(HIVEFUZZ_SANITIZER_FLAGS "${_hf_san}" CACHE INTERNAL "")

# Flags that instrument a target's own sources (never the engine's), chosen by
# hivefuzz_choose_instrumentation() once the pass plugin's fate is known:
# - inline: the pass plugin (instrumentation/): inline per-thread edge counters, comparison
#   callbacks reached only while the thread records;
# - guard: SanitizerCoverage's trace-pc-guard and trace-cmp callbacks, the fallback.
# Either way the string and memory compares stay real calls (no builtin expansion), so the
# interceptors or sanitizer hooks see them, as clang's -fsanitize=fuzzer arranges for libFuzzer,
# the code is optimized for fuzzing as libFuzzer's is (the `optforfuzzing` attribute:
# SimplifyCFG keeps a small `if` a branch, with an edge, rather than a select), and functions
# that call others track the stack's depth (__sancov_lowest_stack, engine/coverage/runtime.h).
# The plugin does both itself; for the callbacks -fsanitize=fuzzer-no-link sets the attribute
# and stack-depth, with its other coverage kinds taken back out.
set(HIVEFUZZ_GUARD_COVERAGE_FLAGS
    -fsanitize=fuzzer-no-link
    -fno-sanitize-coverage=inline-8bit-counters,pc-table,indirect-calls
    -fsanitize-coverage=trace-pc-guard,trace-cmp,stack-depth CACHE INTERNAL "")
set(HIVEFUZZ_NO_BUILTIN_COMPARE_FLAGS
    -fno-builtin-memcmp -fno-builtin-bcmp -fno-builtin-strcmp -fno-builtin-strncmp
    -fno-builtin-strcasecmp -fno-builtin-strncasecmp -fno-builtin-strstr
    -fno-builtin-strcasestr -fno-builtin-memmem CACHE INTERNAL "")

# What a fuzzer executable exports so that instrumented shared libraries it dlopen()s (not
# only those it links) find the coverage runtime: the instrumentation's entry points and the
# thread-local counter and table pointers, and the lowest stack pointer.
set(HIVEFUZZ_EXPORT_RUNTIME_LINK_FLAGS
    "-Wl,--export-dynamic-symbol=__hivefuzz_*,--export-dynamic-symbol=__sanitizer_cov_*,\
--export-dynamic-symbol=__sancov_lowest_stack"
    CACHE INTERNAL "")

# Sets HIVEFUZZ_INSTRUMENTATION_USED (inline or guard), HIVEFUZZ_PASS_PLUGIN_PATH and
# HIVEFUZZ_COVERAGE_FLAGS from the HIVEFUZZ_INSTRUMENTATION choice and whether the plugin target
# exists.
function(hivefuzz_choose_instrumentation)
  set(plugin_path "")
  if(TARGET hivefuzz_coverage_pass)
    set(plugin_path "${CMAKE_BINARY_DIR}/lib/hivefuzz-coverage-pass.so")
  endif()
  if(HIVEFUZZ_INSTRUMENTATION STREQUAL "inline" AND NOT plugin_path)
    message(FATAL_ERROR "HIVEFUZZ_INSTRUMENTATION=inline needs the coverage pass plugin, which "
                        "needs llvm-${_hf_clang_major}-dev (tools/install-deps.sh installs it)")
  endif()
  if(plugin_path AND NOT HIVEFUZZ_INSTRUMENTATION STREQUAL "guard")
    set(used inline)
    set(flags "-fpass-plugin=${plugin_path}")
  else()
    set(used guard)
    set(flags ${HIVEFUZZ_GUARD_COVERAGE_FLAGS})
  endif()
  message(STATUS "hivefuzz: targets are instrumented with ${used} coverage")
  set(HIVEFUZZ_INSTRUMENTATION_USED ${used} CACHE INTERNAL "")
  set(HIVEFUZZ_PASS_PLUGIN_PATH "${plugin_path}" CACHE INTERNAL "")
  set(HIVEFUZZ_COVERAGE_FLAGS ${flags} ${HIVEFUZZ_NO_BUILTIN_COMPARE_FLAGS} CACHE INTERNAL "")
endfunction()

function(engine_add_library name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_library(${name} STATIC ${ARG_SOURCES})
  target_include_directories(${name} PUBLIC
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine>
    $<BUILD_INTERFACE:${PROJECT_SOURCE_DIR}/engine/include>)
  target_link_libraries(${name} PUBLIC ${ARG_DEPS} PRIVATE hivefuzz_build_flags hivefuzz_sanitizer)
  set_target_properties(${name} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

function(engine_add_test name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} GTest::gtest GTest::gtest_main
                        hivefuzz_build_flags hivefuzz_sanitizer)
  target_include_directories(${name} PRIVATE ${PROJECT_SOURCE_DIR}/tests)
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST
    PROPERTIES ENVIRONMENT "HIVEFUZZ_BIN_DIR=${CMAKE_BINARY_DIR}/bin")
endfunction()

function(engine_add_bench name)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_link_libraries(${name} PRIVATE ${ARG_DEPS} benchmark::benchmark hivefuzz_build_flags
                        hivefuzz_sanitizer)
endfunction()

# hivefuzz_add_fuzzer(<name> SOURCES <files...> [LINK_LIBRARIES <libs...>])
# Builds a fuzzer binary: the SOURCES are instrumented for coverage, the engine and its main()
# are linked in. The sources define LLVMFuzzerTestOneInput, as for libFuzzer.
function(hivefuzz_add_fuzzer name)
  hivefuzz_instrumented_executable(${name} hivefuzz::fuzzer ${ARGN})
endfunction()

# hivefuzz_add_fuzz_test(<name> SOURCES <files...> [LINK_LIBRARIES <libs...>])
# Builds a GoogleTest binary of fuzz tests (hivefuzz/fuzz_test.h): the SOURCES are instrumented
# for coverage; the engine, GoogleTest and the fuzz tests' main() are linked in; ctest runs each
# test in regression mode (gtest_discover_tests). `<name> -fuzz=<Test>` fuzzes one.
function(hivefuzz_add_fuzz_test name)
  hivefuzz_instrumented_executable(${name} hivefuzz::fuzz_test ${ARGN})
  gtest_discover_tests(${name} DISCOVERY_MODE PRE_TEST)
endfunction()

# The executable `name` of instrumented SOURCES, linked with `runtime` and LINK_LIBRARIES.
function(hivefuzz_instrumented_executable name runtime)
  cmake_parse_arguments(ARG "" "" "SOURCES;LINK_LIBRARIES" ${ARGN})
  add_executable(${name} ${ARG_SOURCES})
  target_compile_options(${name} PRIVATE ${HIVEFUZZ_COVERAGE_FLAGS} -g)
  target_link_libraries(${name} PRIVATE ${runtime} ${ARG_LINK_LIBRARIES})
  hivefuzz_instrumented_by_plugin(${name} ${ARG_SOURCES})
endfunction()

# Makes `target`'s `sources`, compiled with HIVEFUZZ_COVERAGE_FLAGS, wait for (and rebuild after)
# the pass plugin when it instruments them.
function(hivefuzz_instrumented_by_plugin target)
  if(HIVEFUZZ_INSTRUMENTATION_USED STREQUAL "inline")
    add_dependencies(${target} hivefuzz_coverage_pass)
    set_property(SOURCE ${ARGN} TARGET_DIRECTORY ${target} APPEND PROPERTY
                 OBJECT_DEPENDS "${HIVEFUZZ_PASS_PLUGIN_PATH}")
  endif()
endfunction()
