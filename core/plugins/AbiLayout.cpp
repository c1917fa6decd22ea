// The published layout of the plugin ABI, pinned: a change that moves any
// member a released plugin uses fails the build here, not a plugin in the
// field. Offsets are for the platforms we ship (LP64: 8-byte pointers and
// size_t). A new member is appended and gets its line; no line is edited.
#include "crm/abi.h"

#include <cstddef>

namespace {

constexpr std::size_t kPointer = 8;
static_assert(sizeof(void*) == kPointer && sizeof(std::size_t) == kPointer, "the ABI is published for LP64");

// crm_host_api: struct_size, abi_major, abi_minor, then one pointer each.
constexpr std::size_t kTableStart = 16;
constexpr std::size_t slot(std::size_t n) { return kTableStart + n * kPointer; }

static_assert(offsetof(crm_host_api, struct_size) == 0);
static_assert(offsetof(crm_host_api, abi_major) == 8);
static_assert(offsetof(crm_host_api, abi_minor) == 12);
// 1.0
static_assert(offsetof(crm_host_api, log) == slot(0));
static_assert(offsetof(crm_host_api, config_get) == slot(1));
static_assert(offsetof(crm_host_api, route_add) == slot(2));
static_assert(offsetof(crm_host_api, request_param) == slot(3));
static_assert(offsetof(crm_host_api, request_body) == slot(4));
static_assert(offsetof(crm_host_api, request_principal) == slot(5));
static_assert(offsetof(crm_host_api, request_page) == slot(6));
static_assert(offsetof(crm_host_api, response_status) == slot(7));
static_assert(offsetof(crm_host_api, response_header) == slot(8));
static_assert(offsetof(crm_host_api, response_body) == slot(9));
static_assert(offsetof(crm_host_api, response_error) == slot(10));
static_assert(offsetof(crm_host_api, response_invalid) == slot(11));
static_assert(offsetof(crm_host_api, response_page) == slot(12));
static_assert(offsetof(crm_host_api, db_acquire) == slot(13));
static_assert(offsetof(crm_host_api, db_release) == slot(14));
static_assert(offsetof(crm_host_api, db_begin) == slot(15));
static_assert(offsetof(crm_host_api, db_commit) == slot(16));
static_assert(offsetof(crm_host_api, db_rollback) == slot(17));
static_assert(offsetof(crm_host_api, db_query) == slot(18));
static_assert(offsetof(crm_host_api, db_error) == slot(19));
static_assert(offsetof(crm_host_api, result_size) == slot(20));
static_assert(offsetof(crm_host_api, result_value) == slot(21));
static_assert(offsetof(crm_host_api, result_free) == slot(22));
static_assert(CRM_HOST_API_SIZE_1_0 == slot(23));
// 1.1
static_assert(offsetof(crm_host_api, job_start) == slot(23));
static_assert(CRM_HOST_API_SIZE_1_1 == slot(24));
// 1.2
static_assert(offsetof(crm_host_api, mac_sign) == slot(24));
static_assert(offsetof(crm_host_api, mac_verify) == slot(25));
static_assert(CRM_HOST_API_SIZE_1_2 == slot(26));
// 1.3
static_assert(offsetof(crm_host_api, response_page_after) == slot(26));
static_assert(CRM_HOST_API_SIZE_1_3 == slot(27));
// 1.4
static_assert(offsetof(crm_host_api, static_mount) == slot(27));
static_assert(CRM_HOST_API_SIZE_1_4 == slot(28));
static_assert(offsetof(crm_static_mount, url_path) == 8);
static_assert(CRM_STATIC_MOUNT_SIZE_1_4 == 40);

// crm_route (1.0): struct_size, then pointers.
static_assert(offsetof(crm_route, struct_size) == 0);
static_assert(offsetof(crm_route, method) == 8);
static_assert(offsetof(crm_route, path) == 16);
static_assert(offsetof(crm_route, permission) == 24);
static_assert(offsetof(crm_route, schema_json) == 32);
static_assert(offsetof(crm_route, summary) == 40);
static_assert(offsetof(crm_route, handler) == 48);
static_assert(offsetof(crm_route, ctx) == 56);
static_assert(CRM_ROUTE_SIZE_1_0 == 64);

// crm_plugin_descriptor (1.0).
static_assert(offsetof(crm_plugin_descriptor, struct_size) == 0);
static_assert(offsetof(crm_plugin_descriptor, abi_major) == 8);
static_assert(offsetof(crm_plugin_descriptor, abi_minor) == 12);
static_assert(offsetof(crm_plugin_descriptor, id) == 16);
static_assert(offsetof(crm_plugin_descriptor, version) == 24);
static_assert(offsetof(crm_plugin_descriptor, init) == 32);
static_assert(offsetof(crm_plugin_descriptor, shutdown) == 40);
static_assert(CRM_DESCRIPTOR_SIZE_1_0 == 48);

// crm_str, the view every string crosses in.
static_assert(offsetof(crm_str, data) == 0 && offsetof(crm_str, len) == 8 && sizeof(crm_str) == 16);

// Status and enum values are part of the contract too.
static_assert(CRM_OK == 0 && CRM_ERR_ARGUMENT == 1 && CRM_ERR_NOT_FOUND == 2 && CRM_ERR_DATABASE == 3 &&
              CRM_ERR_UNAVAILABLE == 4 && CRM_ERR_STATE == 5 && CRM_ERR_INTERNAL == 6);
static_assert(CRM_PARAM_PATH == 0 && CRM_PARAM_QUERY == 1 && CRM_PARAM_HEADER == 2);
static_assert(CRM_LOG_DEBUG == 0 && CRM_LOG_INFO == 1 && CRM_LOG_WARNING == 2 && CRM_LOG_ERROR == 3);

}  // namespace
