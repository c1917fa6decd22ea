// Runs the CppUnit suite named on the command line (every suite without
// an argument) and exits non-zero on any failure.
#include <cppunit/BriefTestProgressListener.h>
#include <cppunit/CompilerOutputter.h>
#include <cppunit/Test.h>
#include <cppunit/TestResult.h>
#include <cppunit/TestResultCollector.h>
#include <cppunit/extensions/TestFactoryRegistry.h>

#include <iostream>
#include <memory>

int main(int argc, char** argv) {
    // The whole tree stays owned here, so a run of one suite frees the rest
    // too (the sanitizer build reports anything left at exit).
    std::unique_ptr<CppUnit::Test> all(CppUnit::TestFactoryRegistry::getRegistry().makeTest());
    CppUnit::Test* chosen = all.get();
    if (argc > 1) {
        try {
            chosen = all->findTest(argv[1]);
        } catch (const std::exception&) {
            std::cerr << "no suite named " << argv[1] << "\n";
            return 2;
        }
    }
    CppUnit::TestResult controller;
    CppUnit::TestResultCollector collected;
    CppUnit::BriefTestProgressListener progress;
    controller.addListener(&collected);
    controller.addListener(&progress);
    chosen->run(&controller);
    CppUnit::CompilerOutputter(&collected, std::cerr).write();
    return collected.wasSuccessful() ? 0 : 1;
}
