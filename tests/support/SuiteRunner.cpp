// Runs the CppUnit suite named on the command line (every suite without
// an argument) and exits non-zero on any failure.
#include <cppunit/CompilerOutputter.h>
#include <cppunit/TestResult.h>
#include <cppunit/extensions/TestFactoryRegistry.h>
#include <cppunit/ui/text/TestRunner.h>

#include <iostream>

int main(int argc, char** argv) {
    auto* all = CppUnit::TestFactoryRegistry::getRegistry().makeTest();
    CppUnit::TextUi::TestRunner runner;
    runner.setOutputter(new CppUnit::CompilerOutputter(&runner.result(), std::cerr));
    if (argc > 1) {
        try {
            runner.addTest(all->findTest(argv[1]));
        } catch (const std::exception&) {
            std::cerr << "no suite named " << argv[1] << "\n";
            return 2;
        }
    } else {
        runner.addTest(all);
    }
    return runner.run() ? 0 : 1;
}
