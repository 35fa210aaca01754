#include "nn/kv_cache.h"

#include "adgen/error.h"

namespace adgen::nn {

KvCache::KvCache(int64_t layers, int64_t rows, int64_t kvHeads, int64_t capacity, int64_t headDim,
                 torch::TensorOptions options)
    : rows_(rows), capacity_(capacity) {
    keys_.reserve(static_cast<size_t>(layers));
    values_.reserve(static_cast<size_t>(layers));
    for (int64_t i = 0; i < layers; ++i) {
        keys_.push_back(torch::zeros({rows, kvHeads, capacity, headDim}, options));
        values_.push_back(torch::zeros({rows, kvHeads, capacity, headDim}, options));
    }
    valid_ = torch::zeros({rows, capacity}, options.dtype(torch::kBool));
}

int64_t KvCache::append(int64_t count, const torch::Tensor& rowValid) {
    if (length_ + count > capacity_)
        throw Error("The generation needs " + std::to_string(length_ + count) +
                        " positions, more than the cache holds (" + std::to_string(capacity_) + ").",
                    "Shorten the prompt or the requested output.");
    const int64_t first = length_;
    valid_.narrow(1, first, count).copy_(rowValid);
    length_ += count;
    return first;
}

void KvCache::keepRows(const torch::Tensor& rows) {
    const auto index = rows.to(valid_.device(), torch::kInt64);
    for (auto& k : keys_) k = k.index_select(0, index);
    for (auto& v : values_) v = v.index_select(0, index);
    valid_ = valid_.index_select(0, index);
    rows_ = index.size(0);
}

void KvCache::reset() {
    length_ = 0;
    valid_.zero_();
}

}  // namespace adgen::nn
