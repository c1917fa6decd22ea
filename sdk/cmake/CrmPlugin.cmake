# crm_add_plugin(<id> SOURCES <files...> [MANIFEST <plugin.json>] [SQL_DIR <dir>])
#
# Builds a crm-server plugin: a shared library named libcrm-<id>.so with
# hidden symbols (only the CRM_PLUGIN entry point is exported), laid out
# next to its plugin.json and sql/ under ${CRM_PLUGIN_OUTPUT_DIR}/<id>/
# (default: <build>/plugins/<id>/), which is a folder the server's plugin
# path can point at. Installs into ${CRM_PLUGIN_INSTALL_DIR}/<id>/.
# The SDK's ABI version, read from the header plugins compile against: in
# a source tree next to this file's folder, installed under include/ of
# the prefix (this file in <prefix>/lib/cmake/CrmSdk, or in Debian's
# <prefix>/lib/<multiarch>/cmake/CrmSdk). A global property, so
# crm_add_plugin sees it from any directory.
unset(sdk_abi)
foreach(candidate "${CMAKE_CURRENT_LIST_DIR}/../include/crm/abi.h" "${CMAKE_CURRENT_LIST_DIR}/../../../include/crm/abi.h"
                  "${CMAKE_CURRENT_LIST_DIR}/../../../../include/crm/abi.h")
  if(EXISTS "${candidate}" AND NOT sdk_abi)
    file(STRINGS "${candidate}" abi_lines REGEX "^#define CRM_ABI_(MAJOR|MINOR) [0-9]+")
    string(REGEX REPLACE ".*MAJOR ([0-9]+).*MINOR ([0-9]+).*" "\\1.\\2" sdk_abi "${abi_lines}")
    set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${candidate}")
  endif()
endforeach()
if(NOT sdk_abi)
  message(FATAL_ERROR "CrmSdk: cannot find crm/abi.h next to ${CMAKE_CURRENT_LIST_DIR}")
endif()
set_property(GLOBAL PROPERTY CRM_SDK_ABI "${sdk_abi}")

# crm_write_plugin_manifest(<source plugin.json> <built plugin.json>)
#
# Writes the manifest with "sdk_abi" set to the ABI the library is built
# against, so the two cannot disagree (the server refuses a plugin whose
# plugin.json and library name different versions). Leave sdk_abi out of
# the source; one that names another version stops the build.
function(crm_write_plugin_manifest source built)
  get_property(CRM_SDK_ABI GLOBAL PROPERTY CRM_SDK_ABI)
  file(READ "${source}" text)
  set_property(DIRECTORY APPEND PROPERTY CMAKE_CONFIGURE_DEPENDS "${source}")
  if(text MATCHES "\"sdk_abi\"[ \t\r\n]*:[ \t\r\n]*\"([^\"]*)\"")
    if(NOT CMAKE_MATCH_1 STREQUAL CRM_SDK_ABI)
      message(FATAL_ERROR "${source}: sdk_abi is ${CMAKE_MATCH_1} but this SDK is ABI ${CRM_SDK_ABI}; "
                          "remove sdk_abi from plugin.json (the build writes it)")
    endif()
  else()
    string(REGEX REPLACE "^([ \t\r\n]*){" "\\1{\"sdk_abi\": \"${CRM_SDK_ABI}\", " text "${text}")
  endif()
  file(CONFIGURE OUTPUT "${built}" CONTENT "${text}" @ONLY)
endfunction()

# Where plugins are built and installed, unless the project says otherwise:
# sets CRM_PLUGIN_OUTPUT_DIR and CRM_PLUGIN_INSTALL_DIR in the caller's scope.
macro(crm_plugin_folders)
  if(NOT CRM_PLUGIN_OUTPUT_DIR)
    set(CRM_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
  endif()
  if(NOT CRM_PLUGIN_INSTALL_DIR)
    set(CRM_PLUGIN_INSTALL_DIR "lib/crm-server/plugins")
  endif()
endmacro()

function(crm_add_plugin id)
  cmake_parse_arguments(PLUGIN "" "MANIFEST;SQL_DIR" "SOURCES" ${ARGN})
  if(NOT PLUGIN_SOURCES)
    message(FATAL_ERROR "crm_add_plugin(${id}): SOURCES is required")
  endif()
  if(NOT PLUGIN_MANIFEST)
    set(PLUGIN_MANIFEST "${CMAKE_CURRENT_SOURCE_DIR}/plugin.json")
  endif()
  if(NOT PLUGIN_SQL_DIR)
    set(PLUGIN_SQL_DIR "${CMAKE_CURRENT_SOURCE_DIR}/sql")
  endif()
  crm_plugin_folders()
  set(out "${CRM_PLUGIN_OUTPUT_DIR}/${id}")

  set(target "crm-plugin-${id}")
  add_library(${target} MODULE ${PLUGIN_SOURCES})
  target_link_libraries(${target} PRIVATE CrmSdk::sdk)
  set_target_properties(${target} PROPERTIES
    PREFIX "lib"
    OUTPUT_NAME "crm-${id}"
    LIBRARY_OUTPUT_DIRECTORY "${out}"
    CXX_VISIBILITY_PRESET hidden
    C_VISIBILITY_PRESET hidden
    VISIBILITY_INLINES_HIDDEN ON)
  target_compile_features(${target} PRIVATE cxx_std_17)
  # Refuse undefined symbols at link time: a plugin may only call the host
  # through the API table, never by name.
  target_link_options(${target} PRIVATE "LINKER:--no-undefined")

  crm_write_plugin_manifest("${PLUGIN_MANIFEST}" "${out}/plugin.json")
  install(TARGETS ${target} LIBRARY DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}" COMPONENT server)
  install(FILES "${out}/plugin.json" DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}" COMPONENT server)
  if(EXISTS "${PLUGIN_SQL_DIR}")
    # Migrations (sql/) and repeatable files (sql/repeatable/). A file
    # deleted or renamed in the source must not linger in the build: the
    # server would refuse to start with two migrations of one version, or
    # run a repeatable file that no longer exists.
    foreach(sub "" "/repeatable")
      file(GLOB sql_files CONFIGURE_DEPENDS "${PLUGIN_SQL_DIR}${sub}/*.sql")
      file(GLOB built_sql_files "${out}/sql${sub}/*.sql")
      foreach(built ${built_sql_files})
        get_filename_component(name "${built}" NAME)
        if(NOT EXISTS "${PLUGIN_SQL_DIR}${sub}/${name}")
          file(REMOVE "${built}")
        endif()
      endforeach()
      foreach(sql ${sql_files})
        get_filename_component(name "${sql}" NAME)
        configure_file("${sql}" "${out}/sql${sub}/${name}" COPYONLY)
      endforeach()
    endforeach()
    install(DIRECTORY "${PLUGIN_SQL_DIR}/" DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}/sql" COMPONENT server)
  endif()
endfunction()
