# cmake -DEN=<html> -DZH=<html_zh> -DPAGES=<label;...> -P link_languages.cmake
cmake_minimum_required(VERSION 3.21)
#
# Puts at the top of each page named in PAGES (its label, the file label.html in both trees) a link
# to its counterpart in the other language, under the page's title. Fails when one of the two
# files is missing: a page with a counterpart must have it in both trees. Run after every Doxygen
# run (which writes the pages anew); a page that has its link already keeps it.
foreach(page IN LISTS PAGES)
  foreach(side en zh)
    if(side STREQUAL "en")
      set(file "${EN}/${page}.html")
      set(link "<div class=\"wb-lang\" lang=\"zh\"><a href=\"../html_zh/${page}.html\" hreflang=\"zh\">中文</a></div>")
    else()
      set(file "${ZH}/${page}.html")
      set(link "<div class=\"wb-lang\" lang=\"en\"><a href=\"../html/${page}.html\" hreflang=\"en\">English</a></div>")
    endif()
    if(NOT EXISTS "${file}")
      message(FATAL_ERROR "docs: ${file} is missing, so its counterpart has no page to link to; "
                          "the page with the label {#${page}} must exist in both languages")
    endif()
    file(READ "${file}" html)
    if(html MATCHES "class=\"wb-lang\"")
      continue()
    endif()
    string(FIND "${html}" "<div class=\"headertitle\">" at)
    if(at EQUAL -1)
      message(FATAL_ERROR "docs: ${file} has no <div class=\"headertitle\"> to put the language link under")
    endif()
    string(REPLACE "<div class=\"headertitle\">" "${link}<div class=\"headertitle\">" html "${html}")
    file(WRITE "${file}" "${html}")
  endforeach()
endforeach()
