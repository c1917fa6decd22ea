// The host API table handed to every plugin's init: the C functions behind
// crm_host_api. Each catches everything; nothing throws into a plugin.
#include "db/Database.h"
#include "db/DbError.h"
#include "http/CurrentRequest.h"
#include "http/ErrorBody.h"
#include "http/PageEnvelope.h"
#include "plugins/AbiStrings.h"
#include "plugins/HostConfigApi.h"
#include "plugins/JobRunner.h"
#include "plugins/PluginHost.h"
#include "plugins/PluginRuntime.h"
#include "validation/RouteSchema.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>

#include <algorithm>
#include <cstring>

struct crm_db {
    crm::Database::Session session;
    crm::LastDbError lastError;
};

struct crm_result {
    crm::QueryResult rows;
};

namespace crm {
namespace {


int hostLog(crm_host* host, int level, crm_str message) {
    try {
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
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

bool validMethod(const std::string& method) {
    static const char* const kMethods[] = {"GET", "POST", "PUT", "PATCH", "DELETE"};
    return std::any_of(std::begin(kMethods), std::end(kMethods), [&](const char* m) { return method == m; });
}

int refuse(crm_host* host, const std::string& why) {
    if (host->refusal.empty()) host->refusal = why;
    return CRM_ERR_ARGUMENT;
}

int routeAdd(crm_host* host, const crm_route* given) {
    try {
        if (!host->initialising) return refuse(host, "route_add called after init");
        if (!given || given->struct_size < CRM_ROUTE_SIZE_1_0) return refuse(host, "route_add got an incomplete crm_route");
        // A route from an older SDK is shorter: the fields it lacks keep
        // their defaults (zero); a newer SDK's extra fields are not read.
        crm_route copy{};
        std::memcpy(&copy, given, std::min<std::size_t>(given->struct_size, sizeof copy));
        const crm_route* def = &copy;
        if (!def->handler || !def->method || !def->path) return refuse(host, "route_add got an incomplete crm_route");
        std::string method = def->method, path = def->path;
        std::string where = method + " " + path;
        if (!def->permission || !*def->permission)
            return refuse(host, "route " + where + " declares no permission (use a permission or CRM_PUBLIC)");
        std::string permission = def->permission;
        const auto& declared = host->manifest->permissions;
        if (permission != CRM_PUBLIC && std::find(declared.begin(), declared.end(), permission) == declared.end())
            return refuse(host, "route " + where + " uses permission '" + permission + "' that plugin.json does not declare");
        if (!validMethod(method)) return refuse(host, "route " + where + " has an unsupported method");
        const auto& prefixes = host->manifest->routePrefixes;
        bool inPrefix = std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) {
            return path == p || path.rfind(p.back() == '/' ? p : p + "/", 0) == 0;
        });
        if (!inPrefix) return refuse(host, "route " + where + " is outside the route_prefixes of plugin.json");
        Route route;
        route.method = method;
        route.path = "/api/v2" + path;
        route.permission = permission;
        route.owner = host->manifest->id;
        route.summary = def->summary ? def->summary : "";
        try {
            route.schema = RouteSchema::parse(def->schema_json ? def->schema_json : "");
        } catch (const std::exception& e) {
            return refuse(host, "route " + where + ": " + e.what());
        }
        crm_handler_fn fn = def->handler;
        void* ctx = def->ctx;
        route.handler = [fn, ctx](Request& request, Response& response) { return fn(ctx, &request, &response); };
        host->pendingRoutes.push_back(std::move(route));
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int jobStart(crm_host* host, crm_str name, crm_job_fn step, void* ctx, uint32_t intervalMs) {
    try {
        if (!host->initialising) return refuse(host, "job_start called after init");
        if (!step) return refuse(host, "job_start needs a step function");
        host->jobs->add(host->manifest->id, text(name), step, ctx, intervalMs < 10 ? 10 : intervalMs);
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int requestParam(const crm_request* request, int source, crm_str name, crm_str* value) {
    try {
        std::string key = text(name);
        const std::string* found = nullptr;
        if (source == CRM_PARAM_PATH) found = request->pathParam(key);
        else if (source == CRM_PARAM_QUERY) found = request->queryParam(key);
        else if (source == CRM_PARAM_HEADER && request->http && request->http->has(key)) found = &request->http->get(key);
        if (!found) {
            *value = crm_str{nullptr, 0};
            return CRM_ERR_NOT_FOUND;
        }
        *value = view(*found);
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int requestBody(const crm_request* request, crm_str* json) {
    *json = request->body.empty() ? crm_str{nullptr, 0} : view(request->body);
    return CRM_OK;
}

int requestPrincipal(const crm_request* request, int64_t* userId, crm_str* role, int64_t* technicianId) {
    if (!request->principal) return CRM_ERR_NOT_FOUND;
    *userId = request->principal->userId;
    *role = view(request->principal->role);
    *technicianId = request->principal->technicianId.value_or(0);
    return CRM_OK;
}

int requestPage(const crm_request* request, int64_t* page, int64_t* pageSize) {
    *page = request->page;
    *pageSize = request->pageSize;
    return CRM_OK;
}

int responseStatus(crm_response* response, int status) {
    if (status < 100 || status > 599) return CRM_ERR_ARGUMENT;
    response->status = status;
    return CRM_OK;
}

int responseHeader(crm_response* response, crm_str name, crm_str value) {
    try {
        std::string header = text(name);
        if (header.empty() || header.find_first_of("\r\n:") != std::string::npos) return CRM_ERR_ARGUMENT;
        std::string content = text(value);
        if (content.find_first_of("\r\n") != std::string::npos) return CRM_ERR_ARGUMENT;
        response->headers.emplace_back(std::move(header), std::move(content));
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int responseBody(crm_response* response, crm_str json) {
    try {
        response->body = text(json);
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int responseError(crm_response* response, int status, crm_str detail) {
    if (status < 400 || status > 599) return CRM_ERR_ARGUMENT;
    try {
        response->json(detailBody(text(detail)), status);
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int responseInvalid(crm_response* response, crm_str location, crm_str field, crm_str message, crm_str type) {
    try {
        response->issues.push_back({text(location), text(field), text(message), text(type)});
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int responsePage(crm_response* response, const crm_request* request, crm_str items, int64_t total) {
    try {
        response->json(pageEnvelope(*request, items.data ? std::string_view(items.data, items.len) : std::string_view(), total));
        return CRM_OK;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int dbAcquire(crm_host* host, crm_db** db) {
    *db = nullptr;
    if (!host->database) return CRM_ERR_UNAVAILABLE;
    try {
        *db = new crm_db{host->database->acquire(), {}};
        return CRM_OK;
    } catch (const DbUnavailable& e) {
        Poco::Logger::get("plugin." + host->manifest->id).warning(e.what());
        return CRM_ERR_UNAVAILABLE;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int dbRelease(crm_db* db) {
    delete db;  // the session's destructor rolls back an open transaction
    return CRM_OK;
}

template <typename Action>
int onDatabase(crm_db* db, Action action) {
    try {
        action();
        return CRM_OK;
    } catch (const DbError& e) {
        db->lastError = {e.sqlstate(), e.what(), e.constraintName()};
        if (auto* request = CurrentRequest::get()) request->lastDbError = db->lastError;
        return CRM_ERR_DATABASE;
    } catch (const DbUnavailable&) {
        return CRM_ERR_UNAVAILABLE;
    } catch (...) {
        return CRM_ERR_INTERNAL;
    }
}

int dbBegin(crm_db* db) { return onDatabase(db, [&] { db->session.begin(); }); }
int dbCommit(crm_db* db) { return onDatabase(db, [&] { db->session.commit(); }); }
int dbRollback(crm_db* db) { return onDatabase(db, [&] { db->session.rollback(); }); }

int dbQuery(crm_db* db, crm_str sql, const crm_str* params, size_t count, crm_result** result) {
    *result = nullptr;
    return onDatabase(db, [&] {
        SqlParams values;
        values.reserve(count);
        for (size_t i = 0; i < count; ++i)
            values.push_back(params[i].data ? std::optional<std::string>(text(params[i])) : std::nullopt);
        *result = new crm_result{db->session.query(std::string_view(sql.data, sql.len), values)};
    });
}

int dbError(crm_db* db, crm_str* sqlstate, crm_str* message, crm_str* constraintName) {
    *sqlstate = view(db->lastError.sqlstate);
    *message = view(db->lastError.message);
    *constraintName = view(db->lastError.constraint);
    return CRM_OK;
}

int resultSize(const crm_result* result, size_t* rows, size_t* columns) {
    *rows = result->rows.rows();
    *columns = result->rows.columns();
    return CRM_OK;
}

int resultValue(const crm_result* result, size_t row, size_t column, crm_str* value) {
    if (row >= result->rows.rows() || column >= result->rows.columns()) return CRM_ERR_NOT_FOUND;
    if (result->rows.isNull(row, column)) *value = crm_str{nullptr, 0};
    else {
        auto v = result->rows.text(row, column);
        *value = crm_str{v.data(), v.size()};
    }
    return CRM_OK;
}

int resultFree(crm_result* result) {
    delete result;
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
    };
    return table;
}

}  // namespace crm
