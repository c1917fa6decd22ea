# crm_add_plugin(<id> SOURCES <files...> [MANIFEST <plugin.json>] [SQL_DIR <dir>])
#
# Builds a crm-server plugin: a shared library named libcrm-<id>.so with
# hidden symbols (only the CRM_PLUGIN entry point is exported), laid out
# next to its plugin.json and sql/ under ${CRM_PLUGIN_OUTPUT_DIR}/<id>/
# (default: <build>/plugins/<id>/), which is a folder the server's plugin
# path can point at. Installs into ${CRM_PLUGIN_INSTALL_DIR}/<id>/.
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
  if(NOT CRM_PLUGIN_OUTPUT_DIR)
    set(CRM_PLUGIN_OUTPUT_DIR "${CMAKE_BINARY_DIR}/plugins")
  endif()
  if(NOT CRM_PLUGIN_INSTALL_DIR)
    set(CRM_PLUGIN_INSTALL_DIR "lib/crm-server/plugins")
  endif()
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

  configure_file("${PLUGIN_MANIFEST}" "${out}/plugin.json" COPYONLY)
  install(TARGETS ${target} LIBRARY DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}" COMPONENT server)
  install(FILES "${PLUGIN_MANIFEST}" DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}" RENAME plugin.json COMPONENT server)
  if(EXISTS "${PLUGIN_SQL_DIR}")
    file(GLOB sql_files CONFIGURE_DEPENDS "${PLUGIN_SQL_DIR}/*.sql")
    # A migration deleted or renamed in the source must not linger in the
    # build: the server would refuse to start with two of one version.
    file(GLOB built_sql_files "${out}/sql/*.sql")
    foreach(built ${built_sql_files})
      get_filename_component(name "${built}" NAME)
      if(NOT EXISTS "${PLUGIN_SQL_DIR}/${name}")
        file(REMOVE "${built}")
      endif()
    endforeach()
    foreach(sql ${sql_files})
      get_filename_component(name "${sql}" NAME)
      configure_file("${sql}" "${out}/sql/${name}" COPYONLY)
    endforeach()
    install(DIRECTORY "${PLUGIN_SQL_DIR}/" DESTINATION "${CRM_PLUGIN_INSTALL_DIR}/${id}/sql" COMPONENT server)
  endif()
endfunction()
