#include "model/presets.h"

namespace adgen::model {

std::optional<ModelConfig> presetConfig(const std::string& name) {
    ModelConfig c;  // the defaults are Janus-Pro-7B
    c.name = name;
    if (name == "janus-pro-7b") return c;
    if (name == "janus-pro-1b") {
        c.language.hiddenSize = 2048;
        c.language.numLayers = 24;
        c.language.numHeads = 16;
        c.language.numKvHeads = 16;
        c.language.headDim = 128;
        c.language.intermediateSize = 5632;
        c.generation.imageTokenEmbed = 2048;
        return c;
    }
    return std::nullopt;
}

std::vector<std::string> presetNames() { return {"janus-pro-1b", "janus-pro-7b"}; }

}  // namespace adgen::model
