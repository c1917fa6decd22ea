#include "http/RequestPipeline.h"

#include "api/HttpError.h"
#include "api/CurrentRequest.h"
#include "api/ErrorBody.h"
#include "api/JsonBody.h"
#include "api/Router.h"
#include "auth/Permissions.h"
#include "db/DbError.h"
#include "db/FairGate.h"
#include "db/StatementCounter.h"
#include "http/AccessLog.h"
#include "http/Authenticator.h"
#include "http/CorsPolicy.h"
#include "http/DbErrorMapping.h"
#include "http/FormBody.h"
#include "http/RequestId.h"
#include "http/RequestMetrics.h"
#include "http/RequestTarget.h"
#include "http/StaticFiles.h"
#include "net/ClientAddress.h"
#include "validation/Validator.h"

#include <Poco/Logger.h>
#include <Poco/Net/HTTPServerRequest.h>
#include <Poco/Net/HTTPServerResponse.h>
#include <Poco/String.h>

#include <algorithm>
#include <cctype>
#include <chrono>
#include <set>

namespace crm {

namespace {

std::string requestIdOf(const Poco::Net::HTTPServerRequest& http) {
    for (const char* name : {"X-Request-ID", "X-Correlation-ID"}) {
        const std::string& given = http.get(name, Poco::Net::HTTPMessage::EMPTY);
        if (given.empty() || given.size() > 128) continue;
        bool safe = true;
        for (unsigned char c : given) safe = safe && (std::isalnum(c) || c == '-' || c == '_' || c == '.' || c == ':');
        if (safe) return given;
    }
    return newRequestId();
}

std::string mediaType(const std::string& contentType) {
    return Poco::toLower(Poco::trim(contentType.substr(0, contentType.find(';'))));
}

// Whether the request carries a body, once its framing has been checked.
bool carriesBody(const Poco::Net::HTTPServerRequest& http) {
    return http.getChunkedTransferEncoding() || (http.hasContentLength() && http.getContentLength64() > 0);
}

// A body must be framed one way only (RFC 9112 section 6.3): a proxy in
// front that reads the framing differently would take the rest of this body
// for another client's request (request smuggling).
void checkFraming(const Poco::Net::HTTPServerRequest& http) {
    int lengths = 0;
    for (auto it = http.find("Content-Length"); it != http.end() && Poco::icompare(it->first, "Content-Length") == 0; ++it) {
        ++lengths;
        const std::string value = Poco::trim(it->second);
        bool digits = !value.empty() && value.size() <= 18;
        for (char ch : value) digits = digits && std::isdigit(static_cast<unsigned char>(ch));
        if (!digits) throw HttpError(400, "Content-Length must be a decimal number of bytes");
    }
    if (lengths > 1) throw HttpError(400, "A request must carry one Content-Length header, not " + std::to_string(lengths));
    int encodings = 0;
    for (auto it = http.find("Transfer-Encoding"); it != http.end() && Poco::icompare(it->first, "Transfer-Encoding") == 0; ++it)
        ++encodings;
    if (encodings == 0) return;
    // Two headers are one list ("chunked, chunked") to a proxy in front.
    if (encodings > 1) throw HttpError(400, "A request must carry one Transfer-Encoding header, not " + std::to_string(encodings));
    if (lengths > 0) throw HttpError(400, "A request must not carry both Transfer-Encoding and Content-Length");
    if (Poco::icompare(Poco::trim(http.get("Transfer-Encoding")), "chunked") != 0)
        throw HttpError(400, "Transfer-Encoding must be chunked alone; send the body uncompressed");
}

bool isLongRead(const RouteSchema& schema, const Request& request) {
    if (schema.longRead) return true;
    for (const auto& name : schema.longReadWhen)
        if (const std::string* value = request.queryParam(name); value && !value->empty()) return true;
    return false;
}

// A long read waits for one of its share of the sessions before it may take
// a session at all, so long reads can never hold every session.
class LongReadTurn {
public:
    LongReadTurn(FairGate& gate, bool needed) : gate_(needed ? &gate : nullptr) {
        if (gate_ && !gate_->enter(kWait)) {
            gate_ = nullptr;
            throw HttpError(503, "Too many long reports and searches are running; retry in a few seconds",
                           {{"Retry-After", "5"}});
        }
    }
    ~LongReadTurn() {
        if (gate_) gate_->leave();
    }
    LongReadTurn(const LongReadTurn&) = delete;
    LongReadTurn& operator=(const LongReadTurn&) = delete;

private:
    static constexpr std::chrono::milliseconds kWait{5000};
    FairGate* gate_;
};

class RequestPipeline : public Poco::Net::HTTPRequestHandler {
public:
    explicit RequestPipeline(const PipelineDependencies& deps) : deps_(deps) {}

    void handleRequest(Poco::Net::HTTPServerRequest& http, Poco::Net::HTTPServerResponse& out) override {
        auto started = std::chrono::steady_clock::now();
        Request request;
        Response response;
        request.http = &http;
        request.requestId = requestIdOf(http);
        request.method = http.getMethod();
        request.clientAddress = deps_.proxies.clientOf(http.clientAddress().host(), http.get("X-Forwarded-For", ""));
        const Route* route = nullptr;
        {
            StatementCounter::Scope counting(request.statements);
            CurrentRequest::Scope current(request);
            try {
                dispatch(http, request, response, route);
            } catch (const HttpError& e) {
                response.json(detailBody(e.what()), e.status());
                for (const auto& h : e.headers()) response.headers.push_back(h);
            } catch (const Invalid& e) {
                response.json(validationBody(e.issues()), 422);
            } catch (const DbUnavailable& e) {
                unavailable(response);
                Poco::Logger::get("http").warning("request " + request.requestId + ": " + e.what());
            } catch (const DbError& e) {
                if (!answerDatabaseError({e.sqlstate(), e.what(), e.constraintName()}, response))
                    logBug(request, route, std::string("SQL error ") + e.sqlstate() + ": " + e.what());
            } catch (const std::exception& e) {
                response.json(detailBody("Internal server error"), 500);
                logBug(request, route, e.what());
            }
        }
        send(http, out, request, response);
        auto elapsed = std::chrono::steady_clock::now() - started;
        deps_.requests.record(route, request.method, response.status, elapsed);
        AccessLogEntry entry;
        entry.requestId = request.requestId;
        entry.method = request.method;
        entry.route = route ? route->path : servedFrom_ ? servedFrom_->urlPath + "/*" : "-";
        entry.path = request.path;
        entry.status = response.status;
        entry.durationMs = std::chrono::duration<double, std::milli>(elapsed).count();
        entry.userId = request.principal ? request.principal->userId : 0;
        entry.plugin = route ? route->owner : servedFrom_ ? servedFrom_->owner : "-";
        entry.statements = request.statements;
        entry.clientAddress = request.clientAddress;
        writeAccessLog(entry);
    }

private:
    // A CORS preflight from an allowed origin for the API, asking for a
    // method the contract uses: OPTIONS has no route of its own.
    bool isApiPreflight(const Poco::Net::HTTPServerRequest& http, const std::string& path) const {
        static const std::set<std::string> kMethods = {"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE"};
        return http.getMethod() == "OPTIONS" && (path == "/api/v2" || path.rfind("/api/v2/", 0) == 0) &&
               kMethods.count(http.get("Access-Control-Request-Method", "")) &&
               deps_.cors.allows(http.get("Origin", ""));
    }

    // Sets `matched` as soon as a route is found, so the access log names it
    // even when a later stage refuses the request.
    void dispatch(Poco::Net::HTTPServerRequest& http, Request& request, Response& response, const Route*& matched) {
        checkFraming(http);
        bodyConsumed_ = !carriesBody(http);
        auto target = RequestTarget::parse(http.getURI());
        request.path = std::move(target.path);
        request.query = std::move(target.query);

        auto match = deps_.router.match(request.method, request.path);
        if (!match.route && isApiPreflight(http, request.path)) {
            // Whatever the path and method, the browser is told it may send
            // the request, so the page sees its real answer (404, 405, ...
            // with CORS headers) rather than a bare network failure.
            auto methods = match.allowedMethods;
            std::string asked = http.get("Access-Control-Request-Method");
            if (std::find(methods.begin(), methods.end(), asked) == methods.end()) methods.push_back(asked);
            response.status = 204;
            for (auto& h : deps_.cors.preflightHeaders(http.get("Origin"), methods)) response.headers.push_back(h);
            return;
        }
        if (!match.route && match.allowedMethods.empty()) {
            if (const StaticMount* mount = deps_.staticFiles.mountFor(request.path)) {
                servedFrom_ = mount;
                deps_.staticFiles.serve(*mount, request.method, request.path, http.get("If-None-Match", ""), response);
                return;
            }
            throw NotFound("Not Found");
        }
        if (!match.route) {
            std::string allow;
            for (const auto& m : match.allowedMethods) allow += (allow.empty() ? "" : ", ") + m;
            if (request.method == "OPTIONS") {
                response.status = 204;
                response.headers.emplace_back("Allow", allow + ", OPTIONS");
                for (auto& h : deps_.cors.preflightHeaders(http.get("Origin", ""), match.allowedMethods)) response.headers.push_back(h);
                return;
            }
            throw HttpError(405, "Method Not Allowed", {{"Allow", allow}});
        }
        const Route& route = *match.route;
        matched = &route;
        request.plugin = route.owner;
        request.pathParams = std::move(match.params);

        if (http.hasContentLength() && http.getContentLength64() > static_cast<Poco::Int64>(deps_.settings.maxBodyBytes))
            throw tooLarge();

        if (!route.isPublic()) {
            // Authentication reads a user's validity at most once per user
            // every two seconds (UserValidity): amortised, and not the
            // route's statements, which X-DB-Statements reports.
            int authentication = 0;
            StatementCounter::Scope notTheRoutes(authentication);
            request.principal = deps_.authenticator.authenticate(http.get("Authorization", ""));
            if (!deps_.permissions.allows(request.principal->role, route.permission)) throw Forbidden();
        }

        auto issues = Validator::checkParameters(route.schema, request);
        if (route.schema.hasBody) readBody(http, route, request, issues);
        if (!issues.empty()) throw Invalid(issues);

        LongReadTurn turn(deps_.longReads, isLongRead(route.schema, request));
        int status = route.handler(request, response);
        if (status == CRM_OK) {
            if (!response.issues.empty()) response.json(validationBody(response.issues), 422);
        } else if (status == CRM_ERR_DATABASE && request.lastDbError) {
            if (!answerDatabaseError(*request.lastDbError, response))
                logBug(request, &route, "SQL error " + request.lastDbError->sqlstate + ": " + request.lastDbError->message);
        } else if (status == CRM_ERR_UNAVAILABLE) {
            unavailable(response);
        } else {
            response = Response();
            response.json(detailBody("Internal server error"), 500);
            logBug(request, &route, "handler returned status " + std::to_string(status));
        }
    }

    void readBody(Poco::Net::HTTPServerRequest& http, const Route& route, Request& request,
                  std::vector<ValidationIssue>& issues) {
        std::string raw;
        // Without Content-Length or chunked framing a request has no body
        // (RFC 9112 section 6.3); POCO would read until the client closes.
        if (!bodyConsumed_) {
            std::istream& in = http.stream();
            char buffer[8192];
            while (in.read(buffer, sizeof buffer) || in.gcount() > 0) {
                raw.append(buffer, static_cast<std::size_t>(in.gcount()));
                if (raw.size() > deps_.settings.maxBodyBytes) throw tooLarge();
            }
            // A Content-Length body that ends early (the client closed its
            // side) is not the body the client meant: never handled.
            bool cutShort = http.hasContentLength() && static_cast<Poco::Int64>(raw.size()) < http.getContentLength64();
            if (in.bad() || cutShort)
                throw HttpError(400, http.getChunkedTransferEncoding()
                                        ? "The chunked request body is malformed or ends before its last chunk"
                                        : "The request body ended early; send as many bytes as Content-Length says");
            bodyConsumed_ = true;
        }
        bool anyRequired = false;
        for (const auto& f : route.schema.body) anyRequired = anyRequired || f.required;
        if (Poco::trim(raw).empty()) {
            if (anyRequired) issues.push_back({"body", "", "Field required", "missing"});
            else request.body = "{}";
            return;
        }

        std::string type = mediaType(http.getContentType());
        Poco::JSON::Object::Ptr object;
        if (type == "application/x-www-form-urlencoded" && route.schema.acceptsForm) {
            object = formBodyObject(raw);
        } else if (type == "application/json" || (type.size() > 5 && type.compare(type.size() - 5, 5, "+json") == 0)) {
            object = parseJsonBody(raw, deps_.settings.maxJsonDepth, issues);
            if (!object) return;
        } else {
            throw HttpError(415, std::string("Content-Type must be application/json") +
                                    (route.schema.acceptsForm ? " or application/x-www-form-urlencoded" : "") +
                                    (type.empty() ? "" : ", not " + type));
        }
        request.body = Validator::normaliseBody(route.schema, *object, issues);
    }

    HttpError tooLarge() const {
        return HttpError(413, "Request body too large; the limit is " + std::to_string(deps_.settings.maxBodyBytes) + " bytes");
    }

    static void unavailable(Response& response) {
        response = Response();
        response.json(detailBody("Service temporarily unavailable"), 503);
        response.headers.emplace_back("Retry-After", "5");
    }

    static void logBug(const Request& request, const Route* route, const std::string& what) {
        if (request.failureLogged) return;  // once per failure: the plugin said what went wrong
        Poco::Logger::get("http").error("request " + request.requestId + " " + request.method + " " +
                                        (route ? route->path + " (" + route->owner + ")" : request.path) + ": " + what);
    }

    void send(Poco::Net::HTTPServerRequest& http, Poco::Net::HTTPServerResponse& out, const Request& request,
              Response& response) {
        out.setStatusAndReason(static_cast<Poco::Net::HTTPResponse::HTTPStatus>(response.status));
        out.set("X-Request-ID", request.requestId);
        for (const auto& [name, value] : deps_.cors.responseHeaders(http.get("Origin", ""))) out.set(name, value);
        std::string contentType = "application/json";  // unless the handler says otherwise (an HTML page)
        for (const auto& [name, value] : response.headers) {
            if (Poco::icompare(name, "Content-Type") == 0) contentType = value;
            else out.set(name, value);
        }
        // A body left unread (refused before it was read, too large, badly
        // framed) is still on the wire, and must never be parsed as the next
        // request: the connection ends with this answer.
        if (!bodyConsumed_) out.setKeepAlive(false);
        if (deps_.settings.exposeStatementCount) out.set("X-DB-Statements", std::to_string(request.statements));
        if (response.status == 204 || response.status == 304) {
            out.setContentLength(0);
            out.send();
            return;
        }
        out.setContentType(contentType);
        out.sendBuffer(response.body.data(), response.body.size());
    }

    const PipelineDependencies& deps_;
    bool bodyConsumed_ = false;  // read to its end, or there is none
    const StaticMount* servedFrom_ = nullptr;  // the static folder that answered, if one did
};

}  // namespace

Poco::Net::HTTPRequestHandler* RequestPipelineFactory::createRequestHandler(const Poco::Net::HTTPServerRequest&) {
    return new RequestPipeline(deps_);
}

}  // namespace crm
