#pragma once

#include <Poco/JSON/Object.h>

#include <map>
#include <string>

namespace crm {

// The named schemas of the document (components.schemas): the core's Error
// and ValidationError, then those routes declare under "schemas". Like a
// route, a name belongs to whoever declared it first: the same name again
// with a different schema is an error, never an override (STYLE.md), and
// every $ref must name a schema some route declared.
class ComponentSchemas {
public:
    ComponentSchemas();

    // Throws std::invalid_argument naming both owners when `name` is
    // already declared with a different schema.
    void add(const std::string& name, const std::string& schemaText, const std::string& owner);

    // Throws std::invalid_argument when a $ref inside `schema` names no
    // declared component; `where` says whose schema it is.
    void requireDeclared(const Poco::Dynamic::Var& schema, const std::string& where) const;

    Poco::JSON::Object::Ptr toJson() const;

private:
    struct Declared {
        std::string canonical;
        std::string text;
        std::string owner;
    };
    std::map<std::string, Declared> schemas_;
};

}  // namespace crm
