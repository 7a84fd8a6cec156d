# The workbook's own CMake functions.
#
#   wb_add_chapter(NN_topic TITLE "..." [LIBRARY] [LIBRARY_SOURCES file...] [SOURCES file...])
#       in chapters/NN_topic/CMakeLists.txt: builds bin/NN_topic and adds the chapter to the
#       ordered chapter list (the order of the add_subdirectory lines in chapters/).
#   wb_docs_run(NAME name TARGET program [FIGURES] [EXIT status] [ARGS arg...])
#       a run of a chapter program at docs-build time, for its page (docs/CMakeLists.txt).
#   wb_read_catalogue(file.json)
#       reads the exercise catalogue and generates what the C++ code and the docs need from it.
#   wb_write_chapter_list(file)
#       writes the ordered chapter list that ./workbook reads from the build.

include_guard(GLOBAL)


# ---------------------------------------------------------------------------------------------
# Chapters
# ---------------------------------------------------------------------------------------------

# One chapter: chapters/NN_topic/main.cpp (plus SOURCES) becomes bin/NN_topic, compiled against
# the exercise tree of this build (wb::nn). With LIBRARY, the chapter's headers are also a
# target of their own, wb::chNN (include them as "NN_topic/file.hpp"), for the tests and the
# benchmark that use the chapter's code. With LIBRARY_SOURCES, wb::chNN is a library compiled
# from those files: templates the program and its tests would each instantiate again are
# instantiated there once (extern template in the headers, under WB_CHNN_COMPILED).
function(wb_add_chapter name)
  cmake_parse_arguments(arg "LIBRARY" "TITLE" "SOURCES;LIBRARY_SOURCES" ${ARGN})
  if(NOT name MATCHES "^([0-9][0-9])_[a-z0-9_]+$")
    message(FATAL_ERROR "wb_add_chapter: '${name}' is not of the form NN_topic")
  endif()
  set(number ${CMAKE_MATCH_1})
  if(NOT arg_TITLE)
    message(FATAL_ERROR "wb_add_chapter(${name}): give the chapter a TITLE")
  endif()
  add_executable(${name} main.cpp ${arg_SOURCES})
  target_link_libraries(${name} PRIVATE wb::nn wb::core fmt::fmt wb_warnings)
  target_precompile_headers(${name} REUSE_FROM wb_core)
  # A chapter program parses its options, prints, and calls the libraries, where the loops that
  # take time are (wb::nn's training step at -O3, wb::core's readers): -O1 compiles its main.cpp
  # in four fifths of the time and runs it as fast (docs/contributing.md, "Compile time").
  target_compile_options(${name} PRIVATE $<$<CONFIG:Release>:-O1>)
  if(arg_LIBRARY_SOURCES)
    add_library(wb_ch${number} STATIC ${arg_LIBRARY_SOURCES})
    target_include_directories(wb_ch${number} PUBLIC ${PROJECT_SOURCE_DIR}/chapters)
    target_link_libraries(wb_ch${number} PUBLIC wb::nn wb::core PRIVATE wb_warnings)
    target_compile_definitions(wb_ch${number} INTERFACE WB_CH${number}_COMPILED)
    target_precompile_headers(wb_ch${number} REUSE_FROM wb_core)
  elseif(arg_LIBRARY)
    add_library(wb_ch${number} INTERFACE)
    target_include_directories(wb_ch${number} INTERFACE ${PROJECT_SOURCE_DIR}/chapters)
    target_link_libraries(wb_ch${number} INTERFACE wb::nn wb::core)
  endif()
  if(arg_LIBRARY OR arg_LIBRARY_SOURCES)
    add_library(wb::ch${number} ALIAS wb_ch${number})
    target_link_libraries(${name} PRIVATE wb::ch${number})
  endif()
  set_property(GLOBAL APPEND PROPERTY WB_CHAPTERS ${name})
  set_property(GLOBAL PROPERTY WB_CHAPTER_TITLE_${name} "${arg_TITLE}")
endfunction()

# Records a run of a chapter program at docs-build time; docs/CMakeLists.txt turns each into
# a command whose output is NAME.txt (\verbinclude NAME.txt) and, with FIGURES, whose figures
# become NAME_FIGURE.svg (\image html NAME_FIGURE.svg). EXIT is the status the run must end
# with (default 0).
function(wb_docs_run)
  cmake_parse_arguments(arg "FIGURES" "NAME;TARGET;EXIT" "ARGS" ${ARGN})
  if(NOT arg_NAME OR NOT arg_TARGET)
    message(FATAL_ERROR "wb_docs_run: NAME and TARGET are required")
  endif()
  if(NOT DEFINED arg_EXIT)
    set(arg_EXIT 0)
  endif()
  if(arg_FIGURES)
    set(figures FIGURES)
  else()
    set(figures NO_FIGURES)
  endif()
  set_property(GLOBAL APPEND PROPERTY WB_DOCS_RUNS ${arg_NAME})
  set_property(GLOBAL PROPERTY WB_DOCS_RUN_${arg_NAME} ${arg_TARGET} ${figures} ${arg_EXIT} ${arg_ARGS})
endfunction()

# The ordered chapter list, one line per chapter: "NN_topic<TAB>title".
function(wb_write_chapter_list file)
  get_property(chapters GLOBAL PROPERTY WB_CHAPTERS)
  set(text "")
  foreach(c IN LISTS chapters)
    get_property(title GLOBAL PROPERTY WB_CHAPTER_TITLE_${c})
    string(APPEND text "${c}\t${title}\n")
  endforeach()
  _wb_write_if_changed(${file} "${text}")
endfunction()

# ---------------------------------------------------------------------------------------------
# The exercise catalogue
# ---------------------------------------------------------------------------------------------

# Writes `content` to `file` only when it differs, so an unchanged catalogue rebuilds nothing.
function(_wb_write_if_changed file content)
  file(WRITE ${file}.tmp "${content}")
  file(COPY_FILE ${file}.tmp ${file} ONLY_IF_DIFFERENT)
  file(REMOVE ${file}.tmp)
endfunction()

# A C++ raw string literal holding `text`.
function(_wb_cxx_string out text)
  if(text MATCHES "\\)wb\"")
    message(FATAL_ERROR "catalogue: a text contains ')wb\"': ${text}")
  endif()
  set(${out} "R\"wb(${text})wb\"" PARENT_SCOPE)
endfunction()

# A JSON array of strings as a C++ braced list of raw strings; `json` is the catalogue entry.
# Also sets <out>_count and <out>_list (a CMake list: only for fields without brackets or
# semicolons, such as ids; a CMake list would split a hint like "u in [0, 1); p" wrongly).
function(_wb_cxx_strings out json key where)
  string(JSON n ERROR_VARIABLE err LENGTH "${json}" ${key})
  if(err)
    message(FATAL_ERROR "catalogue, ${where}: '${key}' must be a list of strings")
  endif()
  set(joined "")
  set(cmake_list "")
  if(n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON s GET "${json}" ${key} ${i})
      _wb_cxx_string(lit "${s}")
      if(i GREATER 0)
        string(APPEND joined ", ")
      endif()
      string(APPEND joined "${lit}")
      list(APPEND cmake_list "${s}")
    endforeach()
  endif()
  set(${out} "{${joined}}" PARENT_SCOPE)
  set(${out}_list "${cmake_list}" PARENT_SCOPE)
  set(${out}_count ${n} PARENT_SCOPE)
endfunction()

# An entry's "mistakes", a list of {"name": "no_half", "diagnosis": "one line"}, as a C++
# braced list of wb::Mistake; each name of letters, digits and '_', unique in the exercise.
function(_wb_cxx_mistakes out json id)
  string(JSON n ERROR_VARIABLE err LENGTH "${json}" mistakes)
  if(err)
    set(n 0)
  endif()
  set(joined "")
  set(names "")
  if(n GREATER 0)
    math(EXPR last "${n} - 1")
    foreach(i RANGE ${last})
      string(JSON name ERROR_VARIABLE err1 GET "${json}" mistakes ${i} name)
      string(JSON diagnosis ERROR_VARIABLE err2 GET "${json}" mistakes ${i} diagnosis)
      if(err1 OR err2 OR NOT name MATCHES "^[a-z0-9_]+$" OR diagnosis STREQUAL "" OR name IN_LIST names)
        message(FATAL_ERROR "catalogue: exercise ${id}, mistake ${i}: give a unique \"name\" (a-z, 0-9, _) and a \"diagnosis\"")
      endif()
      list(APPEND names ${name})
      _wb_cxx_string(lit "${diagnosis}")
      if(i GREATER 0)
        string(APPEND joined ", ")
      endif()
      string(APPEND joined "{\"${name}\", ${lit}}")
    endforeach()
  endif()
  set(${out} "{${joined}}" PARENT_SCOPE)
endfunction()

# Reads exercises/catalogue.json (see its "about" field) and
#  - checks every entry (fields present, ids unique and in order, 2 or 3 hints and as many
#    Chinese ones, none empty or left in English, prerequisites that come earlier), failing the
#    configuration with the entry's id otherwise;
#  - writes generated/wb/catalogue_data.inc, the table that lib/core/src/catalogue.cpp compiles
#    in (so the stubs' messages, the ./workbook coach and the docs all read this one file);
#  - sets the global properties WB_EXERCISES (ids, in order), WB_EXERCISE_CHAPTERS (chapters
#    with exercises, in order) and WB_EXERCISE_<id>_<field> (chapter, title, title_zh, section,
#    implements, implements_zh, file, functions, tests: the number of test cases), for the docs'
#    pages.
function(wb_read_catalogue file)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS ${file})
  file(READ ${file} json)
  string(JSON count ERROR_VARIABLE err LENGTH "${json}" exercises)
  if(err)
    message(FATAL_ERROR "catalogue ${file}: no list 'exercises' (${err})")
  endif()
  set(rows "")
  set(ids "")
  set(chapters "")
  set(previous_major 0)
  set(previous_minor 0)
  math(EXPR last "${count} - 1")
  foreach(i RANGE ${last})
    string(JSON e GET "${json}" exercises ${i})
    foreach(key id chapter title title_zh file section implements implements_zh)
      string(JSON ${key} ERROR_VARIABLE err GET "${e}" ${key})
      if(err OR "${${key}}" STREQUAL "")
        message(FATAL_ERROR "catalogue ${file}, entry ${i}: '${key}' is missing or empty")
      endif()
    endforeach()
    if(NOT id MATCHES "^([0-9]+)\\.([0-9]+)$")
      message(FATAL_ERROR "catalogue: id '${id}' is not of the form N.M")
    endif()
    set(major ${CMAKE_MATCH_1})
    set(minor ${CMAKE_MATCH_2})
    if(major LESS previous_major OR (major EQUAL previous_major AND minor LESS_EQUAL previous_minor))
      message(FATAL_ERROR "catalogue: exercise ${id} comes after ${previous_major}.${previous_minor}: keep the ids in order")
    endif()
    set(previous_major ${major})
    set(previous_minor ${minor})
    if(NOT chapter MATCHES "^0*${major}_")
      message(FATAL_ERROR "catalogue: exercise ${id} belongs to chapter ${major}, not ${chapter}")
    endif()
    if(NOT EXISTS ${PROJECT_SOURCE_DIR}/${file})
      message(FATAL_ERROR "catalogue: exercise ${id}: no file ${file}")
    endif()
    _wb_cxx_strings(functions "${e}" functions "exercise ${id}")
    _wb_cxx_strings(tests "${e}" tests "exercise ${id}")
    _wb_cxx_strings(needs "${e}" needs "exercise ${id}")
    _wb_cxx_strings(hints "${e}" hints "exercise ${id}")
    _wb_cxx_strings(hints_zh "${e}" hints_zh "exercise ${id}")
    _wb_cxx_mistakes(mistakes "${e}" ${id})
    if(functions_count EQUAL 0)
      message(FATAL_ERROR "catalogue: exercise ${id} names no function")
    endif()
    if(tests_count EQUAL 0)
      message(FATAL_ERROR "catalogue: exercise ${id} has no test case: every exercise must be tested")
    endif()
    if(hints_count LESS 2 OR hints_count GREATER 3)
      message(FATAL_ERROR "catalogue: exercise ${id} has ${hints_count} hints; give 2 or 3, in increasing detail")
    endif()
    # The Chinese hints say what the English ones say, one for one: as many, none empty, none
    # left in English.
    if(NOT hints_zh_count EQUAL hints_count)
      message(FATAL_ERROR "catalogue: exercise ${id} has ${hints_count} hints and ${hints_zh_count} in Chinese (hints_zh); give one Chinese hint for each, in the same order")
    endif()
    math(EXPR last_hint "${hints_count} - 1")
    foreach(k RANGE ${last_hint})
      string(JSON hint GET "${e}" hints ${k})
      string(JSON hint_zh GET "${e}" hints_zh ${k})
      math(EXPR number "${k} + 1")
      if(hint_zh STREQUAL "" OR hint_zh STREQUAL hint)
        message(FATAL_ERROR "catalogue: exercise ${id}, Chinese hint ${number} is empty or the English hint: write it in Chinese")
      endif()
    endforeach()
    foreach(need IN LISTS needs_list)
      if(NOT need IN_LIST ids)
        message(FATAL_ERROR "catalogue: exercise ${id} needs ${need}, which does not come before it")
      endif()
    endforeach()
    list(APPEND ids ${id})
    if(NOT chapter IN_LIST chapters)
      list(APPEND chapters ${chapter})
    endif()
    foreach(key chapter title title_zh section implements implements_zh file)
      set_property(GLOBAL PROPERTY WB_EXERCISE_${id}_${key} "${${key}}")
    endforeach()
    set_property(GLOBAL PROPERTY WB_EXERCISE_${id}_functions ${functions_list})
    set_property(GLOBAL PROPERTY WB_EXERCISE_${id}_tests ${tests_count})
    foreach(key title title_zh file section implements implements_zh)
      _wb_cxx_string(${key}_cxx "${${key}}")
    endforeach()
    string(APPEND rows "    {\"${id}\", \"${chapter}\", ${title_cxx}, ${title_zh_cxx}, ${file_cxx}, ${functions}, ${tests}, "
                       "${needs}, ${section_cxx}, ${implements_cxx}, ${implements_zh_cxx}, ${hints}, ${hints_zh}, "
                       "${mistakes}},\n")
  endforeach()
  set_property(GLOBAL PROPERTY WB_EXERCISES ${ids})
  set_property(GLOBAL PROPERTY WB_EXERCISE_CHAPTERS ${chapters})
  file(MAKE_DIRECTORY ${PROJECT_BINARY_DIR}/generated/wb)
  _wb_write_if_changed(${PROJECT_BINARY_DIR}/generated/wb/catalogue_data.inc
    "// Generated from exercises/catalogue.json by cmake/Workbook.cmake: edit that file, not this.\n${rows}")
endfunction()
