// The anchor of the target wb_pch, which only exists to build the precompiled header that every
// other target reuses (cmake/Workbook.cmake, wb_use_pch).
