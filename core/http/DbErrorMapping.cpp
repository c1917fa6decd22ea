#include "http/DbErrorMapping.h"

#include "api/ErrorBody.h"

namespace crm {

// What a client is told never includes the database's own text or the names
// of its constraints: those describe the schema, not the request. The log
// line of the request keeps them (the pipeline logs unmapped errors).
bool answerDatabaseError(const LastDbError& error, Response& response) {
    const std::string& state = error.sqlstate;
    auto invalid = [&](const std::string& message, const std::string& type) {
        response.status = 422;
        response.body = validationBody({{"body", "", message, type}});
    };
    if (state == "23505") {
        response.json(detailBody("A record with the same unique value already exists; change the value and retry"), 409);
        return true;
    }
    if (state == "23503") {
        // PostgreSQL's detail says "is still referenced" when deleting a
        // referenced row, "is not present" when pointing at a missing one.
        if (error.message.find("still referenced") != std::string::npos) {
            response.json(detailBody("The record is still referenced by other records; delete or reassign them first"), 409);
        } else {
            invalid("A referenced record does not exist; check the ids you sent", "foreign_key");
        }
        return true;
    }
    if (state == "23514" || state == "23502") {
        invalid("A value breaks a rule of the record; check the values you sent", "value_error");
        return true;
    }
    if (state.rfind("22", 0) == 0) {
        invalid("A value is not acceptable; check its format and range", "value_error");
        return true;
    }
    if (state == "40001" || state == "40P01" || state == "55P03") {
        response.json(detailBody("Service temporarily unavailable"), 503);
        response.headers.emplace_back("Retry-After", "1");
        return true;
    }
    if (state == "57014") {
        // statement_timeout (DB_STATEMENT_TIMEOUT_MS): the database is too
        // busy for this request now, or the request asks for too much.
        response.json(detailBody("The database took too long to answer; retry later or ask for less (a shorter date range, a smaller page)"), 503);
        response.headers.emplace_back("Retry-After", "5");
        return true;
    }
    response.json(detailBody("Internal server error"), 500);
    return false;
}

}  // namespace crm
