#pragma once

#include <string>



// Text made safe to place inside HTML, in an element or a quoted attribute.
std::string htmlEscaped(const std::string& text);

// The page GET /email/unsubscribe answers: it names the address and has one
// button that POSTs the one-click form to `action`. Following the link (as
// mail scanners do) changes nothing.
std::string unsubscribePage(const std::string& email, const std::string& action);


