# cmake -DPROGRAM=<exe> -DARGS=<a;b;...> -DOUTPUT=<NAME.txt> -DWORKDIR=<dir> [-DEXIT=<status>]
#       [-DFIGURES_FROM=<dir> -DFIGURES_TO=<dir> -DPREFIX=<NAME>] -P run_program.cmake
#
# Runs a chapter program at docs-build time and keeps what it printed, so a page can show
# the real output (\verbinclude NAME.txt) and the figures it drew (\image html NAME_FIG.svg),
# as Eigen's documentation does: the pages cannot drift from the programs. A program that
# exits with another status than EXIT (default 0; chapter 7's --plant runs exit 1 on purpose)
# fails the docs build, with its output.
#
# Doxygen copies every image into one flat html/ directory, so the figures of
# FIGURES_FROM (the program's --out directory for this chapter) are copied to FIGURES_TO with
# the chapter's name in front: out/02_mlp/curves.svg -> figures/02_mlp_curves.svg.
file(MAKE_DIRECTORY "${WORKDIR}")
execute_process(
  COMMAND "${PROGRAM}" ${ARGS}
  WORKING_DIRECTORY "${WORKDIR}"
  OUTPUT_FILE "${OUTPUT}.tmp"
  ERROR_VARIABLE err
  RESULT_VARIABLE rc)
if(NOT DEFINED EXIT)
  set(EXIT 0)
endif()
if(NOT rc EQUAL EXIT)
  file(READ "${OUTPUT}.tmp" out)
  message(FATAL_ERROR "docs: '${PROGRAM} ${ARGS}' exited with ${rc}, not ${EXIT}:\n${out}${err}")
endif()

if(FIGURES_FROM)
  file(GLOB figures LIST_DIRECTORIES false "${FIGURES_FROM}/*.svg" "${FIGURES_FROM}/*.png")
  if(NOT figures)
    message(FATAL_ERROR "docs: '${PROGRAM} ${ARGS}' drew no figure in ${FIGURES_FROM}")
  endif()
  file(MAKE_DIRECTORY "${FIGURES_TO}")
  foreach(figure IN LISTS figures)
    get_filename_component(name "${figure}" NAME)
    file(COPY_FILE "${figure}" "${FIGURES_TO}/${PREFIX}_${name}")
  endforeach()
endif()
file(RENAME "${OUTPUT}.tmp" "${OUTPUT}")
