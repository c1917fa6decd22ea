#include "db/FairGate.h"

#include "net/WaitAside.h"

#include <algorithm>

namespace crm {

bool FairGate::enter(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    if (free_ > 0 && queue_.empty()) {
        --free_;
        return true;
    }
    Waiter self;
    auto place = queue_.insert(queue_.end(), &self);
    WaitAside aside;
    if (self.admitted.wait_for(lock, timeout, [&] { return self.granted; })) return true;
    queue_.erase(place);
    return false;
}

void FairGate::leave() {
    std::lock_guard lock(mutex_);
    if (queue_.empty()) {
        ++free_;
        return;
    }
    Waiter* next = queue_.front();
    queue_.pop_front();
    next->granted = true;
    next->admitted.notify_one();
}

}  // namespace crm
