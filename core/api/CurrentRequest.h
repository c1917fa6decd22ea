#pragma once

#include "api/RequestContext.h"

namespace crm {

// The request being served on this thread, so the plugin host API can
// record a failed statement's details where the pipeline will map them.
class CurrentRequest {
public:
    class Scope {
    public:
        explicit Scope(Request& request) : previous_(current_) { current_ = &request; }
        ~Scope() { current_ = previous_; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        Request* previous_;
    };
    static Request* get() { return current_; }

private:
    static thread_local Request* current_;
};

}  // namespace crm
