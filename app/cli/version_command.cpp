#include <cstdio>

#include "adgen/runtime_info.h"
#include "adgen/version.h"
#include "cli/commands.h"

namespace adgen::cli {

int versionCommand(const Args& /*args*/) {
    const RuntimeInfo info = runtimeInfo();
    std::printf("adgen %s\n", versionString().c_str());
    std::printf("libtorch %s, %s, CPU threads: %d\n", info.torchVersion.c_str(),
                info.cudaAvailable ? ("CUDA with " + std::to_string(info.cudaDeviceCount) + " device(s)").c_str()
                                   : "no CUDA device",
                info.intraOpThreads);
    std::printf("BLAS: %s%s\n", info.blasLibrary.empty() ? "unknown" : info.blasLibrary.c_str(),
                info.blasIsOptimized ? "" : " (not optimised: install libopenblas0-openmp)");
    return 0;
}

}  // namespace adgen::cli
