#include "openapi/JsonText.h"

#include <Poco/JSON/Parser.h>

#include <sstream>

namespace crm {

Poco::JSON::Object::Ptr parseSchemaText(const std::string& text) {
    Poco::JSON::Parser parser(new Poco::JSON::ParseHandler(true));
    return parser.parse(text).extract<Poco::JSON::Object::Ptr>();
}

std::string canonicalSchemaText(const std::string& text) {
    Poco::JSON::Parser parser;  // keys sorted
    std::ostringstream out;
    parser.parse(text).extract<Poco::JSON::Object::Ptr>()->stringify(out);
    return out.str();
}

}  // namespace crm
