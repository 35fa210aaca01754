// The "uniadgen" section of config.json: defaults are the released settings, every field is
// read, and a section that cannot drive the decoder is refused with the field named.

#include "error_message.h"
#include "personalize/uniadgen_config.h"
#include "uniadgen_test_support.h"

#include <gtest/gtest.h>

namespace adgen {
namespace {

using personalize::readUniAdGenConfig;

TEST(UniAdGenConfig, PlainJanusModelHasNoSection) {
    auto config = testing::tinyConfig();
    config.raw = model::toJson(config);
    EXPECT_FALSE(readUniAdGenConfig(config, "test").has_value());
}

TEST(UniAdGenConfig, EmptySectionGivesTheReleasedSettings) {
    model::ModelConfig config;  // Janus-Pro-7B defaults: 30 layers of 4096
    config.raw = {{"uniadgen", nlohmann::json::object()}};
    const auto c = *readUniAdGenConfig(config, "test");
    EXPECT_EQ(c.historyLength, 10);
    EXPECT_EQ(c.historyTitleTokens, 30);
    EXPECT_EQ(c.historyImageTokens, 64);
    EXPECT_EQ(c.preference.ffDim, 4 * 4096);
    EXPECT_EQ(c.foreground.conditionLayers, 5);
    EXPECT_EQ(c.foreground.layerInterval, 6);
    EXPECT_DOUBLE_EQ(c.foreground.strength, 1.5);
    EXPECT_DOUBLE_EQ(c.loraScale(), 2.0);
    EXPECT_EQ(c.stage2Mode, personalize::Stage2Mode::Released);
    EXPECT_NE(c.instructionTemplate.find("for the produce in the image"), std::string::npos);
}

TEST(UniAdGenConfig, RoundTripsThroughJson) {
    auto config = testing::tinyUniAdGenModelConfig();
    auto c = *readUniAdGenConfig(config, "test");
    c.stage2Mode = personalize::Stage2Mode::TrainConsistent;
    c.negativePrompt = "blurry";
    config.raw["uniadgen"] = personalize::toJson(c);
    const auto back = *readUniAdGenConfig(config, "test");
    EXPECT_EQ(personalize::toJson(back), personalize::toJson(c));
    EXPECT_EQ(back.historyLength, 3);
    EXPECT_EQ(back.foreground.dinoHidden, 32);
}

TEST(UniAdGenConfig, BadSectionsNameTheField) {
    const auto errorFor = [](const nlohmann::json& patch) {
        auto config = testing::tinyUniAdGenModelConfig();
        config.raw["uniadgen"].merge_patch(patch);
        return errorOf([&] { readUniAdGenConfig(config, "model/config.json"); });
    };
    EXPECT_NE(errorFor({{"history_image_tokens", 5}}).find("history_image_tokens"), std::string::npos);
    EXPECT_NE(errorFor({{"stage2_mode", "fast"}}).find("train-consistent"), std::string::npos);
    EXPECT_NE(errorFor({{"instruction_template", "no slots"}}).find("{TP}"), std::string::npos);
    EXPECT_NE(errorFor({{"preference", {{"heads", 5}}}}).find("does not divide"), std::string::npos);
    EXPECT_NE(errorFor({{"foreground", {{"condition_layers", 3}}}}).find("only 2 layers"), std::string::npos);
    EXPECT_NE(errorFor({{"history_length", "ten"}}).find("uniadgen.history_length"), std::string::npos);
    EXPECT_NE(errorFor({{"history_length", 2}}).find("(no error)"), std::string::npos);
}

}  // namespace
}  // namespace adgen
