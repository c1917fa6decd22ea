#include "http/RequestTarget.h"

#include "api/HttpError.h"

#include <Poco/Exception.h>
#include <Poco/URI.h>

namespace crm {

RequestTarget RequestTarget::parse(const std::string& target) {
    RequestTarget parsed;
    try {
        Poco::URI uri(target);
        parsed.path = uri.getPath();
        for (auto& pair : uri.getQueryParameters()) parsed.query.push_back(std::move(pair));
    } catch (const Poco::Exception&) {
        throw HttpError(400, "The request URI is malformed; check its percent-encoding");
    }
    return parsed;
}

}  // namespace crm
