# find_package(CrmSdk) for plugins built out of tree: provides the target
# CrmSdk::sdk and the functions crm_add_plugin(), crm_add_plugin_test() and
# crm_add_web_app().
include("${CMAKE_CURRENT_LIST_DIR}/CrmSdkTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmPlugin.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmPluginTest.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmWebApp.cmake")
