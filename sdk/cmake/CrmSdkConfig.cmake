# find_package(CrmSdk) for plugins built out of tree: provides the target
# CrmSdk::sdk and the function crm_add_plugin().
include("${CMAKE_CURRENT_LIST_DIR}/CrmSdkTargets.cmake")
include("${CMAKE_CURRENT_LIST_DIR}/CrmPlugin.cmake")
