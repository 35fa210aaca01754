#include "openmp_wait_policy.h"

#include <cstdlib>

#ifdef __linux__
#include <unistd.h>
#endif

void ensurePassiveOpenMpWaiting(char* argv[]) {
#ifdef __linux__
    if (std::getenv("OMP_WAIT_POLICY") != nullptr) return;
    if (setenv("OMP_WAIT_POLICY", "PASSIVE", 1) != 0) return;
    execv("/proc/self/exe", argv);  // returns only on failure
#else
    (void)argv;
#endif
}
