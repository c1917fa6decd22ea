# find_package(CrmSdk) for plugins built out of tree: provides the target
# CrmSdk::sdk and the functions crm_add_plugin() and crm_add_plugin_test().
include("${CMAKE_CURRENT_LIST_DIR}/CrmSdkTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmPlugin.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmPluginTest.cmake")
