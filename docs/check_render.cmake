# cmake -DBROWSER=<chromium> -DHTML=<docs/html> -DWORK=<dir> -P check_render.cmake
#
# The docs_render test: opens, in a headless browser and from file:// as a reader would, every
# page of the HTML output that holds a formula, lets MathJax typeset it, and fails unless each
# page reports data-wb-mathjax="ok" (set by docs/mathjax_config.js). So it catches a MathJax
# that does not load (a wrong MATHJAX_RELPATH, a file missing from the local copy) and every
# TeX error in a page or in a doc comment (an undefined macro, a missing brace), which Doxygen
# itself never sees. One browser run for all pages: a harness page loads them one by one in
# an iframe and writes one line per page.
# The notes' Chinese terms (权重衰减, 暂退法, …) show as boxes without a CJK font: one must be
# installed (the Debian package fonts-wqy-microhei, which ./workbook installs with the docs).
execute_process(COMMAND fc-list :lang=zh family OUTPUT_VARIABLE cjk_fonts RESULT_VARIABLE fc_rc)
if(NOT fc_rc EQUAL 0 OR cjk_fonts STREQUAL "")
  message(FATAL_ERROR "docs_render: no font with Chinese glyphs (fc-list :lang=zh is empty): the glossary's "
                      "terms would show as boxes; install the Debian package fonts-wqy-microhei")
endif()
string(REGEX REPLACE "\n.*" "" first_font "${cjk_fonts}")
message(STATUS "docs_render: Chinese glyphs from ${first_font}")

if(NOT EXISTS "${HTML}/index.html")
  message(FATAL_ERROR "docs_render: no ${HTML}/index.html; build the docs target first")
endif()

# The pages with formulas: Doxygen writes MathJax's delimiters \( \) and \[ \] into them.
file(GLOB pages RELATIVE "${HTML}" "${HTML}/*.html")
set(checked "")
foreach(page IN LISTS pages)
  file(STRINGS "${HTML}/${page}" math LIMIT_COUNT 1 REGEX "\\\\\\(|\\\\\\[")
  if(math)
    list(APPEND checked "${page}")
  endif()
endforeach()
list(LENGTH checked count)
if(count EQUAL 0)
  message(FATAL_ERROR "docs_render: no page of ${HTML} holds a formula")
endif()

set(list_js "")
foreach(page IN LISTS checked)
  string(APPEND list_js "\"${page}\",")
endforeach()
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${HTML}/wb_render_check.html" "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"><title>render check</title></head><body><pre id=\"out\"></pre>
<script>
var pages = [${list_js}], i = 0, out = document.getElementById('out');
function next() {
  if (i >= pages.length) { document.body.setAttribute('data-done', 'yes'); return; }
  var page = pages[i++], start = Date.now(), frame = document.createElement('iframe');
  frame.width = 1200; frame.height = 900; frame.src = page;
  frame.onload = function poll() {
    var state = null;
    try { state = frame.contentDocument.body.getAttribute('data-wb-mathjax'); }
    catch (e) { state = 'not readable: ' + e; }
    if (!state && Date.now() - start > 30000) state = 'MathJax did not finish (not loaded?)';
    if (!state) { setTimeout(poll, 100); return; }
    out.textContent += 'PAGE ' + page + ': ' + state + '\\n';
    frame.remove();
    next();
  };
  document.body.appendChild(frame);
}
next();
</script></body></html>
")

execute_process(
  COMMAND "${BROWSER}" --headless --no-sandbox --disable-gpu --no-first-run
          --allow-file-access-from-files --user-data-dir=${WORK}/profile
          --virtual-time-budget=3600000 --dump-dom "file://${HTML}/wb_render_check.html"
  OUTPUT_VARIABLE dom
  ERROR_VARIABLE browser_err
  RESULT_VARIABLE rc
  TIMEOUT 240)
file(REMOVE "${HTML}/wb_render_check.html")
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "docs_render: ${BROWSER} failed (${rc}):\n${browser_err}")
endif()

# The report: the text of <pre id="out">, one line per page (no ';' in it, a CMake list
# separator; no '[' either).
string(FIND "${dom}" "<pre id=\"out\">" begin)
string(FIND "${dom}" "</pre>" end)
if(begin EQUAL -1 OR end EQUAL -1)
  message(FATAL_ERROR "docs_render: no report in the browser's output:\n${browser_err}")
endif()
math(EXPR begin "${begin} + 14")
math(EXPR length "${end} - ${begin}")
string(SUBSTRING "${dom}" ${begin} ${length} report)
string(REPLACE ";" "," report "${report}")
string(REPLACE "[" "(" report "${report}")
string(REPLACE "]" ")" report "${report}")
string(STRIP "${report}" report)
string(REPLACE "\n" ";" lines "${report}")
set(ok 0)
set(bad "")
foreach(line IN LISTS lines)
  if(line MATCHES ": ok$")
    math(EXPR ok "${ok} + 1")
  else()
    string(APPEND bad "  ${line}\n")
  endif()
endforeach()
list(LENGTH lines reported)
if(bad OR NOT reported EQUAL count)
  message(FATAL_ERROR "docs_render: ${ok} of ${count} pages with formulas typeset cleanly "
                      "(${reported} reported):\n${bad}")
endif()
message(STATUS "docs_render: ${count} pages with formulas, all typeset by the local MathJax")
