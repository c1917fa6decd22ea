#pragma once

// What every fuzz target declares: its entry point, the inputs it refuses
// and how it reports a broken property.

#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstdio>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

namespace crm::fuzz {

// libFuzzer keeps no input for which the target returns this: an input
// refused before the code under test ran (a schema that does not parse)
// teaches it nothing.
constexpr int kRejected = -1;

// A property of the code under test that does not hold: a bug, reported
// the way libFuzzer and the replay both see as a crash.
[[noreturn]] inline void broken(const char* property) {
    std::fprintf(stderr, "fuzz property broken: %s\n", property);
    std::abort();
}

}  // namespace crm::fuzz
