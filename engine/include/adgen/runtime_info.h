#pragma once

#include <string>

namespace adgen {

// What the numeric runtime under the engine is: shown by `adgen --version`, the studio's status
// bar and `adgen-bench`, so a slow setup (no GPU, the reference BLAS) is visible at a glance.
struct RuntimeInfo {
    std::string torchVersion;   // libtorch the engine was built against, e.g. "1.13.1"
    bool cudaAvailable = false; // a CUDA device can be used
    int cudaDeviceCount = 0;
    int intraOpThreads = 0;     // threads libtorch uses inside one CPU operator
    std::string blasLibrary;    // resolved path of the BLAS library in use, empty if unknown
    bool blasIsOptimized = false; // an OpenBLAS/MKL/BLIS build rather than the reference BLAS
};

// Runs one small matrix product first so the BLAS library is loaded and can be identified.
RuntimeInfo runtimeInfo();

// Sets libtorch's intra-op thread count (n >= 1).
void setIntraOpThreads(int n);

}  // namespace adgen
