#include "http/FormBody.h"

#include "api/HttpError.h"

#include <Poco/Exception.h>
#include <Poco/String.h>
#include <Poco/URI.h>

namespace crm {

Poco::JSON::Object::Ptr formBodyObject(const std::string& body) {
    Poco::JSON::Object::Ptr object = new Poco::JSON::Object;
    std::size_t start = 0;
    while (start < body.size()) {
        auto amp = body.find('&', start);
        std::string pair = body.substr(start, amp == std::string::npos ? std::string::npos : amp - start);
        auto eq = pair.find('=');
        std::string name, value;
        std::string rawName = pair.substr(0, eq), rawValue = eq == std::string::npos ? "" : pair.substr(eq + 1);
        Poco::replaceInPlace(rawName, "+", " ");
        Poco::replaceInPlace(rawValue, "+", " ");
        // A '%' without two hex digits is the client's mistake: answered
        // like a malformed request URI, never left to escape as a 500.
        try {
            Poco::URI::decode(rawName, name);
            Poco::URI::decode(rawValue, value);
        } catch (const Poco::SyntaxException&) {
            throw HttpError(400, "The form body is malformed; check its percent-encoding");
        }
        if (!name.empty()) object->set(name, value);
        if (amp == std::string::npos) break;
        start = amp + 1;
    }
    return object;
}

}  // namespace crm
