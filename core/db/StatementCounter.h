#pragma once

namespace crm {

// Counts the SQL statements a request runs, so tests can prove that a list
// endpoint runs the same number of statements whatever its page size.
// The request pipeline attaches a counter for the duration of a request on
// its thread; the database layer increments whatever is attached.
class StatementCounter {
public:
    class Scope {
    public:
        explicit Scope(int& counter) : previous_(current_) { current_ = &counter; }
        ~Scope() { current_ = previous_; }
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        int* previous_;
    };

    static void count() {
        if (current_) ++*current_;
    }

private:
    static thread_local int* current_;
};

}  // namespace crm
