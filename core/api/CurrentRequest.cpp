#include "api/CurrentRequest.h"

namespace crm {

thread_local Request* CurrentRequest::current_ = nullptr;

}  // namespace crm
