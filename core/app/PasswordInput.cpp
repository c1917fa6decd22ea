#include "app/PasswordInput.h"

#include <termios.h>
#include <unistd.h>

#include <iostream>

namespace crm {
namespace {

// Echo off for as long as it lives; restored even when reading throws.
class EchoOff {
public:
    EchoOff() : active_(::tcgetattr(STDIN_FILENO, &saved_) == 0) {
        if (!active_) return;
        termios quiet = saved_;
        quiet.c_lflag &= ~static_cast<tcflag_t>(ECHO);
        active_ = ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &quiet) == 0;
    }
    ~EchoOff() {
        if (!active_) return;
        ::tcsetattr(STDIN_FILENO, TCSAFLUSH, &saved_);
        std::cerr << "\n";  // the Enter that was not echoed
    }
    EchoOff(const EchoOff&) = delete;
    EchoOff& operator=(const EchoOff&) = delete;

private:
    termios saved_{};
    bool active_;
};

}  // namespace

std::string readPasswordLine() {
    std::string line;
    if (::isatty(STDIN_FILENO)) {
        std::cerr << "Password: " << std::flush;
        EchoOff quiet;
        std::getline(std::cin, line);
    } else {
        std::getline(std::cin, line);
    }
    if (!line.empty() && line.back() == '\r') line.pop_back();
    return line;
}

}  // namespace crm
