#pragma once

// A tiny Uni-AdGen configuration over the tiny Janus model and tokenizer of tiny_model.h, for the
// personalization tests: 3 history items of 5 title slots and 4 image slots (4 px history images
// through the tiny VQ's 2x downsampling), a 2-layer decoder with a condition layer before each.

#include "personalize/uniadgen_config.h"
#include "text/tokenizer.h"
#include "tiny_model.h"

namespace adgen::testing {

inline nlohmann::json tinyUniAdGenSection() {
    return nlohmann::json{
        {"history_length", 3},
        {"history_title_tokens", 5},
        {"history_image_tokens", 4},
        {"history_image_size", 4},
        {"max_title_tokens", 16},
        {"preference", {{"heads", 4}, {"ff_dim", 128}, {"mask_layers", 1}, {"fusion_layers", 1}}},
        {"foreground",
         {{"condition_layers", 2},
          {"layer_interval", 1},
          {"dinov2", {{"hidden_size", 32}, {"num_layers", 1}, {"num_heads", 4}, {"mlp_size", 64}, {"position_grid", 5}}}}},
        {"lora", {{"rank", 2}, {"alpha", 4}}},
    };
}

// With history images of 14 px (49 slots each), the smallest Janus's image processor takes: for
// tests that feed history images through prepareHistoryImage (the engine API, the CLI).
inline nlohmann::json tinyUniAdGenSectionForPixels() {
    auto section = tinyUniAdGenSection();
    section["history_image_size"] = 14;
    section["history_image_tokens"] = 49;
    return section;
}

inline model::ModelConfig tinyUniAdGenModelConfig(const nlohmann::json& section = tinyUniAdGenSection()) {
    auto c = tinyConfig();
    c.language.maxPositions = 2048;  // the released instruction and negative prompt are long in a tiny vocabulary
    c.raw = model::toJson(c);
    c.raw["uniadgen"] = section;
    return c;
}

// The tiny tokenizer with the tokens Uni-AdGen adds at run time, in the reference's order.
inline text::Tokenizer tinyUniAdGenTokenizer() {
    auto tokenizer = text::Tokenizer::fromFile(tinyTokenizerJson());
    for (const char* token : {"<title_placeholder>", "<begin_of_history_title>", "<end_of_history_title>"})
        tokenizer.addToken(token, /*special=*/true);
    return tokenizer;
}

}  // namespace adgen::testing
