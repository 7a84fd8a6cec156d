# cmake -DBROWSER=<chromium> -DHTML=<docs/html> -DWORK=<dir> -P check_render.cmake
#
# The docs_render test: reads, in a headless browser and from file:// as a reader would, every
# page of the HTML output but the source listings, and fails unless
# - no page shows Doxygen or Markdown source in its text (code blocks and formulas aside): a
#   command Doxygen left as it was (`\ref x "y"` in a heading), an escape (`\|` in a code span
#   of a table), a label `{#x}`, an unrendered link `](@ref x)`, code span or emphasis (asterisks
#   touching Chinese text are left as they are); Doxygen warns about none of these;
# - each page with a formula, loaded with its scripts and styles, reports data-wb-mathjax="ok"
#   (set by docs/mathjax_config.js): so it catches a MathJax that does not load (a wrong
#   MATHJAX_RELPATH, a file missing from the local copy) and every TeX error in a page or in a
#   doc comment (an undefined macro, a missing brace), which Doxygen itself never sees; and it
#   has the theme (doxygen-awesome's colours are defined).
# One browser run for all pages: a harness page parses the pages without formulas and loads
# the others in iframes, three at a time, and writes one line per page. A second run draws one
# chapter page into WORK/chapter.png, for a person to look at.
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

# Every page but the source listings (code only). The pages with formulas: Doxygen writes
# MathJax's delimiters \( \) and \[ \] into them.
file(GLOB pages RELATIVE "${HTML}" "${HTML}/*.html")
list(FILTER pages EXCLUDE REGEX "_source\\.html$")
set(math_js "")
set(plain_js "")
set(with_math 0)
foreach(page IN LISTS pages)
  file(STRINGS "${HTML}/${page}" math LIMIT_COUNT 1 REGEX "\\\\\\(|\\\\\\[")
  if(math)
    string(APPEND math_js "\"${page}\",")
    math(EXPR with_math "${with_math} + 1")
  else()
    string(APPEND plain_js "\"${page}\",")
  endif()
endforeach()
list(LENGTH pages count)
if(with_math EQUAL 0)
  message(FATAL_ERROR "docs_render: no page of ${HTML} holds a formula")
endif()
file(MAKE_DIRECTORY "${WORK}")
file(WRITE "${HTML}/wb_render_check.html" "<!DOCTYPE html>
<html><head><meta charset=\"utf-8\"><title>render check</title></head><body><pre id=\"out\"></pre>
<script>
var pages = [${math_js}], plain = [${plain_js}], i = 0, out = document.getElementById('out');
// Text a reader sees that is Doxygen or Markdown source: a command or an escape left as it was,
// a heading's label, a link or a code span not rendered; in inline code, a table's escaped pipe.
var inProse = [/\\\\[A-Za-z]+/, /\\\\[|*_#`~()\\[\\]{}<>!+.&$%\"@-]/,
               /(^|\\s)@(ref|link|see|brief|param|return|p|c|a|b|em|e|snippet|image|f)\\b/,
               /\\{#[A-Za-z][\\w-]*\\}/, /\\[TOC\\]/, /\\]\\((@ref|#|https?:)/, /`[^`\\s][^`]*`/,
               // emphasis not rendered: Doxygen leaves asterisks that touch Chinese text as they are
               // (a C comment's /* and */, as the notes write one, aside)
               /\\*\\*[^*\\s][^*]*\\*\\*/, /(^|[^\\/*])\\*[\\u3000-\\u9fff\\uff00-\\uffef]|[\\u3000-\\u9fff\\uff00-\\uffef]\\*(?![\\/*])/];
var inCode = [/\\\\\\|/];
// What is neither: code blocks, formulas (typeset, or their TeX), declarations, scripts.
var neither = 'script, style, pre, .fragment, .memproto, .memItemLeft, .memItemRight, .memTemplParams, ' +
              '.memTemplItemLeft, .memTemplItemRight, svg, [class^=MathJax], [id^=MathJax]';
function rawText(doc) {
  var found = [], walk = doc.createTreeWalker(doc.body, NodeFilter.SHOW_TEXT), node;
  while ((node = walk.nextNode()) && found.length < 3) {
    if (node.parentElement.closest(neither)) continue;
    var patterns = node.parentElement.closest('code, tt, kbd, samp') ? inCode : inProse, text = node.textContent;
    for (var k = 0; k < patterns.length; ++k) {
      var m = patterns[k].exec(text);
      if (m) { found.push('\\u201c' + text.substr(Math.max(0, m.index - 20), m[0].length + 40).trim() + '\\u201d'); break; }
    }
  }
  return found;
}
function verdict(frame, state) {
  if (state !== 'ok') return state;
  var doc = frame.contentDocument;
  if (!doc.defaultView.getComputedStyle(doc.documentElement).getPropertyValue('--primary-color'))
    return 'no theme (doxygen-awesome.css not loaded)';
  var raw = rawText(doc);
  return raw.length ? 'raw markup in the text: ' + raw.join(' and ') : 'ok';
}
// A page without formulas needs no typesetting: its text is read as the browser parses it.
plain.forEach(function (page) {
  var request = new XMLHttpRequest();
  request.open('GET', page, false);
  request.send();
  var raw = rawText(new DOMParser().parseFromString(request.responseText, 'text/html'));
  out.textContent += 'PAGE ' + page + ': ' + (raw.length ? 'raw markup in the text: ' + raw.join(' and ') : 'ok') + '\\n';
});
// A page with formulas is loaded as a reader loads it, and read once MathJax is done.
var done = 0;
function next() {
  if (i >= pages.length) return;
  var page = pages[i++], start = Date.now(), frame = document.createElement('iframe');
  frame.width = 1200; frame.height = 900; frame.src = page;
  frame.onload = function poll() {
    var state = null;
    try { state = frame.contentDocument.body.getAttribute('data-wb-mathjax'); }
    catch (e) { state = 'not readable: ' + e; }
    if (!state && Date.now() - start > 30000) state = 'MathJax did not finish (not loaded?)';
    if (!state) { setTimeout(poll, 25); return; }
    out.textContent += 'PAGE ' + page + ': ' + verdict(frame, state) + '\\n';
    frame.remove();
    if (++done === pages.length) document.body.setAttribute('data-done', 'yes');
    next();
  };
  document.body.appendChild(frame);
}
for (var w = 0; w < 3; ++w) next();  // three pages at a time
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
  message(FATAL_ERROR "docs_render: ${ok} of ${count} pages render cleanly (${reported} reported):\n${bad}")
endif()

# One chapter page as a reader sees it, for a person to look at (the test does not judge it).
execute_process(
  COMMAND "${BROWSER}" --headless --no-sandbox --disable-gpu --no-first-run --hide-scrollbars
          --allow-file-access-from-files --user-data-dir=${WORK}/profile --window-size=1280,1600
          --virtual-time-budget=20000 --screenshot=${WORK}/chapter.png "file://${HTML}/chapter_02_mlp.html"
  OUTPUT_QUIET ERROR_QUIET
  RESULT_VARIABLE shot_rc
  TIMEOUT 60)
set(shot "a chapter page drawn in ${WORK}/chapter.png")
if(NOT shot_rc EQUAL 0)
  set(shot "no drawing of a chapter page (${BROWSER} --screenshot: ${shot_rc})")
endif()
message(STATUS "docs_render: ${count} pages without Doxygen or Markdown source in their text, the ${with_math} with "
               "formulas typeset by the local MathJax in the theme; ${shot}")
