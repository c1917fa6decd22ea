# docs/core-layers.md quotes the layer order and the link line that
# core/CMakeLists.txt's CRM_CORE_LAYERS makes; this fails when they differ.
#   cmake -DDOC=<docs/core-layers.md> "-DLAYERS=json;log;..." -P layers_documented.cmake
cmake_policy(VERSION 3.25)
file(READ "${DOC}" text)
string(REPLACE ";" " → " order "${LAYERS}")
if(NOT text MATCHES "\n${order}\n")
  message(FATAL_ERROR "${DOC} does not give the layer order as core/CMakeLists.txt has it:\n${order}")
endif()
# The link line, highest first, as the doc wraps it: any whitespace between names.
set(pattern "")
set(layers ${LAYERS})
list(REVERSE layers)
foreach(layer IN LISTS layers)
  string(APPEND pattern "[ \n]+crm_core_${layer}")
endforeach()
if(NOT text MATCHES "```${pattern}[ \n]+```")
  list(TRANSFORM layers PREPEND crm_core_)
  string(REPLACE ";" " " line "${layers}")
  message(FATAL_ERROR "${DOC} does not give the link line as core/CMakeLists.txt makes it:\n${line}")
endif()
