#include "metrics/PrometheusText.h"

#include <charconv>
#include <cmath>

namespace crm {
namespace {

// Label values escape backslash, double quote and newline; HELP text
// escapes backslash and newline only (the format's two rules).
void appendEscaped(std::string& out, std::string_view text, bool quote) {
    for (char c : text) {
        if (c == '\\') out += "\\\\";
        else if (c == '\n') out += "\\n";
        else if (c == '"' && quote) out += "\\\"";
        else out += c;
    }
}

// The shortest text that reads back as the same double, written the way
// Prometheus's own clients write it: whole numbers in full ("3000"), others
// in %g style ("0.0001", "0.004100168", "1e-07").
void appendNumber(std::string& out, double value) {
    if (std::isinf(value)) {
        out += value > 0 ? "+Inf" : "-Inf";
        return;
    }
    if (std::isnan(value)) {
        out += "NaN";
        return;
    }
    char buffer[32];
    constexpr double kExactIntegers = 9007199254740992.0;  // 2^53
    auto end = std::trunc(value) == value && std::fabs(value) < kExactIntegers
                   ? std::to_chars(buffer, buffer + sizeof buffer, static_cast<long long>(value)).ptr
                   : std::to_chars(buffer, buffer + sizeof buffer, value, std::chars_format::general).ptr;
    out.append(buffer, end);
}

}  // namespace

void PrometheusText::family(std::string_view name, std::string_view type, std::string_view help) {
    text_ += "# HELP ";
    text_ += name;
    text_ += ' ';
    appendEscaped(text_, help, false);
    text_ += "\n# TYPE ";
    text_ += name;
    text_ += ' ';
    text_ += type;
    text_ += '\n';
}

void PrometheusText::labelled(std::string_view name, std::string_view suffix, Labels labels, std::string_view le) {
    text_ += name;
    text_ += suffix;
    if (labels.size() == 0 && le.empty()) {
        text_ += ' ';
        return;
    }
    char separator = '{';
    for (const auto& [label, value] : labels) {
        text_ += separator;
        text_ += label;
        text_ += "=\"";
        appendEscaped(text_, value, true);
        text_ += '"';
        separator = ',';
    }
    if (!le.empty()) {
        text_ += separator;
        text_ += "le=\"";
        text_ += le;
        text_ += '"';
    }
    text_ += "} ";
}

void PrometheusText::sample(std::string_view name, Labels labels, double value) {
    labelled(name, "", labels, "");
    appendNumber(text_, value);
    text_ += '\n';
}

void PrometheusText::histogram(std::string_view name, Labels labels, const Histogram& histogram) {
    auto snapshot = histogram.snapshot();
    auto bounds = histogram.upperBounds();
    for (std::size_t i = 0; i <= bounds.size(); ++i) {
        std::string le;
        if (i < bounds.size()) appendNumber(le, bounds[i]);
        else le = "+Inf";
        labelled(name, "_bucket", labels, le);
        text_ += std::to_string(snapshot.cumulative[i]);
        text_ += '\n';
    }
    labelled(name, "_sum", labels, "");
    appendNumber(text_, snapshot.sumSeconds);
    text_ += '\n';
    labelled(name, "_count", labels, "");
    text_ += std::to_string(snapshot.count);
    text_ += '\n';
}

}  // namespace crm
