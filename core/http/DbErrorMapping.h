#pragma once

#include "api/RequestContext.h"

namespace crm {

// Maps a failed statement to the answer a client can act on: constraint
// violations and bad values are 409/422 with a clear message, serialisation
// failures 503 (retry), anything else 500. Fills the response; returns true
// when the failure is the client's (not logged as a bug).
bool answerDatabaseError(const LastDbError& error, Response& response);

}  // namespace crm
