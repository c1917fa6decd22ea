/*
 * crm-server plugin ABI (C99).
 *
 * This header is the whole contract between the server and a plugin. It is C
 * so that a plugin built with another compiler, another C++ standard library
 * or another year's toolchain still loads. Rules that keep it stable:
 *   - structs start with struct_size and only ever grow at the end;
 *   - strings cross as {data, len} views that are valid for the call only;
 *   - whoever allocates frees (results are freed with result_free);
 *   - every function returns a crm_status; nothing throws across the boundary;
 *   - handles (request, response, db, result) are opaque.
 *
 * Versioning: a plugin built against MAJOR.MINOR loads into a host with the
 * same MAJOR and a MINOR at least as high. New host functions are appended to
 * crm_host_api and announced by a MINOR bump; a plugin that wants them checks
 * api->struct_size before calling (CRM_HOST_API_SIZE_<major>_<minor> below).
 * Every published version is kept, unchanged, in sdk/abi/<version>/.
 */
#ifndef CRM_ABI_H
#define CRM_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CRM_ABI_MAJOR 1
#define CRM_ABI_MINOR 4

/* The only symbol a plugin exports. */
#define CRM_PLUGIN_ENTRY_NAME "crm_plugin_query_v1"
#if defined(__GNUC__)
#define CRM_PLUGIN_EXPORT __attribute__((visibility("default")))
#else
#define CRM_PLUGIN_EXPORT
#endif

/* The length of a message authentication code as mac_sign writes it:
   base64url, no padding, of 32 bytes. */
#define CRM_MAC_TEXT_LEN 43

/* The permission of a route that needs no token. */
#define CRM_PUBLIC "PUBLIC"

/*
 * Text as {data, len}, never NUL-terminated. What a plugin passes in is
 * copied (or used) before the call returns. What the host hands out stays
 * valid for as long as the declaration that returns it says: the handler
 * call, the result, the session, or the host's life.
 * Every handle and out-pointer argument must be non-NULL: NULL is
 * CRM_ERR_ARGUMENT, logged with the plugin and the request.
 */
typedef struct crm_str {
    const char *data; /* NULL means "absent" (or SQL NULL for parameters and values) */
    size_t len;
} crm_str;

typedef enum crm_status {
    CRM_OK = 0,
    CRM_ERR_ARGUMENT = 1,    /* the plugin passed something invalid */
    CRM_ERR_NOT_FOUND = 2,   /* no such parameter, row or column */
    CRM_ERR_DATABASE = 3,    /* a statement failed; the host maps it (409, 422, 500) */
    CRM_ERR_UNAVAILABLE = 4, /* the database is unreachable or the pool is exhausted: 503 */
    CRM_ERR_STATE = 5,       /* not allowed now, e.g. route_add after init */
    CRM_ERR_INTERNAL = 6     /* a bug: the host answers 500 and logs it */
    /* Every status but CRM_OK and CRM_ERR_NOT_FOUND is logged by the host once,
       where it happens, with the plugin id and the request id; a handler that
       returns it gets a 500 (CRM_ERR_UNAVAILABLE: 503) without a second line. */
} crm_status;

typedef enum crm_log_level {
    CRM_LOG_DEBUG = 0,
    CRM_LOG_INFO = 1,
    CRM_LOG_WARNING = 2,
    CRM_LOG_ERROR = 3
} crm_log_level;

/* Where a request parameter comes from. */
typedef enum crm_param_source {
    CRM_PARAM_PATH = 0,
    CRM_PARAM_QUERY = 1,
    CRM_PARAM_HEADER = 2
} crm_param_source;

typedef struct crm_host crm_host;         /* the host as seen by one plugin */
typedef struct crm_request crm_request;   /* valid during the handler call it is given to */
typedef struct crm_response crm_response; /* valid during the handler call it is given to */
typedef struct crm_db crm_db;             /* a pooled database session, until db_release */
typedef struct crm_result crm_result;     /* rows of a statement, text values, until result_free */

typedef int (*crm_handler_fn)(void *ctx, const crm_request *request, crm_response *response);

/* A background job's step: does a bounded amount of work and returns how
   much it did; 0 means "nothing to do", and the host waits its interval
   before the next call. */
typedef int (*crm_job_fn)(void *ctx);

/*
 * A route. `path` is relative to /api/v2, with {name} parameters.
 * `permission` is "<domain>:<action>" or CRM_PUBLIC; a route without one is
 * refused and the plugin fails to load. `schema_json` declares the path,
 * query and body parameters the host validates before calling the handler
 * (docs/plugin-sdk.md describes the schema language); NULL means none.
 */
typedef struct crm_route {
    size_t struct_size;
    const char *method;
    const char *path;
    const char *permission;
    const char *schema_json;
    const char *summary;
    crm_handler_fn handler;
    void *ctx;
} crm_route;

/*
 * ABI 1.4: a folder of files the host serves as they are, at `url_path`
 * (absolute, e.g. "/console", and listed under "static_paths" in
 * plugin.json), to GET and HEAD without a token. `directory` is relative to
 * the plugin's folder (the one holding plugin.json). `spa_fallback`, a file
 * in it or NULL: what a path without a file extension answers, so a
 * single-page app's own routes survive a reload. `immutable_dir`, a
 * subfolder or NULL: its files are named by their content (a bundler's
 * hashed assets), so browsers may keep them for a year; everything else is
 * revalidated on each use. The host sets the content type from the
 * extension, an ETag, and the security headers (docs/static-files.md).
 */
typedef struct crm_static_mount {
    size_t struct_size;
    const char *url_path;
    const char *directory;
    const char *spa_fallback;
    const char *immutable_dir;
} crm_static_mount;

typedef struct crm_host_api {
    size_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;

    /* Logging and configuration. A config value stays valid while the host
       runs (until after the plugin's shutdown). A plugin reads the keys under "plugins.<its id>." and the keys
       its plugin.json lists under "config"; any other key is
       CRM_ERR_NOT_FOUND (and logged once), however the operator set it. */
    int (*log)(crm_host *host, int level, crm_str message);
    int (*config_get)(crm_host *host, crm_str key, crm_str *value);

    /* Routes: only during init. */
    int (*route_add)(crm_host *host, const crm_route *route);

    /* Request accessors. Query and body values are already validated.
       Every view they return is valid until the handler returns.
       request_param: CRM_ERR_NOT_FOUND when the request has no such parameter
       (not a failure, not logged); any other status is one.
       request_body: data NULL when the route takes no body.
       request_principal: CRM_ERR_NOT_FOUND on a public route called without a
       token; technician_id 0 when the user is not a technician. */
    int (*request_param)(const crm_request *request, int source, crm_str name, crm_str *value);
    int (*request_body)(const crm_request *request, crm_str *json);
    int (*request_principal)(const crm_request *request, int64_t *user_id, crm_str *role,
                             int64_t *technician_id);
    int (*request_page)(const crm_request *request, int64_t *page, int64_t *page_size);

    /* Response setters: each copies what it is given. Errors are shaped by
       the host (the contract's format). A status outside 100-599 (400-599 for
       response_error), or a header name or value with a line break, is
       CRM_ERR_ARGUMENT and the response is left as it was. */
    int (*response_status)(crm_response *response, int status);
    int (*response_header)(crm_response *response, crm_str name, crm_str value);
    int (*response_body)(crm_response *response, crm_str json);
    int (*response_error)(crm_response *response, int status, crm_str detail);
    int (*response_invalid)(crm_response *response, crm_str location, crm_str field, crm_str message,
                            crm_str type);
    /* {"items": <items_json>, "total", "page", "page_size", "pages"} for the request's page. */
    int (*response_page)(crm_response *response, const crm_request *request, crm_str items_json,
                         int64_t total);

    /* Database. Parameters are text (data == NULL is SQL NULL); PostgreSQL
       infers their types; they are copied before db_query returns.
       db_release(NULL) and result_free(NULL) do nothing.
       db_error's views are valid until the next call on that session or its
       release. result_value's view is valid until result_free, even after
       the session's release; data NULL is SQL NULL; a row or column past
       result_size is CRM_ERR_NOT_FOUND. */
    int (*db_acquire)(crm_host *host, crm_db **db);
    int (*db_release)(crm_db *db); /* rolls back an open transaction */
    int (*db_begin)(crm_db *db);
    int (*db_commit)(crm_db *db);
    int (*db_rollback)(crm_db *db);
    int (*db_query)(crm_db *db, crm_str sql, const crm_str *params, size_t param_count,
                    crm_result **result);
    int (*db_error)(crm_db *db, crm_str *sqlstate, crm_str *message, crm_str *constraint_name);
    int (*result_size)(const crm_result *result, size_t *rows, size_t *columns);
    int (*result_value)(const crm_result *result, size_t row, size_t column, crm_str *value);
    int (*result_free)(crm_result *result);

    /* ABI 1.1: background jobs, only during init. The host calls step(ctx) on
       a thread of its own while it serves (never for `crm-server routes`),
       again at once while step returns > 0, else after interval_ms; it stops
       every job before calling the plugin's shutdown. */
    int (*job_start)(crm_host *host, crm_str name, crm_job_fn step, void *ctx, uint32_t interval_ms);

    /* ABI 1.2: message authentication without a secret in the plugin. The
       key is derived from the server's secret for this plugin and `purpose`
       (HKDF-SHA256), so no two plugins, and no two purposes, share a key,
       and no plugin can make or check a token of the core's.
       mac_sign writes CRM_MAC_TEXT_LEN characters (not NUL-terminated) to
       `mac`, which must hold at least that many. mac_verify sets *valid to
       1 when `mac` is the one mac_sign makes for this purpose and message,
       else 0; it compares in constant time. */
    int (*mac_sign)(crm_host *host, crm_str purpose, crm_str message, char *mac);
    int (*mac_verify)(crm_host *host, crm_str purpose, crm_str message, crm_str mac, int *valid);

    /* ABI 1.3: keyset pages. response_page's envelope plus "next_after":
       `next_after` as given (the cursor the next page's `after` takes), or
       null when next_after.data is NULL (the last page). On a request that
       came with `after`, "page" is null: the host does not count the rows
       before the cursor. Routes declare "keyset": true (docs/pagination.md). */
    int (*response_page_after)(crm_response *response, const crm_request *request, crm_str items_json,
                               int64_t total, crm_str next_after);

    /* ABI 1.4: static files (crm_static_mount above). Only during init; a
       refusal (a path not in plugin.json, a missing folder, a path another
       mount or route has) fails the plugin's load. */
    int (*static_mount)(crm_host *host, const crm_static_mount *mount);
} crm_host_api;

typedef struct crm_plugin_descriptor {
    size_t struct_size;
    uint32_t abi_major;
    uint32_t abi_minor;
    const char *id;
    const char *version;
    /* Registers routes; *state is handed back to shutdown. Non-zero refuses the load. */
    int (*init)(crm_host *host, const crm_host_api *api, void **state);
    void (*shutdown)(void *state);
} crm_plugin_descriptor;

typedef const crm_plugin_descriptor *(*crm_plugin_query_v1_fn)(void);

/*
 * The size each published minor version gave a struct, up to and including
 * its last member then. A struct at least the 1.0 size is a 1.x struct; a
 * member newer than that is read or called only when struct_size covers it
 * (an older plugin's route, say, has no later field: the host uses its
 * default). These never change once published.
 */
#define CRM_END_OF(type, member) (offsetof(type, member) + sizeof(((type *)0)->member))
#define CRM_HOST_API_SIZE_1_0 CRM_END_OF(crm_host_api, result_free)
#define CRM_HOST_API_SIZE_1_1 CRM_END_OF(crm_host_api, job_start)
#define CRM_HOST_API_SIZE_1_2 CRM_END_OF(crm_host_api, mac_verify)
#define CRM_HOST_API_SIZE_1_3 CRM_END_OF(crm_host_api, response_page_after)
#define CRM_HOST_API_SIZE_1_4 CRM_END_OF(crm_host_api, static_mount)
#define CRM_ROUTE_SIZE_1_0 CRM_END_OF(crm_route, ctx)
#define CRM_DESCRIPTOR_SIZE_1_0 CRM_END_OF(crm_plugin_descriptor, shutdown)
#define CRM_STATIC_MOUNT_SIZE_1_4 CRM_END_OF(crm_static_mount, immutable_dir)

#ifdef __cplusplus
}
#endif

#endif /* CRM_ABI_H */
