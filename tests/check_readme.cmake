# cmake -DREADME=<README.md> -DCHAPTERS=<build>/chapters.txt -P check_readme.cmake
#
# README's chapter table is written for readers; the ordered chapter list is the build's
# (chapters/CMakeLists.txt). This test keeps them together: every chapter the build knows has a
# row in README that names its program and links its page.
file(READ "${README}" readme)
file(STRINGS "${CHAPTERS}" lines)
set(missing "")
foreach(line IN LISTS lines)
  string(REGEX REPLACE "\t.*" "" chapter "${line}")
  if(NOT readme MATCHES "`${chapter}`" OR NOT readme MATCHES "chapters/${chapter}/README\\.md")
    list(APPEND missing ${chapter})
  endif()
endforeach()
if(missing)
  message(FATAL_ERROR "README.md's chapter table lacks a row naming `NN_topic` and linking chapters/NN_topic/README.md "
                      "for: ${missing}")
endif()
list(LENGTH lines count)
message(STATUS "README.md lists all ${count} chapters")
