#pragma once

#include <torch/torch.h>

#include <vector>

namespace adgen::nn {

// A static, preallocated key/value cache: one [rows, kvHeads, capacity, headDim] tensor per layer
// for keys and one for values, allocated once per generation and written in place, so decoding a
// token never copies the past (performance.md 3.1). `valid` marks which slots each row may
// attend to: left padding and finished variants are masked out here rather than by shifting
// rows around.
class KvCache {
public:
    KvCache(int64_t layers, int64_t rows, int64_t kvHeads, int64_t capacity, int64_t headDim,
            torch::TensorOptions options);

    int64_t rows() const { return rows_; }
    int64_t capacity() const { return capacity_; }
    int64_t length() const { return length_; }  // slots written so far (same for every row)

    torch::Tensor& keys(int64_t layer) { return keys_[static_cast<size_t>(layer)]; }
    torch::Tensor& values(int64_t layer) { return values_[static_cast<size_t>(layer)]; }
    // [rows, capacity] bool: slot may be attended to.
    const torch::Tensor& valid() const { return valid_; }

    // Reserves `count` new slots for the next forward pass; `rowValid` [rows, count] (bool) says
    // which of them hold real tokens (false for left padding). Returns the first new slot.
    int64_t append(int64_t count, const torch::Tensor& rowValid);
    // Keeps only the rows `rows` (int64 indices), in that order: a cancelled variant stops costing
    // compute. One copy of the cache, paid once per cancellation.
    void keepRows(const torch::Tensor& rows);
    // Forgets everything (the tensors stay allocated).
    void reset();

private:
    int64_t rows_;
    int64_t capacity_;
    int64_t length_ = 0;
    std::vector<torch::Tensor> keys_;
    std::vector<torch::Tensor> values_;
    torch::Tensor valid_;
};

}  // namespace adgen::nn
