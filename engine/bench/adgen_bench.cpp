// adgen-bench: figures for the numeric runtime under the engine. Builds with libtorch alone
// (ADGEN_BUILD_APP=OFF), so it runs on the GPU machine too.
//
//   adgen-bench info                      runtime, threads, BLAS in use
//   adgen-bench gemm [--size N] [--threads T] [--repeats R]
//                                         fp32 matrix product throughput (GFLOP/s)
//
// Model benchmarks (ms per image-token step, whole ad) join this program with the engine.

#include <ATen/ATen.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <vector>

#include "adgen/runtime_info.h"
#include "adgen/version.h"

namespace {

void printInfo(const adgen::RuntimeInfo& info) {
    std::printf("adgen %s, libtorch %s\n", adgen::versionString().c_str(), info.torchVersion.c_str());
    std::printf("cuda devices: %d\n", info.cudaDeviceCount);
    std::printf("cpu threads (intra-op): %d\n", info.intraOpThreads);
    std::printf("blas: %s%s\n", info.blasLibrary.empty() ? "unknown" : info.blasLibrary.c_str(),
                info.blasIsOptimized ? "" : "  (WARNING: not an optimised BLAS; install libopenblas0-openmp)");
}

int usage() {
    std::fprintf(stderr, "usage: adgen-bench info\n"
                         "       adgen-bench gemm [--size N] [--threads T] [--repeats R]\n");
    return 2;
}

int runGemm(int size, int repeats) {
    const auto a = at::randn({size, size}, at::kFloat);
    const auto b = at::randn({size, size}, at::kFloat);
    (void)at::mm(a, b);  // warm-up: thread pool start, BLAS buffers
    std::vector<double> seconds;
    for (int i = 0; i < repeats; ++i) {
        const auto start = std::chrono::steady_clock::now();
        const auto c = at::mm(a, b);
        seconds.push_back(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        (void)c;
    }
    std::sort(seconds.begin(), seconds.end());
    const double median = seconds[seconds.size() / 2];
    const double flops = 2.0 * double(size) * double(size) * double(size);
    std::printf("gemm fp32 %dx%d: median %.3f ms, best %.3f ms, %.1f GFLOP/s (median of %d)\n", size,
                size, median * 1e3, seconds.front() * 1e3, flops / median * 1e-9, repeats);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc < 2) return usage();
    const std::string command = argv[1];
    int size = 1024, threads = 0, repeats = 10;
    for (int i = 2; i < argc; ++i) {
        const std::string arg = argv[i];
        if (i + 1 >= argc) return usage();
        const int value = std::atoi(argv[++i]);
        if (value < 1) return usage();
        if (arg == "--size") size = value;
        else if (arg == "--threads") threads = value;
        else if (arg == "--repeats") repeats = value;
        else return usage();
    }
    if (threads > 0) adgen::setIntraOpThreads(threads);
    const adgen::RuntimeInfo info = adgen::runtimeInfo();
    if (command == "info") {
        printInfo(info);
        return 0;
    }
    if (command == "gemm") {
        printInfo(info);
        return runGemm(size, repeats);
    }
    return usage();
}
