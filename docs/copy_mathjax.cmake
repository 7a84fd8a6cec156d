# cmake -DSRC=<MathJax 2.7 directory> -DDST=<html>/mathjax -P copy_mathjax.cmake
#
# Copies into the HTML output the part of a local MathJax 2.7 (Debian's libjs-mathjax) that
# the pages load: MathJax.js, its extensions, the TeX input, the SVG output with the TeX
# fonts, and the English messages. About 2.5 MB instead of 54 MB; a copy rather than a
# symlink, so the pages also work from file:// and when the directory is moved or archived.
# file(COPY) skips files that are already up to date, so a rebuild costs nothing.
if(NOT EXISTS "${SRC}/MathJax.js")
  message(FATAL_ERROR "copy_mathjax: no MathJax.js in '${SRC}' (install libjs-mathjax)")
endif()

file(MAKE_DIRECTORY "${DST}/jax/input" "${DST}/jax/output" "${DST}/localization")
file(COPY "${SRC}/MathJax.js" DESTINATION "${DST}")
file(COPY "${SRC}/extensions" DESTINATION "${DST}")
file(COPY "${SRC}/jax/element" DESTINATION "${DST}/jax")
file(COPY "${SRC}/jax/input/TeX" DESTINATION "${DST}/jax/input")
file(COPY "${SRC}/jax/output/SVG" DESTINATION "${DST}/jax/output"
     PATTERN "fonts" EXCLUDE)
file(COPY "${SRC}/jax/output/SVG/fonts/TeX" DESTINATION "${DST}/jax/output/SVG/fonts")
file(COPY "${SRC}/localization/en" DESTINATION "${DST}/localization")
