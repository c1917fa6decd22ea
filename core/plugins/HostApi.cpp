// The host API table handed to every plugin's init: the C functions behind
// crm_host_api. Each checks its handles and out-pointers and catches
// everything; nothing throws into a plugin, and every failure is logged
// once with the plugin and the request (HostBoundary.h).
#include "api/CurrentRequest.h"
#include "api/ErrorBody.h"
#include "api/PageEnvelope.h"
#include "api/RouteSchema.h"
#include "db/Database.h"
#include "db/DbError.h"
#include "plugins/AbiStrings.h"
#include "plugins/HostBoundary.h"
#include "plugins/HostConfigApi.h"
#include "plugins/HostStaticApi.h"
#include "plugins/JobRunner.h"
#include "plugins/PluginHost.h"
#include "plugins/PluginRuntime.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <cstring>

struct crm_db {
    crm::Database::Session session;
    crm::LastDbError lastError;
    const std::string* plugin;  // the manifest's id, which outlives every session
};

struct crm_result {
    crm::QueryResult rows;
    const std::string* plugin;
};

namespace crm {
namespace {

using hostapi::currentPlugin;
using hostapi::failure;
using hostapi::guarded;
using hostapi::nullArgument;

const std::string& pluginOf(const crm_host* host) {
    static const std::string none;
    return host && host->manifest ? host->manifest->id : none;
}

int hostLog(crm_host* host, int level, crm_str message) {
    if (!host) return nullArgument(currentPlugin(), "log", "host");
    return guarded(pluginOf(host), "log", [&]() -> int {
        auto& logger = Poco::Logger::get("plugin." + host->manifest->id);
        std::string line = text(message);
        // Inside a request, the line names it; an error is the request's
        // one report of its failure, so the pipeline does not log it again.
        if (auto* request = CurrentRequest::get()) {
            line = "request " + request->requestId + " " + request->method + " " + request->path + ": " + line;
            if (level > CRM_LOG_WARNING) request->failureLogged = true;
        }
        switch (level) {
        case CRM_LOG_DEBUG: logger.debug(line); break;
        case CRM_LOG_INFO: logger.information(line); break;
        case CRM_LOG_WARNING: logger.warning(line); break;
        default: logger.error(line); break;
        }
        return CRM_OK;
    });
}

bool validMethod(const std::string& method) {
    static const char* const kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    return std::any_of(std::begin(kMethods), std::end(kMethods), [&](const char* m) { return method == m; });
}

using hostapi::refuseLoad;

int routeAdd(crm_host* host, const crm_route* given) {
    if (!host) return nullArgument(currentPlugin(), "route_add", "host");
    return guarded(pluginOf(host), "route_add", [&]() -> int {
        if (!host->initialising) return refuseLoad(host, "route_add called after init");
        if (!given || given->struct_size < CRM_ROUTE_SIZE_1_0) return refuseLoad(host, "route_add got an incomplete crm_route");
        // A route from an older SDK is shorter: the fields it lacks keep
        // their defaults (zero); a newer SDK's extra fields are not read.
        crm_route copy{};
        std::memcpy(&copy, given, std::min<std::size_t>(given->struct_size, sizeof copy));
        const crm_route* def = &copy;
        if (!def->handler || !def->method || !def->path) return refuseLoad(host, "route_add got an incomplete crm_route");
        std::string method = def->method, path = def->path;
        std::string where = method + " " + path;
        if (!def->permission || !*def->permission)
            return refuseLoad(host, "route " + where + " declares no permission (use a permission or CRM_PUBLIC)");
        std::string permission = def->permission;
        const auto& declared = host->manifest->permissions;
        if (permission != CRM_PUBLIC && std::find(declared.begin(), declared.end(), permission) == declared.end())
            return refuseLoad(host, "route " + where + " uses permission '" + permission + "' that plugin.json does not declare");
        if (!validMethod(method)) return refuseLoad(host, "route " + where + " has an unsupported method");
        const auto& prefixes = host->manifest->routePrefixes;
        bool inPrefix = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
            return path == p || path.rfind(p.back() == '/' ? p : p + "/", 0) == 0;
        });
        if (!inPrefix) return refuseLoad(host, "route " + where + " is outside the route_prefixes of plugin.json");
        Route route;
        route.method = method;
        route.path = "/api/v2" + path;
        route.permission = permission;
        route.owner = host->manifest->id;
        route.summary = def->summary ? def->summary : "";
        try {
            route.schema = RouteSchema::parse(def->schema_json ? def->schema_json : "");
        } catch (const std::exception& e) {
            return refuseLoad(host, "route " + where + ": " + e.what());
        }
        crm_handler_fn fn = def->handler;
        void* ctx = def->ctx;
        route.handler = [fn, ctx](Request& request, Response& response) { return fn(ctx, &request, &response); };
        host->pendingRoutes.push_back(std::move(route));
        return CRM_OK;
    });
}

int jobStart(crm_host* host, crm_str name, crm_job_fn step, void* ctx, uint32_t intervalMs) {
    if (!host) return nullArgument(currentPlugin(), "job_start", "host");
    return guarded(pluginOf(host), "job_start", [&]() -> int {
        if (!host->initialising) return refuseLoad(host, "job_start called after init");
        if (!step) return refuseLoad(host, "job_start needs a step function");
        host->jobs->add(host->manifest->id, text(name), step, ctx, intervalMs < 10 ? 10 : intervalMs);
        return CRM_OK;
    });
}

int requestParam(const crm_request* request, int source, crm_str name, crm_str* value) {
    const auto& plugin = currentPlugin();
    if (!request) return nullArgument(plugin, "request_param", "request");
    if (!value) return nullArgument(plugin, "request_param", "value");
    *value = crm_str{nullptr, 0};
    if (source != CRM_PARAM_PATH && source != CRM_PARAM_QUERY && source != CRM_PARAM_HEADER)
        return failure(plugin, "request_param", CRM_ERR_ARGUMENT, "source " + std::to_string(source) + " is not a crm_param_source");
    return guarded(plugin, "request_param", [&]() -> int {
        std::string key = text(name);
        const std::string* found = nullptr;
        if (source == CRM_PARAM_PATH) found = request->pathParam(key);
        else if (source == CRM_PARAM_QUERY) found = request->queryParam(key);
        else if (request->http && request->http->has(key)) found = &request->http->get(key);
        if (!found) return CRM_ERR_NOT_FOUND;  // absent: not a failure
        *value = view(*found);
        return CRM_OK;
    });
}

int requestBody(const crm_request* request, crm_str* json) {
    if (!request) return nullArgument(currentPlugin(), "request_body", "request");
    if (!json) return nullArgument(currentPlugin(), "request_body", "json");
    *json = request->body.empty() ? crm_str{nullptr, 0} : view(request->body);
    return CRM_OK;
}

int requestPrincipal(const crm_request* request, int64_t* userId, crm_str* role, int64_t* technicianId) {
    const auto& plugin = currentPlugin();
    if (!request) return nullArgument(plugin, "request_principal", "request");
    if (!userId) return nullArgument(plugin, "request_principal", "user_id");
    if (!role) return nullArgument(plugin, "request_principal", "role");
    if (!technicianId) return nullArgument(plugin, "request_principal", "technician_id");
    if (!request->principal) return CRM_ERR_NOT_FOUND;  // a public route: nobody signed in
    *userId = request->principal->userId;
    *role = view(request->principal->role);
    *technicianId = request->principal->technicianId.value_or(0);
    return CRM_OK;
}

int requestPage(const crm_request* request, int64_t* page, int64_t* pageSize) {
    const auto& plugin = currentPlugin();
    if (!request) return nullArgument(plugin, "request_page", "request");
    if (!page) return nullArgument(plugin, "request_page", "page");
    if (!pageSize) return nullArgument(plugin, "request_page", "page_size");
    *page = request->page;
    *pageSize = request->pageSize;
    return CRM_OK;
}

int responseStatus(crm_response* response, int status) {
    if (!response) return nullArgument(currentPlugin(), "response_status", "response");
    if (status < 100 || status > 599)
        return failure(currentPlugin(), "response_status", CRM_ERR_ARGUMENT, std::to_string(status) + " is not an HTTP status");
    response->status = status;
    return CRM_OK;
}

int responseHeader(crm_response* response, crm_str name, crm_str value) {
    const auto& plugin = currentPlugin();
    if (!response) return nullArgument(plugin, "response_header", "response");
    return guarded(plugin, "response_header", [&]() -> int {
        std::string header = text(name);
        if (header.empty() || header.find_first_of("\r\n:") != std::string::npos)
            return failure(plugin, "response_header", CRM_ERR_ARGUMENT, "'" + header + "' is not a header name");
        std::string content = text(value);
        if (content.find_first_of("\r\n") != std::string::npos)
            return failure(plugin, "response_header", CRM_ERR_ARGUMENT, "the value of " + header + " holds a line break");
        response->headers.emplace_back(std::move(header), std::move(content));
        return CRM_OK;
    });
}

int responseBody(crm_response* response, crm_str json) {
    if (!response) return nullArgument(currentPlugin(), "response_body", "response");
    return guarded(currentPlugin(), "response_body", [&]() -> int {
        response->body = text(json);
        return CRM_OK;
    });
}

int responseError(crm_response* response, int status, crm_str detail) {
    const auto& plugin = currentPlugin();
    if (!response) return nullArgument(plugin, "response_error", "response");
    if (status < 400 || status > 599)
        return failure(plugin, "response_error", CRM_ERR_ARGUMENT, std::to_string(status) + " is not an error status");
    return guarded(plugin, "response_error", [&]() -> int {
        response->json(detailBody(text(detail)), status);
        return CRM_OK;
    });
}

int responseInvalid(crm_response* response, crm_str location, crm_str field, crm_str message, crm_str type) {
    if (!response) return nullArgument(currentPlugin(), "response_invalid", "response");
    return guarded(currentPlugin(), "response_invalid", [&]() -> int {
        response->issues.push_back({text(location), text(field), text(message), text(type)});
        return CRM_OK;
    });
}

int responsePage(crm_response* response, const crm_request* request, crm_str items, int64_t total) {
    const auto& plugin = currentPlugin();
    if (!response) return nullArgument(plugin, "response_page", "response");
    if (!request) return nullArgument(plugin, "response_page", "request");
    return guarded(plugin, "response_page", [&]() -> int {
        response->json(pageEnvelope(*request, items.data ? std::string_view(items.data, items.len) : std::string_view(), total));
        return CRM_OK;
    });
}

int responsePageAfter(crm_response* response, const crm_request* request, crm_str items, int64_t total,
                      crm_str nextAfter) {
    const auto& plugin = currentPlugin();
    if (!response) return nullArgument(plugin, "response_page_after", "response");
    if (!request) return nullArgument(plugin, "response_page_after", "request");
    if (!nextAfter.data && nextAfter.len) return nullArgument(plugin, "response_page_after", "next_after.data");
    return guarded(plugin, "response_page_after", [&]() -> int {
        std::optional<std::string_view> next;
        if (nextAfter.data) next = std::string_view(nextAfter.data, nextAfter.len);
        response->json(keysetPageEnvelope(*request, items.data ? std::string_view(items.data, items.len) : std::string_view(),
                                          total, next));
        return CRM_OK;
    });
}

int dbAcquire(crm_host* host, crm_db** db) {
    if (!host) return nullArgument(currentPlugin(), "db_acquire", "host");
    if (!db) return nullArgument(pluginOf(host), "db_acquire", "db");
    *db = nullptr;
    if (!host->database) return CRM_ERR_UNAVAILABLE;
    return guarded(pluginOf(host), "db_acquire", [&]() -> int {
        try {
            *db = new crm_db{host->database->acquire(), {}, &host->manifest->id};
            return CRM_OK;
        } catch (const DbUnavailable& e) {
            // Expected now and then (an outage, the pool's wait exceeded):
            // the request answers 503 with Retry-After.
            Poco::Logger::get("plugin." + host->manifest->id).warning(e.what());
            return CRM_ERR_UNAVAILABLE;
        }
    });
}

int dbRelease(crm_db* db) {
    delete db;  // the session's destructor rolls back an open transaction; NULL is nothing to release
    return CRM_OK;
}

template <typename Action>
int onDatabase(crm_db* db, const char* function, Action action) {
    if (!db) return nullArgument(currentPlugin(), function, "db");
    return guarded(*db->plugin, function, [&]() -> int {
        try {
            action();
            return CRM_OK;
        } catch (const DbError& e) {
            // The pipeline maps it (409, 422) or reports it as a bug, once.
            db->lastError = {e.sqlstate(), e.what(), e.constraintName()};
            if (auto* request = CurrentRequest::get()) request->lastDbError = db->lastError;
            return CRM_ERR_DATABASE;
        } catch (const DbUnavailable&) {
            return CRM_ERR_UNAVAILABLE;
        }
    });
}

int dbBegin(crm_db* db) { return onDatabase(db, "db_begin", [&] { db->session.begin(); }); }
int dbCommit(crm_db* db) { return onDatabase(db, "db_commit", [&] { db->session.commit(); }); }
int dbRollback(crm_db* db) { return onDatabase(db, "db_rollback", [&] { db->session.rollback(); }); }

int dbQuery(crm_db* db, crm_str sql, const crm_str* params, size_t count, crm_result** result) {
    if (!result) return nullArgument(db ? *db->plugin : currentPlugin(), "db_query", "result");
    *result = nullptr;
    if (db && !sql.data) return nullArgument(*db->plugin, "db_query", "sql.data");
    if (db && count > 0 && !params) return nullArgument(*db->plugin, "db_query", "params");
    return onDatabase(db, "db_query", [&] {
        SqlParams values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i)
            values.push_back(params[i].data ? std::optional<std::string>(text(params[i])) : std::nullopt);
        *result = new crm_result{db->session.query(std::string_view(sql.data, sql.len), values), db->plugin};
    });
}

int dbError(crm_db* db, crm_str* sqlstate, crm_str* message, crm_str* constraintName) {
    const std::string& plugin = db ? *db->plugin : currentPlugin();
    if (!db) return nullArgument(plugin, "db_error", "db");
    if (!sqlstate) return nullArgument(plugin, "db_error", "sqlstate");
    if (!message) return nullArgument(plugin, "db_error", "message");
    if (!constraintName) return nullArgument(plugin, "db_error", "constraint_name");
    *sqlstate = view(db->lastError.sqlstate);
    *message = view(db->lastError.message);
    *constraintName = view(db->lastError.constraint);
    return CRM_OK;
}

int resultSize(const crm_result* result, size_t* rows, size_t* columns) {
    if (!result) return nullArgument(currentPlugin(), "result_size", "result");
    if (!rows) return nullArgument(*result->plugin, "result_size", "rows");
    if (!columns) return nullArgument(*result->plugin, "result_size", "columns");
    *rows = result->rows.rows();
    *columns = result->rows.columns();
    return CRM_OK;
}

int resultValue(const crm_result* result, size_t row, size_t column, crm_str* value) {
    if (!result) return nullArgument(currentPlugin(), "result_value", "result");
    if (!value) return nullArgument(*result->plugin, "result_value", "value");
    if (row >= result->rows.rows() || column >= result->rows.columns()) return CRM_ERR_NOT_FOUND;
    if (result->rows.isNull(row, column)) *value = crm_str{nullptr, 0};
    else {
        auto v = result->rows.text(row, column);
        *value = crm_str{v.data(), v.size()};
    }
    return CRM_OK;
}

int resultFree(crm_result* result) {
    delete result;  // NULL is nothing to free
    return CRM_OK;
}

}  // namespace

const crm_host_api& PluginHost::api() {
    static const crm_host_api table = {
        sizeof(crm_host_api), CRM_ABI_MAJOR, CRM_ABI_MINOR,
        &hostLog, &hostapi::configGet, &routeAdd,
        &requestParam, &requestBody, &requestPrincipal, &requestPage,
        &responseStatus, &responseHeader, &responseBody, &responseError, &responseInvalid, &responsePage,
        &dbAcquire, &dbRelease, &dbBegin, &dbCommit, &dbRollback, &dbQuery, &dbError,
        &resultSize, &resultValue, &resultFree,
        &jobStart,
        &hostapi::macSign, &hostapi::macVerify,
        &responsePageAfter,
        &hostapi::staticMount,
    };
    return table;
}

}  // namespace crm
