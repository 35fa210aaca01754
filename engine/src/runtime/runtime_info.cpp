#include "adgen/runtime_info.h"

#include <ATen/ATen.h>
#include <ATen/Parallel.h>
#include <ATen/detail/CUDAHooksInterface.h>
#include <torch/version.h>

#include <algorithm>
#include <fstream>
#include <stdexcept>
#include <string>

namespace adgen {
namespace {

// The BLAS libtorch calls is whatever libblas.so.3 the dynamic loader picked (Debian switches it
// with update-alternatives), so the only reliable answer is the mapped file of this process.
std::string mappedBlasLibrary() {
    std::ifstream maps("/proc/self/maps");
    std::string line;
    while (std::getline(maps, line)) {
        const auto slash = line.find('/');
        if (slash == std::string::npos) continue;
        const std::string path = line.substr(slash);
        const std::string name = path.substr(path.rfind('/') + 1);
        const bool isBlas = name.rfind("libblas", 0) == 0 || name.rfind("libopenblas", 0) == 0 ||
                            name.rfind("libmkl_rt", 0) == 0 || name.rfind("libblis", 0) == 0;
        if (isBlas) return path;
    }
    return {};
}

bool looksOptimized(const std::string& blasPath) {
    for (const char* marker : {"openblas", "mkl", "blis"}) {
        if (blasPath.find(marker) != std::string::npos) return true;
    }
    return false;
}

}  // namespace

RuntimeInfo runtimeInfo() {
    // A tiny GEMM makes sure the BLAS library has been loaded before we look for it.
    const auto a = at::ones({8, 8}, at::kFloat);
    (void)at::mm(a, a);

    RuntimeInfo info;
    info.torchVersion = TORCH_VERSION;
    info.cudaDeviceCount = at::hasCUDA() ? static_cast<int>(at::detail::getCUDAHooks().getNumGPUs()) : 0;
    info.cudaAvailable = info.cudaDeviceCount > 0;
    info.intraOpThreads = at::get_num_threads();
    info.blasLibrary = mappedBlasLibrary();
    info.blasIsOptimized = looksOptimized(info.blasLibrary);
    return info;
}

void setIntraOpThreads(int n) {
    if (n < 1) throw std::invalid_argument("setIntraOpThreads: n must be at least 1");
    at::set_num_threads(n);
}

}  // namespace adgen
