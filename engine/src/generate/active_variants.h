#pragma once

#include "nn/kv_cache.h"

#include <ATen/core/Generator.h>
#include <torch/torch.h>

#include <functional>
#include <vector>

namespace adgen::generate {

// The variants a generation loop is still running, each with its seeded generator and
// `rowsPerVariant` consecutive batch rows (2 for CFG pairs, 1 for text). When variants stop,
// their rows leave the KV cache and the last hidden states, so they stop costing compute.
class ActiveVariants {
public:
    ActiveVariants(const std::vector<uint64_t>& seeds, int variantCount, int64_t rowsPerVariant);

    const std::vector<int>& variants() const { return variants_; }
    std::vector<at::Generator>& generators() { return generators_; }
    bool empty() const { return variants_.empty(); }

    // Drops the variants for which `stopped` answers true; returns false when none is left.
    bool prune(const std::function<bool(int variant)>& stopped, nn::KvCache& cache, torch::Tensor& lastHidden);

private:
    std::vector<int> variants_;
    std::vector<at::Generator> generators_;
    int64_t rowsPerVariant_;
};

}  // namespace adgen::generate
