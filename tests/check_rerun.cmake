# cmake -DPROGRAM=<exe> -DARGS=<a|b|...> -DWORK=<dir> [-DOUT=ON] -P check_rerun.cmake
#
# Bit-identical reruns: the program runs twice with the same arguments (the same --seed, the
# same number of BLAS threads), each with its own --out directory when OUT is on (and
# --export, when ARGS hold the word EXPORT, replaced by a directory of its own); what it prints must be the same byte
# for byte once the times are taken out, and every file it wrote must be identical.
file(REMOVE_RECURSE "${WORK}")
string(REPLACE "|" ";" ARGS "${ARGS}")
foreach(run IN ITEMS a b)
  file(MAKE_DIRECTORY "${WORK}/${run}")
  string(REPLACE "EXPORT" "${WORK}/${run}/export" args "${ARGS}")
  if(OUT)
    list(APPEND args --out "${WORK}/${run}/out")
  endif()
  execute_process(COMMAND "${PROGRAM}" ${args}
                  OUTPUT_VARIABLE out_${run} ERROR_VARIABLE err_${run} RESULT_VARIABLE rc_${run}
                  WORKING_DIRECTORY "${WORK}/${run}")
  if(NOT rc_${run} EQUAL 0)
    message(FATAL_ERROR "run ${run} of ${PROGRAM} ${args} exited with ${rc_${run}}:\n${out_${run}}${err_${run}}")
  endif()
  # Times and memory are not results: "(0.25 s)", "0.34 ms", "mean epoch time 0.253 s, peak memory 236 MiB".
  string(REGEX REPLACE "[0-9]+\\.?[0-9]* (s|ms|MiB)" "<t>" out_${run} "${out_${run}}")
  string(REPLACE "${WORK}/${run}" "<work>" out_${run} "${out_${run}}")
endforeach()
if(NOT out_a STREQUAL out_b)
  file(WRITE "${WORK}/a.txt" "${out_a}")
  file(WRITE "${WORK}/b.txt" "${out_b}")
  execute_process(COMMAND diff "${WORK}/a.txt" "${WORK}/b.txt" OUTPUT_VARIABLE diff)
  message(FATAL_ERROR "the two runs printed different results:\n${diff}")
endif()
file(GLOB_RECURSE files RELATIVE "${WORK}/a" "${WORK}/a/*")
list(LENGTH files count)
foreach(f IN LISTS files)
  if(f MATCHES "\\.log$")  # gnuplot's own messages
    continue()
  endif()
  file(SHA256 "${WORK}/a/${f}" ha)
  if(NOT EXISTS "${WORK}/b/${f}")
    message(FATAL_ERROR "the first run wrote ${f}, the second did not")
  endif()
  file(SHA256 "${WORK}/b/${f}" hb)
  if(NOT ha STREQUAL hb)
    message(FATAL_ERROR "the two runs wrote different ${f}")
  endif()
endforeach()
file(REMOVE_RECURSE "${WORK}")
message(STATUS "two runs of ${PROGRAM}: the same output and the same ${count} files")
