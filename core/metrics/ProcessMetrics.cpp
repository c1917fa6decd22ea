#include "metrics/ProcessMetrics.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>

namespace crm {
namespace {

double residentBytes() {
    // statm: size, resident, ... in pages.
    std::ifstream statm("/proc/self/statm");
    long long size = 0, resident = 0;
    statm >> size >> resident;
    return static_cast<double>(resident) * static_cast<double>(::sysconf(_SC_PAGESIZE));
}

double cpuSeconds() {
    rusage usage{};
    ::getrusage(RUSAGE_SELF, &usage);
    auto seconds = [](const timeval& t) { return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_usec) / 1e6; };
    return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

// Entries of /proc/self/fd, less ".", ".." and the descriptor reading it.
double openDescriptors() {
    DIR* folder = ::opendir("/proc/self/fd");
    if (!folder) return 0;
    long long entries = 0;
    while (const dirent* entry = ::readdir(folder))
        if (entry->d_name[0] != '.') ++entries;
    ::closedir(folder);
    return static_cast<double>(entries > 0 ? entries - 1 : 0);
}

}  // namespace

void writeProcessMetrics(PrometheusText& out) {
    out.family("process_resident_memory_bytes", "gauge", "Resident memory size in bytes.");
    out.sample("process_resident_memory_bytes", {}, residentBytes());
    out.family("process_cpu_seconds_total", "counter", "Total user and system CPU time spent in seconds.");
    out.sample("process_cpu_seconds_total", {}, cpuSeconds());
    out.family("process_open_fds", "gauge", "Number of open file descriptors.");
    out.sample("process_open_fds", {}, openDescriptors());
}

}  // namespace crm
