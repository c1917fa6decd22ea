# crm_add_plugin_test(<name> COMMAND <command> [<arg>...]
#                     [SERVER <crm-server>] [PLUGIN_PATH <dir>[:<dir>...]])
#
# A CTest test that starts a real crm-server with the plugins on
# PLUGIN_PATH (default: the folder crm_add_plugin builds into) and a
# throwaway PostgreSQL, both on loopback, runs COMMAND against it and stops
# both. COMMAND finds the server at $CRM_TEST_URL and an admin's login in
# $CRM_TEST_ADMIN_EMAIL and $CRM_TEST_ADMIN_PASSWORD (crm-plugin-test, next
# to this file, says what else). SERVER defaults to the CRM_SERVER cache
# variable, else crm-server on the PATH (the crm-server package's).
set(CRM_PLUGIN_TEST_RUNNER "${CMAKE_CURRENT_LIST_DIR}/crm-plugin-test")

function(crm_add_plugin_test name)
  cmake_parse_arguments(TEST "" "SERVER;PLUGIN_PATH" "COMMAND" ${ARGN})
  if(NOT TEST_COMMAND)
    message(FATAL_ERROR "crm_add_plugin_test(${name}): COMMAND is required")
  endif()
  if(NOT TEST_SERVER)
    if(CRM_SERVER)
      set(TEST_SERVER "${CRM_SERVER}")
    else()
      find_program(CRM_SERVER_PROGRAM crm-server)
      if(NOT CRM_SERVER_PROGRAM)
        message(FATAL_ERROR "crm_add_plugin_test(${name}): no crm-server found; install the crm-server package or set CRM_SERVER")
      endif()
      set(TEST_SERVER "${CRM_SERVER_PROGRAM}")
    endif()
  endif()
  if(NOT TEST_PLUGIN_PATH)
    if(CRM_PLUGIN_OUTPUT_DIR)
      set(TEST_PLUGIN_PATH "${CRM_PLUGIN_OUTPUT_DIR}")
    else()
      set(TEST_PLUGIN_PATH "${CMAKE_BINARY_DIR}/plugins")
    endif()
  endif()
  add_test(NAME ${name}
    COMMAND "${CRM_PLUGIN_TEST_RUNNER}" --server "${TEST_SERVER}" --plugin-path "${TEST_PLUGIN_PATH}" -- ${TEST_COMMAND})
endfunction()
