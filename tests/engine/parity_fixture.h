#pragma once

// Helpers for the parity fixtures under tests/fixtures/parity (see their README.md).

#include "io/safetensors.h"
#include "model/model_config.h"
#include "model/weight_store.h"

#include <gtest/gtest.h>
#include <torch/torch.h>

#include <filesystem>
#include <string>

namespace adgen::testing {

inline std::filesystem::path parityDir(const std::string& name) {
    return std::filesystem::path(ADGEN_FIXTURES_DIR) / "parity" / name;
}

// The tensor `key` of `dir`/expected.safetensors, as float32 (integers keep their type).
inline torch::Tensor expected(const std::string& dir, const std::string& key) {
    const auto file = io::SafetensorsFile::open(parityDir(dir) / "expected.safetensors");
    const auto* entry = file->find(key);
    if (!entry) throw std::runtime_error("fixture " + dir + " has no " + key);
    return file->read(*entry, torch::kFloat32).clone();
}

// max |a - b| / max(|b|, floor): relative error measured against the reference's scale.
inline double relativeError(const torch::Tensor& actual, const torch::Tensor& reference) {
    const auto scale = std::max(reference.abs().max().item<double>(), 1e-6);
    return (actual.to(torch::kFloat32) - reference).abs().max().item<double>() / scale;
}

inline model::WeightStore fixtureWeights(const std::string& dir) {
    model::WeightStore::Options options;
    return model::WeightStore(parityDir(dir), options);
}

}  // namespace adgen::testing
