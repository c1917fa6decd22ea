#include "net/WaitAside.h"

namespace crm {
namespace {

// Per thread: its slots, and whether a wait has stepped aside already (a
// wait inside a wait leaves only once).
thread_local WaitAside::Slots* boundSlots = nullptr;
thread_local bool aside = false;

}  // namespace

void WaitAside::bindThread(Slots* slots) { boundSlots = slots; }

WaitAside::WaitAside() : stepped_(boundSlots && !aside) {
    if (!stepped_) return;
    aside = true;
    boundSlots->leave();
}

WaitAside::~WaitAside() {
    if (!stepped_) return;
    boundSlots->rejoin();
    aside = false;
}

}  // namespace crm
