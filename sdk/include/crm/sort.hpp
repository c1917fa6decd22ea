// The sorts a list offers, each declared once: the name a client sends in
// `sort` ("name", or "-name" for the other direction) and the columns it
// orders by. From that one table come the ORDER BY for both directions,
// ties broken by a unique column so pages never overlap, and the route
// schema's "sort" list (crm::schema::Route::sort), which the host
// validates `sort` against. Header-only, standard C++17.
//
//   const crm::SortKeys kSorts("p.id", {{"name", "p.name"},
//                                       {"completion_rate", "p.completion_rate NULLS LAST"},
//                                       {"id", "p.id"}});
//   kSorts.orderBy("-name")  // "p.name DESC, p.id DESC"
//   kSorts.orderBy("id")     // "p.id"
#ifndef CRM_SORT_HPP
#define CRM_SORT_HPP

#include <initializer_list>
#include <stdexcept>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace crm {

class SortKeys {
public:
    // A sort and its columns, most significant first. A column may end in
    // NULLS LAST or NULLS FIRST, which holds in both directions (DESC goes
    // before it).
    struct Key {
        Key(std::string name, std::string column) : name(std::move(name)), columns{std::move(column)} {}
        Key(std::string name, std::initializer_list<std::string> columns) : name(std::move(name)), columns(columns) {}
        std::string name;
        std::vector<std::string> columns;
    };

    // `tieBreak`: a unique column ("id"), last in every ORDER BY but a key's
    // own that ends with it.
    SortKeys(std::string tieBreak, std::initializer_list<Key> keys) : tieBreak_(std::move(tieBreak)), keys_(keys) {}

    // The ORDER BY (without the words) for a sort value the host validated
    // against names(); another value is a bug in the plugin.
    std::string orderBy(std::string_view sort) const {
        const Key& key = find(name(sort));
        std::string order;
        for (const auto& column : key.columns) append(order, column, descending(sort));
        if (key.columns.back() != tieBreak_) append(order, tieBreak_, descending(sort));
        return order;
    }

    // A sort value's key name and direction: "-name" is name, descending.
    static std::string_view name(std::string_view sort) { return descending(sort) ? sort.substr(1) : sort; }
    static bool descending(std::string_view sort) { return !sort.empty() && sort.front() == '-'; }

    // The names, in declaration order: the schema's "sort" list.
    std::vector<std::string> names() const {
        std::vector<std::string> names;
        for (const auto& key : keys_) names.push_back(key.name);
        return names;
    }

private:
    const Key& find(std::string_view name) const {
        for (const auto& key : keys_)
            if (key.name == name) return key;
        throw std::logic_error("sort '" + std::string(name) + "' is not one of this list's sort keys");
    }

    static void append(std::string& order, std::string_view column, bool descending) {
        if (!order.empty()) order += ", ";
        if (!descending) {
            order += column;
            return;
        }
        for (std::string_view nulls : {" NULLS LAST", " NULLS FIRST"}) {
            if (column.size() > nulls.size() && column.substr(column.size() - nulls.size()) == nulls) {
                order.append(column.substr(0, column.size() - nulls.size())).append(" DESC").append(nulls);
                return;
            }
        }
        order.append(column).append(" DESC");
    }

    std::string tieBreak_;
    std::vector<Key> keys_;
};

}  // namespace crm

#endif  // CRM_SORT_HPP
