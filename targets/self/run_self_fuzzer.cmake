# Runs one self-fuzzer for the ctest budget: cmake -DFUZZER=bin -DSEEDS=dir -DSCRATCH=dir
# [-DDICT=file] -DRUNS=n -P run_self_fuzzer.cmake. Fails unless the fuzzer exits 0.
file(REMOVE_RECURSE ${SCRATCH})
file(MAKE_DIRECTORY ${SCRATCH}/corpus ${SCRATCH}/artifacts)
set(args -fuzztime=${RUNS}x -parallel=2 -seed_corpus=${SEEDS} -cache_dir=
    -artifact_prefix=${SCRATCH}/artifacts/)
if(DICT)
  list(APPEND args -dict=${DICT})
endif()
execute_process(COMMAND ${FUZZER} ${args} ${SCRATCH}/corpus RESULT_VARIABLE rc)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "${FUZZER} exited with ${rc}; the failing input is in ${SCRATCH}/artifacts")
endif()
