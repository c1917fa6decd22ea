#pragma once

#include <cppunit/extensions/HelperMacros.h>

#include <algorithm>

// Each macro evaluates its result expression once: it is often a request.

// The body is the most useful message when a status is wrong.
#define ASSERT_STATUS(expected, result)                                          \
    do {                                                                         \
        const auto& status_result_ = (result);                                   \
        CPPUNIT_ASSERT_EQUAL_MESSAGE(status_result_.body, (expected), status_result_.status); \
    } while (0)

// A 422 whose loc list names this field ("body.name", "query.page", ...).
#define ASSERT_INVALID(field, result)                                                                          \
    do {                                                                                                       \
        const auto& invalid_result_ = (result);                                                                \
        CPPUNIT_ASSERT_EQUAL_MESSAGE(invalid_result_.body, 422, invalid_result_.status);                       \
        auto fields_ = invalid_result_.invalidFields();                                                        \
        CPPUNIT_ASSERT_MESSAGE(invalid_result_.body, std::find(fields_.begin(), fields_.end(), (field)) != fields_.end()); \
    } while (0)
