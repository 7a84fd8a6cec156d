# Runs every test case of the Boost.Test executable EXE on its own and checks that each one
# FAILS with a message naming an exercise ("exercise N.M (...) is not implemented yet").
# Used on the exercise tests built against the stubs in exercises/: a test case that passed
# there would be a test that cannot fail.
if(NOT EXE)
  message(FATAL_ERROR "usage: cmake -DEXE=path/to/test -P expect_every_case_fails.cmake")
endif()

execute_process(COMMAND ${EXE} --list_content ERROR_VARIABLE listing OUTPUT_VARIABLE listing_out
                RESULT_VARIABLE rc)
string(APPEND listing "${listing_out}")
string(REPLACE "\n" ";" lines "${listing}")

set(path_stack "")
set(cases "")
foreach(line IN LISTS lines)
  if(NOT line MATCHES "^( *)([A-Za-z0-9_]+)\\*?$")
    continue()
  endif()
  string(LENGTH "${CMAKE_MATCH_1}" indent)
  math(EXPR depth "${indent} / 4")
  set(name "${CMAKE_MATCH_2}")
  list(LENGTH path_stack n)
  while(n GREATER depth)
    list(POP_BACK path_stack)
    list(LENGTH path_stack n)
  endwhile()
  list(APPEND path_stack "${name}")
  list(JOIN path_stack "/" full)
  list(APPEND cases "${full}")
endforeach()

# A suite is a prefix of another entry; keep only the leaves (the test cases).
set(leaves "")
foreach(c IN LISTS cases)
  set(is_suite FALSE)
  foreach(d IN LISTS cases)
    string(FIND "${d}" "${c}/" pos)
    if(pos EQUAL 0)
      set(is_suite TRUE)
      break()
    endif()
  endforeach()
  if(NOT is_suite)
    list(APPEND leaves "${c}")
  endif()
endforeach()

list(LENGTH leaves count)
if(count EQUAL 0)
  message(FATAL_ERROR "no test cases found in ${EXE} --list_content:\n${listing}")
endif()

set(passed_on_stubs "")
set(silent_failures "")
foreach(c IN LISTS leaves)
  execute_process(COMMAND ${EXE} --run_test=${c} --log_level=error --report_level=no
                  OUTPUT_VARIABLE out ERROR_VARIABLE err RESULT_VARIABLE rc)
  if(rc EQUAL 0)
    list(APPEND passed_on_stubs "${c}")
  elseif(NOT "${out}${err}" MATCHES "exercise [0-9]+\\.[0-9]+ \\([^)]*\\) is not implemented yet")
    list(APPEND silent_failures "${c}")
    message(STATUS "${c} failed without naming an exercise:\n${out}${err}")
  else()
    string(REGEX MATCH "exercise [0-9]+\\.[0-9]+ \\([^)]*\\)" which "${out}${err}")
    message(STATUS "fails on the stubs as it should: ${c}  [${which}]")
  endif()
endforeach()

if(passed_on_stubs OR silent_failures)
  message(FATAL_ERROR "test cases that pass against the stubs (they cannot fail): ${passed_on_stubs}\n"
                      "test cases that fail on the stubs without naming the exercise: ${silent_failures}")
endif()
message(STATUS "all ${count} test cases fail against the stubs, each naming its exercise")
