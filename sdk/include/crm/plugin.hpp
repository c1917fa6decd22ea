// Header-only C++ wrapper over abi.h, compiled into each plugin.
//
// A plugin derives from crm::Plugin, registers its routes in registerRoutes(),
// and writes each handler as a member function that reads the request, runs
// SQL through crm::Db and fills the response. Exceptions never cross into
// the host: the route thunk turns them into responses (HttpError, Invalid)
// or status codes (database failures, bugs) that the host maps to the
// contract's error shapes.
#ifndef CRM_PLUGIN_HPP
#define CRM_PLUGIN_HPP

#include "crm/abi.h"
#include "crm/json.hpp"
#include "crm/schema.hpp"

#include <charconv>
#include <cstddef>
#include <cstdint>
#include <exception>
#include <initializer_list>
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm {

inline crm_str view(std::string_view s) { return crm_str{s.data(), s.size()}; }
inline std::string_view view(crm_str s) { return s.data ? std::string_view(s.data, s.len) : std::string_view(); }

// A LIKE/ILIKE pattern (for ESCAPE '\') matching `search` anywhere, its
// own wildcards escaped; nothing for an absent or empty search.
inline std::optional<std::string> containsPattern(std::optional<std::string_view> search) {
    if (!search || search->empty()) return std::nullopt;
    std::string pattern = "%";
    for (char c : *search) {
        if (c == '%' || c == '_' || c == '\\') pattern += '\\';
        pattern += c;
    }
    return pattern + "%";
}

// An error answered with {"detail": ...} and its status.
class HttpError : public std::exception {
public:
    HttpError(int status, std::string detail) : status_(status), detail_(std::move(detail)) {}
    int status() const noexcept { return status_; }
    const std::string& detail() const noexcept { return detail_; }
    const char* what() const noexcept override { return detail_.c_str(); }

private:
    int status_;
    std::string detail_;
};

struct NotFound : HttpError { explicit NotFound(std::string d) : HttpError(404, std::move(d)) {} };
struct Conflict : HttpError { explicit Conflict(std::string d) : HttpError(409, std::move(d)) {} };
struct Forbidden : HttpError { Forbidden() : HttpError(403, "Not enough permissions") {} };

// A 422 with one entry per problem, in the contract's {loc, msg, type} shape.
class Invalid : public std::exception {
public:
    struct Entry { std::string location, field, message, type; };
    Invalid(std::string location, std::string field, std::string message, std::string type) {
        add(std::move(location), std::move(field), std::move(message), std::move(type));
    }
    void add(std::string location, std::string field, std::string message, std::string type) {
        entries_.push_back({std::move(location), std::move(field), std::move(message), std::move(type)});
    }
    const std::vector<Entry>& entries() const noexcept { return entries_; }
    const char* what() const noexcept override { return "invalid input"; }

private:
    std::vector<Entry> entries_;
};

// A host status that the host itself maps (database errors, unavailability).
class StatusError : public std::exception {
public:
    StatusError(int status, std::string what) : status_(status), what_(std::move(what)) {}
    int status() const noexcept { return status_; }
    const char* what() const noexcept override { return what_.c_str(); }

private:
    int status_;
    std::string what_;
};

// A failed statement, with PostgreSQL's SQLSTATE so a plugin can react to
// a specific constraint before letting the host map the rest.
class DatabaseError : public StatusError {
public:
    DatabaseError(std::string sqlstate, std::string message, std::string constraintName)
        : StatusError(CRM_ERR_DATABASE, message), sqlstate_(std::move(sqlstate)),
          constraint_(std::move(constraintName)) {}
    const std::string& sqlstate() const noexcept { return sqlstate_; }
    const std::string& constraintName() const noexcept { return constraint_; }
    bool isForeignKeyViolation() const noexcept { return sqlstate_ == "23503"; }
    bool isUniqueViolation() const noexcept { return sqlstate_ == "23505"; }

private:
    std::string sqlstate_;
    std::string constraint_;
};

inline const char* statusName(int status) {
    switch (status) {
    case CRM_ERR_ARGUMENT: return "invalid argument";
    case CRM_ERR_NOT_FOUND: return "not found";
    case CRM_ERR_DATABASE: return "database error";
    case CRM_ERR_UNAVAILABLE: return "database unavailable";
    case CRM_ERR_STATE: return "not allowed now";
    default: return "internal error";
    }
}

inline void check(int status, const char* what) {
    if (status != CRM_OK) throw StatusError(status, std::string(what) + ": " + statusName(status));
}

class Host {
public:
    Host(crm_host* host, const crm_host_api* api) : host_(host), api_(api) {}
    crm_host* handle() const { return host_; }
    const crm_host_api* api() const { return api_; }

    void log(crm_log_level level, std::string_view message) const { api_->log(host_, level, view(message)); }
    std::optional<std::string_view> config(std::string_view key) const {
        crm_str value{nullptr, 0};
        int status = api_->config_get(host_, view(key), &value);
        if (status == CRM_ERR_NOT_FOUND) return std::nullopt;  // unset, or not the plugin's to read
        check(status, "config_get");
        if (!value.data) return std::nullopt;
        return view(value);
    }

    // A MAC of `message` under this plugin's own key for `purpose` (ABI 1.2),
    // for tokens the plugin hands out and later checks, such as links.
    std::string sign(std::string_view purpose, std::string_view message) const {
        requireMac();
        std::string mac(CRM_MAC_TEXT_LEN, '\0');
        check(api_->mac_sign(host_, view(purpose), view(message), mac.data()), "mac_sign");
        return mac;
    }
    bool verify(std::string_view purpose, std::string_view message, std::string_view mac) const {
        requireMac();
        int valid = 0;
        check(api_->mac_verify(host_, view(purpose), view(message), view(mac), &valid), "mac_verify");
        return valid == 1;
    }

    // Serves the files of `directory` (relative to the plugin's folder) at
    // `urlPath`, which plugin.json lists under "static_paths" (ABI 1.4).
    // Call it from init. Empty `spaFallback` / `immutableDir`: none.
    void serveStatic(const char* urlPath, const char* directory, const char* spaFallback = "",
                     const char* immutableDir = "") const {
        if (api_->struct_size < CRM_HOST_API_SIZE_1_4)
            throw StatusError(CRM_ERR_STATE, "this server is too old to serve static files (needs SDK ABI 1.4)");
        crm_static_mount mount{sizeof(crm_static_mount), urlPath, directory, spaFallback, immutableDir};
        check(api_->static_mount(host_, &mount), "static_mount");
    }

private:
    void requireMac() const {
        if (api_->struct_size < CRM_HOST_API_SIZE_1_2)
            throw StatusError(CRM_ERR_STATE, "this server is too old to sign for plugins (needs SDK ABI 1.2)");
    }

    crm_host* host_;
    const crm_host_api* api_;
};

struct Principal {
    int64_t userId = 0;
    std::string role;
    std::optional<int64_t> technicianId;
};

class Request {
public:
    Request(const crm_request* request, const crm_host_api* api) : request_(request), api_(api) {}

    std::optional<std::string_view> path(std::string_view name) const { return param(CRM_PARAM_PATH, name); }
    std::optional<std::string_view> query(std::string_view name) const { return param(CRM_PARAM_QUERY, name); }
    std::optional<std::string_view> header(std::string_view name) const { return param(CRM_PARAM_HEADER, name); }
    // A list's filter: the query parameter, or nothing when it is absent or
    // empty (?region= filters nothing).
    std::optional<std::string_view> filter(std::string_view name) const {
        auto value = query(name);
        if (!value || value->empty()) return std::nullopt;
        return value;
    }

    // The validated sort value (a field the route's schema lists, maybe with
    // '-'), or the route's default when the client sent none.
    std::string sort(std::string_view fallback) const { return std::string(query("sort").value_or(fallback)); }

    // The If-Match precondition, or nothing when absent or "*" (any version).
    std::optional<std::string> ifMatch() const {
        auto value = header("If-Match");
        if (!value || *value == "*") return std::nullopt;
        std::string tag(*value);
        if (tag.rfind("W/", 0) == 0) tag = tag.substr(2);  // weak and strong tags compare alike here
        return tag;
    }

    // A path parameter the route's schema declared as an integer.
    int64_t pathId(std::string_view name) const {
        auto text = path(name);
        int64_t value = 0;
        if (!text || std::from_chars(text->data(), text->data() + text->size(), value).ec != std::errc())
            throw Invalid("path", std::string(name), "Input should be a valid integer", "int_parsing");
        return value;
    }

    // The validated body as JSON text: an object holding only the declared
    // fields that the client sent, strings trimmed.
    std::string_view body() const {
        crm_str json{nullptr, 0};
        check(api_->request_body(request_, &json), "request_body");
        return json.data ? view(json) : std::string_view("{}");
    }
    bool bodyIsEmpty() const { return body() == "{}"; }
    // Whether the client sent this declared field. The host writes each key
    // once as "key": and escapes quotes inside values, so a plain search is
    // exact. The key is found, then its quotes and colon checked around it:
    // building the quoted key for the search cost an allocation each call.
    bool bodyHas(std::string_view key) const {
        std::string_view text = body();
        for (std::size_t at = text.find(key); at != std::string_view::npos; at = text.find(key, at + 1))
            if (at > 0 && text[at - 1] == '"' && text.substr(at + key.size(), 2) == "\":") return true;
        return false;
    }

    Principal principal() const {
        int64_t user = 0, technician = 0;
        crm_str role{nullptr, 0};
        check(api_->request_principal(request_, &user, &role, &technician), "request_principal");
        Principal p{user, std::string(view(role)), std::nullopt};
        if (technician > 0) p.technicianId = technician;
        return p;
    }

    std::pair<int64_t, int64_t> page() const {
        int64_t page = 1, size = 50;
        check(api_->request_page(request_, &page, &size), "request_page");
        return {page, size};
    }

    const crm_request* handle() const { return request_; }

private:
    std::optional<std::string_view> param(int source, std::string_view name) const {
        crm_str value{nullptr, 0};
        int status = api_->request_param(request_, source, view(name), &value);
        // Absent is an answer; any other failure is the host's, and must not
        // pass for "absent" (a dropped list filter would widen the answer).
        if (status == CRM_ERR_NOT_FOUND) return std::nullopt;
        check(status, "request_param");
        if (!value.data) return std::nullopt;
        return view(value);
    }

    const crm_request* request_;
    const crm_host_api* api_;
};

// A statement parameter: text, or SQL NULL. PostgreSQL infers the type
// from the statement, so integers and dates travel as their text form.
class Param {
public:
    Param(std::nullptr_t) : null_(true) {}
    Param(std::string_view text) : text_(text) {}
    Param(const std::string& text) : text_(text) {}
    Param(const char* text) : text_(text) {}
    Param(int64_t number) : text_(std::to_string(number)) {}
    Param(int number) : text_(std::to_string(number)) {}
    Param(bool yes) : text_(yes ? "true" : "false") {}
    template <typename T>
    Param(const std::optional<T>& value) : null_(!value) { if (value) text_ = Param(*value).text_; }

    crm_str str() const { return null_ ? crm_str{nullptr, 0} : crm_str{text_.data(), text_.size()}; }

private:
    std::string text_;
    bool null_ = false;
};

// A statement with the names of the columns its rows have, in order, so
// that a handler reads row.boolean("found") rather than column 2. The ABI
// reports no column names: they are the plugin's, and a result with
// another number of columns fails the request (a bug in the statement).
class Statement {
public:
    explicit Statement(std::string sql, std::initializer_list<std::string_view> columns = {})
        : sql_(std::move(sql)), columns_(columns.begin(), columns.end()) {}
    std::string_view sql() const { return sql_; }
    const std::vector<std::string>& columns() const { return columns_; }

private:
    std::string sql_;
    std::vector<std::string> columns_;
};

namespace detail {

// What a host result holds, freed with it; shared by the Result and every
// Row taken from it, so a row may outlive the Result it came from.
struct ResultData {
    ResultData(crm_result* r, const crm_host_api* a) : result(r), api(a) {}
    ResultData(const ResultData&) = delete;
    ResultData& operator=(const ResultData&) = delete;
    ~ResultData() { api->result_free(result); }

    std::optional<std::string_view> value(size_t row, size_t column) const {
        crm_str v{nullptr, 0};
        check(api->result_value(result, row, column, &v), "result_value");
        if (!v.data) return std::nullopt;
        return view(v);
    }
    size_t column(std::string_view name) const {
        for (size_t i = 0; i < names.size(); ++i)
            if (names[i] == name) return i;
        throw std::logic_error("the statement declares no column '" + std::string(name) + "'");
    }

    crm_result* result;
    const crm_host_api* api;
    size_t rows = 0, columns = 0;
    std::vector<std::string> names;
};

// Text that is not a whole number is a bug in the statement (a wrong
// column), not a 0, and fails the request.
inline int64_t integer(std::string_view text, const std::string& where) {
    int64_t n = 0;
    auto [end, error] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (error != std::errc() || end != text.data() + text.size())
        throw std::runtime_error(where + " is '" + std::string(text.substr(0, 40)) + "', not an integer");
    return n;
}

}  // namespace detail

// One row of a result, read by the column names its Statement declared.
// A typed getter fails the request on SQL NULL (use value() for a column
// that may be NULL) and on text of another type.
class Row {
public:
    Row(std::shared_ptr<const detail::ResultData> data, size_t index) : data_(std::move(data)), index_(index) {}

    // The value as the host gave it, nothing for SQL NULL.
    std::optional<std::string_view> value(std::string_view column) const {
        return data_->value(index_, data_->column(column));
    }
    bool isNull(std::string_view column) const { return !value(column); }
    std::string text(std::string_view column) const { return std::string(present(column)); }
    int64_t integer(std::string_view column) const { return detail::integer(present(column), where(column)); }
    // PostgreSQL's boolean text, t or f.
    bool boolean(std::string_view column) const {
        std::string_view v = present(column);
        if (v == "t" || v == "true") return true;
        if (v == "f" || v == "false") return false;
        throw std::runtime_error(where(column) + " is '" + std::string(v.substr(0, 40)) + "', not a boolean");
    }

private:
    std::string_view present(std::string_view column) const {
        auto v = value(column);
        if (!v) throw std::runtime_error(where(column) + " is NULL");
        return *v;
    }
    std::string where(std::string_view column) const {
        return "row " + std::to_string(index_) + " column '" + std::string(column) + "'";
    }

    std::shared_ptr<const detail::ResultData> data_;
    size_t index_;
};

// The rows of a statement: for (const crm::Row& row : result), or
// result.row(i); and, by position, value/text/integer(row, column).
class Result {
public:
    Result(crm_result* result, const crm_host_api* api) : data_(std::make_shared<detail::ResultData>(result, api)) {
        check(api->result_size(result, &data_->rows, &data_->columns), "result_size");
    }
    Result(crm_result* result, const crm_host_api* api, const std::vector<std::string>& names) : Result(result, api) {
        if (data_->columns != names.size())
            throw std::logic_error("the statement declares " + std::to_string(names.size()) + " columns and returned " +
                                   std::to_string(data_->columns));
        data_->names = names;
    }
    Result(const Result&) = delete;
    Result& operator=(const Result&) = delete;
    Result(Result&&) noexcept = default;

    size_t rows() const { return data_->rows; }
    size_t columns() const { return data_->columns; }
    bool empty() const { return data_->rows == 0; }
    Row row(size_t index) const {
        if (index >= data_->rows) throw std::out_of_range("the result has no row " + std::to_string(index));
        return Row(data_, index);
    }

    class Iterator {
    public:
        Iterator(const Result& result, size_t index) : result_(result), index_(index) {}
        Row operator*() const { return result_.row(index_); }
        Iterator& operator++() { ++index_; return *this; }
        bool operator!=(const Iterator& other) const { return index_ != other.index_; }

    private:
        const Result& result_;
        size_t index_;
    };
    Iterator begin() const { return Iterator(*this, 0); }
    Iterator end() const { return Iterator(*this, data_->rows); }

    std::optional<std::string_view> value(size_t row, size_t column) const { return data_->value(row, column); }
    std::string text(size_t row, size_t column) const { return std::string(value(row, column).value_or("")); }
    // 0 for SQL NULL.
    int64_t integer(size_t row, size_t column) const {
        auto v = value(row, column);
        if (!v) return 0;
        return detail::integer(*v, "row " + std::to_string(row) + " column " + std::to_string(column));
    }

private:
    std::shared_ptr<detail::ResultData> data_;
};

class Response {
public:
    Response(crm_response* response, const crm_host_api* api) : response_(response), api_(api) {}

    void json(std::string_view body, int status = 200) {
        check(api_->response_status(response_, status), "response_status");
        check(api_->response_body(response_, view(body)), "response_body");
    }
    void noContent() { check(api_->response_status(response_, 204), "response_status"); }
    // A single resource with the ETag a later If-Match can name.
    void resource(std::string_view body, std::string_view etag, int status = 200) {
        header("ETag", etag);
        json(body, status);
    }
    // ...from a row with columns "json" and "etag".
    void resource(const Row& row, int status = 200) { resource(row.text("json"), row.text("etag"), status); }
    void header(std::string_view name, std::string_view value) {
        check(api_->response_header(response_, view(name), view(value)), "response_header");
    }
    // A list's page from the row Db::page returns: its "items" and "total".
    void page(const Request& request, const Row& row) { page(request, row.text("items"), row.integer("total")); }
    void page(const Request& request, std::string_view itemsJson, int64_t total) {
        check(api_->response_page(response_, request.handle(), view(itemsJson), total), "response_page");
    }
    // A keyset page: the envelope also carries next_after, the cursor
    // (Keyset::cursor) the next page's `after` takes, null on the last page.
    void page(const Request& request, std::string_view itemsJson, int64_t total,
              const std::optional<std::string>& nextAfter) {
        if (api_->struct_size < CRM_HOST_API_SIZE_1_3)
            throw StatusError(CRM_ERR_STATE, "this server is too old for keyset pages (needs SDK ABI 1.3)");
        crm_str next = nextAfter ? view(*nextAfter) : crm_str{nullptr, 0};
        check(api_->response_page_after(response_, request.handle(), view(itemsJson), total, next),
              "response_page_after");
    }

private:
    crm_response* response_;
    const crm_host_api* api_;
};

// Keyset pagination for a route declaring "keyset": true. A cursor is the
// sort key of a page's last row (text the plugin's SQL makes and reads
// back), signed with the plugin's key for the list's sort, so a client can
// neither forge one nor carry one over to another sort, and the SQL only
// ever reads keys it wrote itself: "<key>.<mac>".
class Keyset {
public:
    Keyset(const Host& host, const Request& request, std::string sort)
        : host_(host), request_(request), sort_(std::move(sort)) {}

    // The key `after` names, verified; nothing on a first page. A cursor
    // that this plugin did not sign for this sort is a 422 on `after`.
    std::optional<std::string> after() const {
        auto cursor = request_.query("after");
        if (!cursor) return std::nullopt;
        auto dot = cursor->rfind('.');
        if (dot != std::string_view::npos) {
            std::string key(cursor->substr(0, dot));
            if (host_.verify(kPurpose, signed_(key), cursor->substr(dot + 1))) return key;
        }
        throw Invalid("query", "after",
                      "after is not a cursor this list gave for this sort; reload the list from its first page",
                      "value_error");
    }

    // The cursor after the row whose sort key is `key`.
    std::string cursor(std::string_view key) const {
        return std::string(key) + "." + host_.sign(kPurpose, signed_(key));
    }

private:
    static constexpr std::string_view kPurpose = "keyset-cursor";
    std::string signed_(std::string_view key) const { return sort_ + "\n" + std::string(key); }

    const Host& host_;
    const Request& request_;
    std::string sort_;
};

// A pooled database session, released (and any open transaction rolled
// back) when it goes out of scope.
class Db {
public:
    explicit Db(const Host& host) : api_(host.api()) { check(api_->db_acquire(host.handle(), &db_), "db_acquire"); }
    Db(const Db&) = delete;
    Db& operator=(const Db&) = delete;
    ~Db() { api_->db_release(db_); }

    Result query(std::string_view sql, const std::vector<Param>& params = {}) { return Result(run(sql, params), api_); }
    // Rows whose columns are read by the names the statement declares.
    Result query(const Statement& statement, const std::vector<Param>& params = {}) {
        return Result(run(statement.sql(), params), api_, statement.columns());
    }

    // The one row the statement always yields (an aggregate, a row of checks).
    Row one(const Statement& statement, const std::vector<Param>& params = {}) {
        Result result = query(statement, params);
        if (result.rows() != 1)
            throw std::logic_error("the statement returned " + std::to_string(result.rows()) + " rows instead of one");
        return result.row(0);
    }
    // ...or, when no row matched (a row by its id, a row deleted), a 404
    // with this detail ("Customer not found").
    Row one(const Statement& statement, const std::vector<Param>& params, std::string_view notFound) {
        auto row = find(statement, params);
        if (!row) throw NotFound(std::string(notFound));
        return *row;
    }
    // The row the statement yields when something matched, or nothing.
    std::optional<Row> find(const Statement& statement, const std::vector<Param>& params = {}) {
        Result result = query(statement, params);
        if (result.rows() > 1)
            throw std::logic_error("the statement returned " + std::to_string(result.rows()) + " rows instead of one at most");
        if (result.empty()) return std::nullopt;
        return result.row(0);
    }
    // A page of a list, by one statement: `filters` are its first
    // parameters, the request's page size and offset (LIMIT and OFFSET) its
    // last two. Its one row has the page's "items" (a JSON array) and the
    // "total" of matches, which Response::page answers, and whatever else
    // the handler checks first.
    Row page(const Request& request, const Statement& statement, std::vector<Param> filters = {}) {
        auto [page, size] = request.page();
        filters.emplace_back(size);
        filters.emplace_back((page - 1) * size);
        return one(statement, filters);
    }

    // The first column of the first row, or nothing when no row matched:
    // the shape of every "SELECT json_build_object(...)" statement.
    std::optional<std::string> json(std::string_view sql, const std::vector<Param>& params = {}) {
        Result r = query(sql, params);
        if (r.empty()) return std::nullopt;
        auto v = r.value(0, 0);
        if (!v) return std::nullopt;
        return std::string(*v);
    }

    void begin() { call(api_->db_begin(db_), "begin"); }
    void commit() { call(api_->db_commit(db_), "commit"); }
    void rollback() { api_->db_rollback(db_); }

private:
    crm_result* run(std::string_view sql, const std::vector<Param>& params) {
        std::vector<crm_str> raw;
        raw.reserve(params.size());
        for (const auto& p : params) raw.push_back(p.str());
        crm_result* result = nullptr;
        call(api_->db_query(db_, view(sql), raw.data(), raw.size(), &result), "db_query");
        return result;
    }
    void call(int status, const char* what) {
        if (status == CRM_ERR_DATABASE) throw lastError();
        check(status, what);
    }
    DatabaseError lastError() {
        crm_str state{nullptr, 0}, message{nullptr, 0}, constraint{nullptr, 0};
        api_->db_error(db_, &state, &message, &constraint);
        return DatabaseError(std::string(view(state)), std::string(view(message)), std::string(view(constraint)));
    }

    const crm_host_api* api_;
    crm_db* db_ = nullptr;
};

// Every write runs in one of these: rolled back unless commit() was reached.
class Transaction {
public:
    explicit Transaction(Db& db) : db_(db) { db_.begin(); }
    Transaction(const Transaction&) = delete;
    Transaction& operator=(const Transaction&) = delete;
    ~Transaction() { if (open_) db_.rollback(); }
    void commit() { db_.commit(); open_ = false; }

private:
    Db& db_;
    bool open_ = true;
};

class Plugin;

// Registers routes during init; each route calls a member function of the plugin.
class Routes {
public:
    Routes(const Host& host, Plugin& plugin) : host_(host), plugin_(plugin) {}

    template <typename P>
    void add(const char* method, const char* path, const char* permission, const schema::Route& schema,
             void (P::*handler)(const Request&, Response&), const char* summary = "") {
        add(method, path, permission, schema.text().c_str(), handler, summary);  // the host copies it
    }
    // The same with the schema's JSON as text (docs/plugin-sdk.md); nullptr: none.
    template <typename P>
    void add(const char* method, const char* path, const char* permission, const char* schemaJson,
             void (P::*handler)(const Request&, Response&), const char* summary = "") {
        auto binding = std::make_unique<MemberBinding<P>>(host_, static_cast<P&>(plugin_), handler);
        crm_route route{};
        route.struct_size = sizeof(crm_route);
        route.method = method;
        route.path = path;
        route.permission = permission;
        route.schema_json = schemaJson;
        route.summary = summary;
        route.handler = &Routes::thunk;
        route.ctx = binding.get();
        int status = host_.api()->route_add(host_.handle(), &route);
        bindings_.push_back(std::move(binding));
        check(status, "route_add");
    }

private:
    struct Binding {
        explicit Binding(const Host& h) : host(h) {}
        virtual ~Binding() = default;
        virtual void call(const Request& request, Response& response) = 0;
        Host host;
    };
    template <typename P>
    struct MemberBinding : Binding {
        using Handler = void (P::*)(const Request&, Response&);
        MemberBinding(const Host& h, P& p, Handler f) : Binding(h), plugin(p), handler(f) {}
        void call(const Request& request, Response& response) override { (plugin.*handler)(request, response); }
        P& plugin;
        Handler handler;
    };

    static int thunk(void* ctx, const crm_request* rq, crm_response* rs) noexcept {
        auto* b = static_cast<Binding*>(ctx);
        const crm_host_api* api = b->host.api();
        Response response(rs, api);
        try {
            Request request(rq, api);
            b->call(request, response);
            return CRM_OK;
        } catch (const Invalid& e) {
            for (const auto& entry : e.entries())
                api->response_invalid(rs, view(entry.location), view(entry.field), view(entry.message), view(entry.type));
            return CRM_OK;
        } catch (const HttpError& e) {
            api->response_error(rs, e.status(), view(e.detail()));
            return CRM_OK;
        } catch (const StatusError& e) {
            return e.status();
        } catch (const std::exception& e) {
            b->host.log(CRM_LOG_ERROR, e.what());
            return CRM_ERR_INTERNAL;
        } catch (...) {
            b->host.log(CRM_LOG_ERROR, "the handler threw an exception of no standard type");
            return CRM_ERR_INTERNAL;
        }
    }

    const Host& host_;
    Plugin& plugin_;
    std::vector<std::unique_ptr<Binding>> bindings_;

    friend class Plugin;
};

class Plugin {
public:
    virtual ~Plugin() = default;
    virtual void registerRoutes(Routes& routes) = 0;
    virtual void shutdown() {}

    const Host& host() const { return host_; }

    // Registers a background job (ABI 1.1; call it from registerRoutes). The
    // host calls step() on its own thread while serving: again at once while
    // it returns > 0, else after intervalMs. Exceptions are logged, not fatal.
    template <typename P>
    void job(const char* name, int (P::*step)(), unsigned intervalMs) {
        const crm_host_api* api = host_.api();
        if (api->struct_size < CRM_HOST_API_SIZE_1_1)
            throw StatusError(CRM_ERR_STATE, "this server is too old for background jobs (needs SDK ABI 1.1)");
        auto binding = std::make_unique<JobBinding<P>>(host_, static_cast<P&>(*this), step);
        int status = api->job_start(host_.handle(), view(name), &Plugin::jobThunk, binding.get(), intervalMs);
        jobs_.push_back(std::move(binding));
        check(status, "job_start");
    }

    // Entry points used by CRM_PLUGIN; not for plugin code.
    template <typename P>
    static int initThunk(crm_host* handle, const crm_host_api* api, void** state) noexcept {
        // Any 1.x host will do: its table holds at least the 1.0 functions,
        // and each newer one is checked against struct_size before use.
        if (!api || api->struct_size < CRM_HOST_API_SIZE_1_0 || api->abi_major != CRM_ABI_MAJOR)
            return CRM_ERR_ARGUMENT;
        try {
            auto plugin = std::make_unique<P>();
            plugin->host_ = Host(handle, api);
            plugin->routes_ = std::make_unique<Routes>(plugin->host_, *plugin);
            plugin->registerRoutes(*plugin->routes_);
            *state = plugin.release();
            return CRM_OK;
        } catch (const StatusError& e) {
            Host(handle, api).log(CRM_LOG_ERROR, e.what());
            return e.status();
        } catch (const std::exception& e) {
            Host(handle, api).log(CRM_LOG_ERROR, e.what());
            return CRM_ERR_INTERNAL;
        } catch (...) {
            Host(handle, api).log(CRM_LOG_ERROR, "init threw an exception of no standard type");
            return CRM_ERR_INTERNAL;
        }
    }
    static void shutdownThunk(void* state) noexcept {
        auto* plugin = static_cast<Plugin*>(state);
        // The server is stopping either way; what failed is still said.
        try {
            plugin->shutdown();
        } catch (const std::exception& e) {
            plugin->host_.log(CRM_LOG_ERROR, std::string("shutdown: ") + e.what());
        } catch (...) {
            plugin->host_.log(CRM_LOG_ERROR, "shutdown threw an exception of no standard type");
        }
        delete plugin;
    }

private:
    struct JobBindingBase {
        explicit JobBindingBase(const Host& h) : host(h) {}
        virtual ~JobBindingBase() = default;
        virtual int step() = 0;
        Host host;
    };
    template <typename P>
    struct JobBinding : JobBindingBase {
        JobBinding(const Host& h, P& p, int (P::*f)()) : JobBindingBase(h), plugin(p), fn(f) {}
        int step() override { return (plugin.*fn)(); }
        P& plugin;
        int (P::*fn)();
    };
    static int jobThunk(void* ctx) noexcept {
        auto* job = static_cast<JobBindingBase*>(ctx);
        try {
            return job->step();
        } catch (const StatusError& e) {
            // The database being away is expected now and then; the host
            // retries the step after its interval.
            job->host.log(e.status() == CRM_ERR_UNAVAILABLE ? CRM_LOG_WARNING : CRM_LOG_ERROR, e.what());
            return -1;
        } catch (const std::exception& e) {
            job->host.log(CRM_LOG_ERROR, e.what());
            return -1;
        } catch (...) {
            job->host.log(CRM_LOG_ERROR, "the job's step threw an exception of no standard type");
            return -1;
        }
    }

    Host host_{nullptr, nullptr};
    std::unique_ptr<Routes> routes_;
    std::vector<std::unique_ptr<JobBindingBase>> jobs_;
};

}  // namespace crm

// Emits the plugin's one exported symbol. Use once, in one source file.
#define CRM_PLUGIN(ClassName, PluginId, PluginVersion)                                     \
    extern "C" CRM_PLUGIN_EXPORT const crm_plugin_descriptor* crm_plugin_query_v1(void) {   \
        static const crm_plugin_descriptor descriptor = {                                 \
            sizeof(crm_plugin_descriptor), CRM_ABI_MAJOR, CRM_ABI_MINOR, PluginId,           \
            PluginVersion, &crm::Plugin::initThunk<ClassName>, &crm::Plugin::shutdownThunk}; \
        return &descriptor;                                                                \
    }

#endif  // CRM_PLUGIN_HPP
