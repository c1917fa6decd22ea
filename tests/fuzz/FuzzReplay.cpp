// Runs a fuzz target over files, without libFuzzer: the gcc build links
// each <Name>Fuzzer.cpp with this main, and CTest runs it over the target's
// seed corpus and its regressions, so an input that once crashed stays a
// test in every build. A crash of the target is a crash of this program.

#include "FuzzInput.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <iterator>
#include <vector>

namespace fs = std::filesystem;

namespace {

// The inputs a folder holds, in a stable order; *.md files there say what
// the inputs are and are not inputs themselves.
std::vector<fs::path> inputsIn(const fs::path& where) {
    std::vector<fs::path> inputs;
    if (!fs::is_directory(where)) {
        inputs.push_back(where);
        return inputs;
    }
    for (const auto& entry : fs::directory_iterator(where))
        if (entry.is_regular_file() && entry.path().extension() != ".md") inputs.push_back(entry.path());
    std::sort(inputs.begin(), inputs.end());
    return inputs;
}

}  // namespace

int main(int argc, char** argv) {
    std::size_t replayed = 0;
    for (int i = 1; i < argc; ++i) {
        if (!fs::exists(argv[i])) {
            std::cerr << argv[i] << ": no such file or folder\n";
            return 2;
        }
        for (const auto& input : inputsIn(argv[i])) {
            std::ifstream in(input, std::ios::binary);
            std::vector<char> bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
            // Named first, so a crash's output ends with the input that caused it.
            std::cout << input.string() << std::endl;
            LLVMFuzzerTestOneInput(reinterpret_cast<const uint8_t*>(bytes.data()), bytes.size());
            ++replayed;
        }
    }
    if (replayed == 0) {
        std::cerr << "no inputs to replay: give the corpus and regressions folders\n";
        return 2;
    }
    std::cout << "replayed " << replayed << " inputs\n";
    return 0;
}
