#pragma once

// A tiny random Janus-family model with the tiny Janus tokenizer fixture, written to a temporary
// directory: real code paths at test speed.

#include "model/model_config.h"
#include "model/random_model.h"

#include <filesystem>
#include <string>
#include <unistd.h>

namespace adgen::testing {

inline std::filesystem::path tinyTokenizerJson() {
    return std::filesystem::path(ADGEN_FIXTURES_DIR) / "tokenizers" / "tiny-janus" / "tokenizer.json";
}

inline model::ModelConfig tinyConfig() {
    model::ModelConfig c;
    c.name = "tiny-random";
    auto& l = c.language;
    l.hiddenSize = 64;
    l.numLayers = 2;
    l.numHeads = 4;
    l.numKvHeads = 2;
    l.headDim = 16;
    l.intermediateSize = 128;
    l.vocabSize = 768;
    l.maxPositions = 512;
    auto& g = c.generation;
    g.imageTokenSize = 64;
    g.codeDim = 8;
    g.imageTokenEmbed = 64;
    g.gridSize = 4;
    c.vq.codebookSize = 64;
    c.vq.codeDim = 8;
    c.vq.zChannels = 32;
    c.vq.baseChannels = 32;
    c.vq.channelMultipliers = {1, 2};
    c.vq.numResBlocks = 1;
    return c;
}

// A fresh directory under the system temp folder, removed when the object goes away.
class TempDir {
public:
    explicit TempDir(const std::string& name)
        : path_(std::filesystem::temp_directory_path() / ("adgen-test-" + name + "-" + std::to_string(::getpid()))) {
        std::filesystem::remove_all(path_);
        std::filesystem::create_directories(path_);
    }
    ~TempDir() { std::filesystem::remove_all(path_); }
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
};

inline std::filesystem::path writeTinyModel(const std::filesystem::path& dir, uint64_t seed = 7) {
    model::writeRandomModel(dir, tinyConfig(), tinyTokenizerJson(), seed);
    return dir;
}

}  // namespace adgen::testing
