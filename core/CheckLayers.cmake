# Fails when a folder of core/ includes a header of a folder that is not
# below it in the layer order (docs/core-layers.md), so a cycle between
# folders stops the build instead of waiting for a reviewer to notice.
#   cmake -DCORE_DIR=<core> "-DLAYERS=json;log;..." -P CheckLayers.cmake
# core/CMakeLists.txt includes it and calls crm_check_core_layers() at
# configure time, and runs it as a script whenever a core source changes;
# tests/CMakeLists.txt checks that it refuses a cycle. A folder of C++
# sources that is no layer is refused too: nothing would build it.
# Only `#include "<folder>/..."` lines naming one of LAYERS count: SDK
# headers (crm/...) and system headers are no layer.

cmake_policy(VERSION 3.25)

function(crm_check_core_layers core_dir layers)
  set(problems "")
  file(GLOB folders LIST_DIRECTORIES true RELATIVE "${core_dir}" "${core_dir}/*")
  foreach(folder IN LISTS folders)
    file(GLOB sources "${core_dir}/${folder}/*.h" "${core_dir}/${folder}/*.cpp")
    if(sources AND NOT folder IN_LIST layers)
      string(APPEND problems "\n  ${folder}/: a folder of sources that is no layer")
    endif()
  endforeach()

  set(below "")
  foreach(layer IN LISTS layers)
    file(GLOB files "${core_dir}/${layer}/*.h" "${core_dir}/${layer}/*.cpp")
    foreach(file IN LISTS files)
      file(STRINGS "${file}" includes REGEX "^[ \t]*#[ \t]*include[ \t]*\"[^\"/]+/")
      foreach(line IN LISTS includes)
        string(REGEX REPLACE "^[ \t]*#[ \t]*include[ \t]*\"([^\"/]+)/.*" "\\1" folder "${line}")
        if(folder STREQUAL layer OR NOT folder IN_LIST layers OR folder IN_LIST below)
          continue()
        endif()
        file(RELATIVE_PATH shown "${core_dir}" "${file}")
        string(STRIP "${line}" line)
        string(APPEND problems "\n  ${shown}: ${line}: ${folder} is not below ${layer}")
      endforeach()
    endforeach()
    list(APPEND below ${layer})
  endforeach()

  if(problems)
    string(REPLACE ";" " -> " order "${layers}")
    message(FATAL_ERROR "core/ folders may include only the folders below them (${order}; docs/core-layers.md):"
                        "${problems}")
  endif()
endfunction()

if(CMAKE_SCRIPT_MODE_FILE)
  if(NOT CORE_DIR OR NOT LAYERS)
    message(FATAL_ERROR "CheckLayers.cmake needs CORE_DIR and LAYERS")
  endif()
  crm_check_core_layers("${CORE_DIR}" "${LAYERS}")
endif()
