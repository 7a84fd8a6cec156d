# cmake -DIN=<wb.tag> -DOUT=<wb_api.tag> -DPAGES=<label;...> -P api_tagfile.cmake
#
# The English tree's tag file without the pages named in PAGES, those that have a Chinese
# counterpart: the Chinese tree reads the result (TAGFILES), so that its references to the API and
# to the English-only pages go to the English tree, while a page of the tag file with the name of a
# Chinese page does not hide that page (Doxygen drops a page whose name a tag file already has,
# without a warning). A page is a block from <compound kind="page"> to its </compound>.
cmake_minimum_required(VERSION 3.21)
file(READ "${IN}" text)
set(open "<compound kind=\"page\">")
set(close "</compound>\n")
set(out "")
while(TRUE)
  string(FIND "${text}" "${open}" at)
  if(at EQUAL -1)
    break()
  endif()
  string(SUBSTRING "${text}" 0 ${at} before)
  string(APPEND out "${before}")
  string(SUBSTRING "${text}" ${at} -1 text)
  string(FIND "${text}" "${close}" end)
  if(end EQUAL -1)
    message(FATAL_ERROR "${IN}: a page without its ${close}")
  endif()
  string(LENGTH "${close}" n)
  math(EXPR end "${end} + ${n}")
  string(SUBSTRING "${text}" 0 ${end} page)
  string(SUBSTRING "${text}" ${end} -1 text)
  string(REGEX MATCH "<name>([^<]*)</name>" name "${page}")
  if(NOT CMAKE_MATCH_1 IN_LIST PAGES)
    string(APPEND out "${page}")
  endif()
endwhile()
string(APPEND out "${text}")
file(WRITE "${OUT}" "${out}")
