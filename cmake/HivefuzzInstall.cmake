# cmake --install: the engine's archives, the fuzz tests' archives and public header, the
# coverage pass plugin and a package config, so that a project uses hivefuzz with
# find_package(hivefuzz) and hivefuzz_add_fuzzer / hivefuzz_add_fuzz_test, without vendoring it.
include(GNUInstallDirs)
include(CMakePackageConfigHelpers)

set(_hf_install_libdir "${CMAKE_INSTALL_LIBDIR}/hivefuzz")
set(_hf_installed hivefuzz_main hivefuzz_gtest hivefuzz_gtest_main hf_cmp_interceptors
    ${HIVEFUZZ_ENGINE_ARCHIVES})
if(TARGET hf_malloc_override)
  list(APPEND _hf_installed hf_malloc_override)
  set(HIVEFUZZ_USES_MIMALLOC ON)
else()
  set(HIVEFUZZ_USES_MIMALLOC OFF)
endif()
foreach(lib IN LISTS _hf_installed)
  install(FILES "$<TARGET_FILE:${lib}>" DESTINATION "${_hf_install_libdir}")
endforeach()
install(FILES "${PROJECT_SOURCE_DIR}/engine/include/hivefuzz/fuzz_test.h"
        DESTINATION "${CMAKE_INSTALL_INCLUDEDIR}/hivefuzz")
set(HIVEFUZZ_INSTALLED_PLUGIN "")
if(HIVEFUZZ_INSTRUMENTATION_USED STREQUAL "inline")
  install(FILES "${HIVEFUZZ_PASS_PLUGIN_PATH}" DESTINATION "${_hf_install_libdir}")
  set(HIVEFUZZ_INSTALLED_PLUGIN "hivefuzz-coverage-pass.so")
endif()

# The config is written from plain variables: the lists become CMake lists in the file.
string(REPLACE ";" " " HIVEFUZZ_ENGINE_ARCHIVE_NAMES "${HIVEFUZZ_ENGINE_ARCHIVES}")
string(REPLACE ";" " " HIVEFUZZ_CONFIG_SANITIZER_FLAGS "${HIVEFUZZ_SANITIZER_FLAGS}")
string(REPLACE ";" " " HIVEFUZZ_CONFIG_GUARD_FLAGS "${HIVEFUZZ_GUARD_COVERAGE_FLAGS}")
string(REPLACE ";" " " HIVEFUZZ_CONFIG_NO_BUILTIN_FLAGS "${HIVEFUZZ_NO_BUILTIN_COMPARE_FLAGS}")
configure_file("${PROJECT_SOURCE_DIR}/cmake/hivefuzzConfig.cmake.in"
               "${CMAKE_BINARY_DIR}/package/hivefuzzConfig.cmake" @ONLY)
write_basic_package_version_file("${CMAKE_BINARY_DIR}/package/hivefuzzConfigVersion.cmake"
                                 COMPATIBILITY SameMinorVersion)
install(FILES "${CMAKE_BINARY_DIR}/package/hivefuzzConfig.cmake"
              "${CMAKE_BINARY_DIR}/package/hivefuzzConfigVersion.cmake"
        DESTINATION "${CMAKE_INSTALL_LIBDIR}/cmake/hivefuzz")
