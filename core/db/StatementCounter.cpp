#include "db/StatementCounter.h"

namespace crm {
namespace {

thread_local int* current = nullptr;

}  // namespace

StatementCounter::Scope::Scope(int& counter) : previous_(current) { current = &counter; }

StatementCounter::Scope::~Scope() { current = previous_; }

void StatementCounter::count() {
    if (current) ++*current;
}

}  // namespace crm
