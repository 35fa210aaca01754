#pragma once

#include "model/model_config.h"
#include "personalize/uniadgen_config.h"
#include "text/tokenizer.h"

#include <cstdint>
#include <string>
#include <vector>

namespace adgen::personalize {

// Ids of every token the Uni-AdGen prompts use, looked up by name (model-spec 2.5, 6).
struct PromptTokenIds {
    int64_t bos = -1;
    int64_t eos = -1;
    int64_t pad = -1;
    int64_t beginOfImage = -1;
    int64_t endOfImage = -1;
    int64_t imagePlaceholder = -1;
    int64_t titlePlaceholder = -1;
    int64_t beginOfHistoryTitle = -1;
    int64_t endOfHistoryTitle = -1;
};

// What the instruction says about the product.
struct BriefText {
    std::string wordList;       // the selling points, comma-separated (PAd1M `word_list`)
    std::string originalTitle;  // PAd1M `sku_title_cn`
};

// One training sequence (issue 5): what stage 1 sees, the title it should write, then what stage 2
// continues with. Positions are indices into `ids`.
struct TrainingSequence {
    std::vector<int64_t> ids;  // stage1 ++ TITLE</prompt> ++ EOS ++ <begin_of_image>
    size_t titleBegin = 0;     // first id of the title (the first one stage 1 must write)
    size_t titleEnd = 0;       // one past the EOS that ends it
    // The image codes follow `ids`: the prediction at ids.size() - 1 is the first code.
};

// Builds the token sequences of model-spec 2.5 exactly as the released code does: the DeepSeek
// conversation template around the instruction, BOS from the tokenizer, then each history slot
// expanded (a title placeholder to <begin_of_history_title> + N title slots + <end_of_history_title>,
// an image placeholder to <begin_of_image> + M image slots + <end_of_image>).
class PromptLayout {
public:
    // Throws adgen::Error naming a token the tokenizer lacks.
    PromptLayout(const model::ModelConfig& model, const UniAdGenConfig& config, const text::Tokenizer& tokenizer);

    const PromptTokenIds& ids() const { return ids_; }

    // The instruction with its slots filled; `historyCount` placeholders of each kind.
    std::string instruction(const std::string& wordList, const std::string& originalTitle, int64_t historyCount) const;
    // One user turn and one assistant turn in the DeepSeek template, contents and result stripped
    // as Janus' apply_sft_template_for_multi_turn_prompts does; an empty answer ends in "<|Assistant|>:".
    std::string conversation(const std::string& user, const std::string& assistant) const;

    // Stage 1 (title): "... <|Assistant|>: <prompt>" (the template's EOS dropped).
    std::vector<int64_t> stage1(const BriefText& brief, int64_t historyCount) const;
    // Stage 2 (image), conditional row; `titleText` is the decoded "<prompt>TITLE</prompt>".
    std::vector<int64_t> stage2(const BriefText& brief, int64_t historyCount, const std::string& titleText,
                                Stage2Mode mode) const;
    // Training: stage 1's prompt followed by the title as stage 1 would write it (its tokens as the
    // model continues after "<prompt>": TITLE</prompt>, then EOS) and <begin_of_image>, so the text
    // loss trains exactly what stage 1 samples. For ordinary titles the ids equal the
    // train-consistent stage-2 prompt (the test shows it); where BPE would join the opening marker
    // with the title's first characters, stage 2 at inference tokenizes that seam differently.
    TrainingSequence trainingSequence(const BriefText& brief, int64_t historyCount, const std::string& title) const;
    // The unconditional row: the negative prompt, an empty answer, <begin_of_image>.
    std::vector<int64_t> negative() const;
    // A history title as its slots: encoded without BOS/EOS, cut or padded (pad id) to the slot count.
    std::vector<int64_t> historyTitleSlots(const std::string& title) const;

private:
    std::vector<int64_t> encode(const std::string& text) const;
    std::vector<int64_t> expandPlaceholders(const std::vector<int64_t>& ids) const;

    model::ChatTemplate chat_;
    std::string beginOfImageText_;  // appended as text before encoding, as the reference does
    UniAdGenConfig config_;
    const text::Tokenizer& tokenizer_;
    PromptTokenIds ids_;
};

// Stage-1 output -> the text stage 2 quotes, as decode_p2i_text_batch does: "<prompt>" + the decoded
// text, cut after the first "</prompt>" (none: "<prompt></prompt>").
std::string titleSection(const std::string& decoded, const UniAdGenConfig& config);
// The title inside "<prompt>...</prompt>" (parse_multimodal_output: leading match, case-insensitive,
// stripped); "" when the text does not start with the markers.
std::string titleFromSection(const std::string& section, const UniAdGenConfig& config);

}  // namespace adgen::personalize
