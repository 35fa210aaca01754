#include "generate/active_variants.h"

#include "generate/sampler.h"

namespace adgen::generate {

ActiveVariants::ActiveVariants(const std::vector<uint64_t>& seeds, int variantCount, int64_t rowsPerVariant)
    : rowsPerVariant_(rowsPerVariant) {
    for (int v = 0; v < variantCount; ++v) {
        variants_.push_back(v);
        const auto i = static_cast<size_t>(v);
        generators_.push_back(makeGenerator(i < seeds.size() ? seeds[i] : 0));
    }
}

bool ActiveVariants::prune(const std::function<bool(int variant)>& stopped, nn::KvCache& cache,
                           torch::Tensor& lastHidden) {
    std::vector<int64_t> keepRows;
    std::vector<int> keptVariants;
    std::vector<at::Generator> keptGenerators;
    for (size_t i = 0; i < variants_.size(); ++i) {
        if (stopped && stopped(variants_[i])) continue;
        for (int64_t r = 0; r < rowsPerVariant_; ++r) keepRows.push_back(static_cast<int64_t>(i) * rowsPerVariant_ + r);
        keptVariants.push_back(variants_[i]);
        keptGenerators.push_back(generators_[i]);
    }
    if (keptVariants.size() != variants_.size() && !keptVariants.empty()) {
        const auto index = torch::tensor(keepRows, torch::kInt64);
        cache.keepRows(index);
        lastHidden = lastHidden.index_select(0, index.to(lastHidden.device()));
    }
    variants_ = std::move(keptVariants);
    generators_ = std::move(keptGenerators);
    return !variants_.empty();
}

}  // namespace adgen::generate
