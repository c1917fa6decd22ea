#pragma once

namespace crm {

// Counts the SQL statements a request runs, so tests can prove that a list
// endpoint runs the same number of statements whatever its page size.
// The request pipeline attaches a counter for the duration of a request on
// its thread; the database layer increments whatever is attached. The
// thread-local pointer is touched only in StatementCounter.cpp: inlined
// into other files, GCC's UBSan took its stores for stores to null.
class StatementCounter {
public:
    class Scope {
    public:
        explicit Scope(int& counter);
        ~Scope();
        Scope(const Scope&) = delete;
        Scope& operator=(const Scope&) = delete;

    private:
        int* previous_;
    };

    static void count();
};

}  // namespace crm
