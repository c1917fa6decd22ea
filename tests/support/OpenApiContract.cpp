#include "support/OpenApiContract.h"

#include <Poco/JSON/Array.h>
#include <Poco/JSON/Parser.h>
#include <Poco/Net/HTTPClientSession.h>
#include <Poco/Net/HTTPRequest.h>
#include <Poco/Net/HTTPResponse.h>
#include <Poco/String.h>

#include <map>
#include <memory>
#include <mutex>
#include <sstream>
#include <stdexcept>
#include <vector>

namespace crmtest {
namespace {

std::vector<std::string> segments(const std::string& path) {
    std::vector<std::string> parts;
    std::istringstream in(path.substr(0, path.find('?')));
    for (std::string part; std::getline(in, part, '/');)
        if (!part.empty()) parts.push_back(part);
    return parts;
}

std::string brief(const Poco::Dynamic::Var& value) {
    std::string text = value.isEmpty() ? "null" : value.isString() ? "\"" + value.toString() + "\"" : value.toString();
    return text.size() > 80 ? text.substr(0, 80) + "..." : text;
}

bool hasType(const std::string& type, const Poco::Dynamic::Var& value) {
    bool boolean = !value.isEmpty() && value.type() == typeid(bool);
    if (type == "null") return value.isEmpty();
    if (type == "boolean") return boolean;
    if (value.isEmpty() || boolean) return false;
    if (type == "integer") return value.isInteger();
    if (type == "number") return value.isNumeric();
    if (type == "string") return value.isString();
    if (type == "array") return value.type() == typeid(Poco::JSON::Array::Ptr);
    if (type == "object") return value.type() == typeid(Poco::JSON::Object::Ptr);
    return false;
}

bool sameValue(const Poco::Dynamic::Var& a, const Poco::Dynamic::Var& b) {
    if (a.isEmpty() || b.isEmpty()) return a.isEmpty() && b.isEmpty();
    if (a.isString() != b.isString()) return false;
    return a.toString() == b.toString();
}

}  // namespace

const OpenApiContract* OpenApiContract::of(const std::string& host, unsigned short port) {
    static std::mutex lock;
    static std::map<std::string, std::unique_ptr<OpenApiContract>> contracts;
    std::lock_guard<std::mutex> guard(lock);
    std::string key = host + ":" + std::to_string(port);
    if (auto it = contracts.find(key); it != contracts.end()) return it->second.get();
    try {
        Poco::Net::HTTPClientSession session(host, port);
        session.setTimeout(Poco::Timespan(30, 0));
        Poco::Net::HTTPRequest request("GET", "/api/v2/openapi.json", Poco::Net::HTTPMessage::HTTP_1_1);
        session.sendRequest(request);
        Poco::Net::HTTPResponse response;
        std::istream& in = session.receiveResponse(response);
        if (response.getStatus() != 200) return nullptr;
        auto document = Poco::JSON::Parser().parse(in).extract<Poco::JSON::Object::Ptr>();
        auto& contract = contracts[key];
        contract.reset(new OpenApiContract(document));
        return contract.get();
    } catch (const Poco::Exception&) {
        return nullptr;  // not up (an outage test): nothing to hold it to now
    }
}

Poco::JSON::Object::Ptr OpenApiContract::operation(const std::string& method, const std::string& target,
                                                   std::string& path) const {
    auto wanted = segments(target);
    auto paths = document_->getObject("paths");
    std::vector<int> best;
    Poco::JSON::Object::Ptr item;
    for (const auto& name : paths->getNames()) {
        auto parts = segments(name);
        if (parts.size() != wanted.size()) continue;
        std::vector<int> score;
        bool matches = true;
        for (std::size_t i = 0; i < parts.size() && matches; ++i) {
            bool parameter = parts[i].size() > 1 && parts[i].front() == '{' && parts[i].back() == '}';
            if (parameter) score.push_back(0);
            else if (parts[i] == wanted[i]) score.push_back(1);
            else matches = false;
        }
        // A literal segment beats a {parameter} at the same place, as in the router.
        if (matches && (!item || score > best)) {
            best = score;
            item = paths->getObject(name);
            path = name;
        }
    }
    return item ? item->getObject(Poco::toLower(method)) : nullptr;
}

Poco::JSON::Object::Ptr OpenApiContract::resolve(Poco::JSON::Object::Ptr node) const {
    while (node && node->has("$ref")) {
        std::string ref = node->getValue<std::string>("$ref");
        auto slash = ref.rfind('/');
        auto kindStart = ref.rfind('/', slash - 1) + 1;
        node = document_->getObject("components")->getObject(ref.substr(kindStart, slash - kindStart))->getObject(ref.substr(slash + 1));
        if (!node) throw std::logic_error("the OpenAPI document's " + ref + " resolves to nothing");
    }
    return node;
}

std::string OpenApiContract::problem(Poco::JSON::Object::Ptr schema, const Poco::Dynamic::Var& value,
                                     const std::string& where) const {
    schema = resolve(schema);
    if (auto anyOf = schema->getArray("anyOf")) {
        std::string all;
        bool one = false;
        for (std::size_t i = 0; i < anyOf->size() && !one; ++i) {
            std::string p = problem(anyOf->getObject(i), value, where);
            one = p.empty();
            all += (i ? "; " : "") + p;
        }
        if (!one) return where + ": matches none of anyOf (" + all + ")";
    }
    if (schema->has("type")) {
        std::vector<std::string> types;
        if (auto list = schema->getArray("type")) {
            for (std::size_t i = 0; i < list->size(); ++i) types.push_back(list->getElement<std::string>(i));
        } else {
            types.push_back(schema->getValue<std::string>("type"));
        }
        bool any = false;
        std::string names;
        for (const auto& t : types) {
            any = any || hasType(t, value);
            names += (names.empty() ? "" : "|") + t;
        }
        if (!any) return where + ": expected " + names + ", got " + brief(value);
    }
    if (auto values = schema->getArray("enum")) {
        bool listed = false;
        for (std::size_t i = 0; i < values->size() && !listed; ++i) listed = sameValue(values->get(i), value);
        if (!listed) return where + ": " + brief(value) + " is not one of the documented values";
    }
    if (hasType("number", value)) {
        double number = value.convert<double>();
        if (schema->has("minimum") && number < schema->getValue<double>("minimum"))
            return where + ": " + brief(value) + " is below the documented minimum";
        if (schema->has("maximum") && number > schema->getValue<double>("maximum"))
            return where + ": " + brief(value) + " is above the documented maximum";
    }
    if (hasType("object", value)) {
        auto object = value.extract<Poco::JSON::Object::Ptr>();
        auto properties = schema->getObject("properties");
        if (auto required = schema->getArray("required"))
            for (std::size_t i = 0; i < required->size(); ++i)
                if (!object->has(required->getElement<std::string>(i)))
                    return where + "." + required->getElement<std::string>(i) + ": required, missing";
        bool closed = schema->has("additionalProperties") && schema->get("additionalProperties").type() == typeid(bool) &&
                      !schema->getValue<bool>("additionalProperties");
        for (const auto& name : object->getNames()) {
            if (properties && properties->has(name)) {
                std::string p = problem(properties->getObject(name), object->get(name), where + "." + name);
                if (!p.empty()) return p;
            } else if (closed) {
                return where + "." + name + ": not in the documented schema";
            }
        }
    }
    if (hasType("array", value) && schema->has("items")) {
        auto array = value.extract<Poco::JSON::Array::Ptr>();
        for (std::size_t i = 0; i < array->size(); ++i) {
            std::string p = problem(schema->getObject("items"), array->get(i), where + "[" + std::to_string(i) + "]");
            if (!p.empty()) return p;
        }
    }
    return "";
}

void OpenApiContract::check(const std::string& method, const std::string& target, const HttpResult& result) const {
    if (method == "HEAD") return;
    std::string path;
    auto op = operation(method, target, path);
    if (!op) return;
    std::string request = method + " " + target.substr(0, target.find('?')) + " (" + path + ")";
    auto responses = op->getObject("responses");
    std::string status = std::to_string(result.status);
    if (!responses->has(status))
        throw std::logic_error(request + " answered " + status + ", which the OpenAPI document does not list: " +
                               result.body.substr(0, 200));
    auto content = resolve(responses->getObject(status))->getObject("content");
    if (!content) {
        if (!result.body.empty())
            throw std::logic_error(request + " answered " + status + " with a body the document says it has not");
        return;
    }
    std::string media = Poco::toLower(Poco::trim(result.header("Content-Type").substr(0, result.header("Content-Type").find(';'))));
    if (!content->has(media))
        throw std::logic_error(request + " answered " + status + " as '" + result.header("Content-Type") +
                               "', which the OpenAPI document does not say");
    if (media != "application/json") return;
    Poco::Dynamic::Var body;
    try {
        body = Poco::JSON::Parser().parse(result.body);
    } catch (const Poco::Exception&) {
        throw std::logic_error(request + " answered " + status + " with a body that is not JSON: " + result.body.substr(0, 200));
    }
    std::string p = problem(content->getObject(media)->getObject("schema"), body, "body");
    if (!p.empty()) throw std::logic_error(request + " answered " + status + " against the OpenAPI document: " + p);
}

}  // namespace crmtest
