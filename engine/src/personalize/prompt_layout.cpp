#include "personalize/prompt_layout.h"

#include "adgen/error.h"

#include <algorithm>
#include <cctype>

namespace adgen::personalize {
namespace {

// Python's str.strip() for the whitespace that can occur here (ASCII); titles with other
// Unicode spaces at their ends are rare enough that we do not chase them.
std::string stripped(const std::string& s) {
    const auto* ws = " \t\r\n\f\v";
    const auto b = s.find_first_not_of(ws);
    if (b == std::string::npos) return {};
    return s.substr(b, s.find_last_not_of(ws) - b + 1);
}

std::string repeated(const std::string& s, int64_t times) {
    std::string out;
    for (int64_t i = 0; i < times; ++i) out += s;
    return out;
}

std::string lowerAscii(std::string s) {
    std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    return s;
}

}  // namespace

PromptLayout::PromptLayout(const model::ModelConfig& model, const UniAdGenConfig& config, const text::Tokenizer& tokenizer)
    : chat_(model.chat), beginOfImageText_(model.tokens.beginOfImage), config_(config), tokenizer_(tokenizer) {
    const auto id = [&](const std::string& name) -> int64_t {
        const auto found = tokenizer.tokenId(name);
        if (!found)
            throw Error("The tokenizer has no token " + name + ", which the Uni-AdGen prompts need.",
                        "Use the tokenizer.json and added_tokens.json that came with this model (Uni-AdGen adds its "
                        "history tokens at run time; tools/convert_uniadgen_checkpoint.py writes them to added_tokens.json).");
        return *found;
    };
    ids_.bos = id(model.tokens.bos);
    ids_.eos = id(model.tokens.eos);
    ids_.pad = id(model.tokens.pad);
    ids_.beginOfImage = id(model.tokens.beginOfImage);
    ids_.endOfImage = id(model.tokens.endOfImage);
    ids_.imagePlaceholder = id(config.tokens.imagePlaceholder);
    ids_.titlePlaceholder = id(config.tokens.titlePlaceholder);
    ids_.beginOfHistoryTitle = id(config.tokens.beginOfHistoryTitle);
    ids_.endOfHistoryTitle = id(config.tokens.endOfHistoryTitle);
}

std::string PromptLayout::instruction(const std::string& wordList, const std::string& originalTitle,
                                      int64_t historyCount) const {
    // Python's str.format fills every slot in one pass, so a slot-like text inside a value stays as
    // written: fill the slots in template order.
    std::string out;
    const auto& t = config_.instructionTemplate;
    size_t at = 0;
    while (at < t.size()) {
        const auto open = t.find('{', at);
        if (open == std::string::npos) break;
        const auto close = t.find('}', open);
        if (close == std::string::npos) break;
        const auto slot = t.substr(open, close - open + 1);
        std::string value;
        bool known = true;
        if (slot == "{W}") value = wordList;
        else if (slot == "{S}") value = originalTitle;
        else if (slot == "{TP}") value = repeated(config_.tokens.titlePlaceholder, historyCount);
        else if (slot == "{IP}") value = repeated(config_.tokens.imagePlaceholder, historyCount);
        else known = false;
        out += t.substr(at, open - at);
        out += known ? value : slot;
        at = close + 1;
    }
    out += t.substr(std::min(at, t.size()));
    return out;
}

std::string PromptLayout::conversation(const std::string& user, const std::string& assistant) const {
    std::string prompt;
    if (!chat_.systemPrompt.empty()) prompt += chat_.systemPrompt + chat_.separator;
    prompt += chat_.userRole + ": " + stripped(user) + chat_.separator;
    const auto answer = stripped(assistant);
    prompt += answer.empty() ? chat_.assistantRole + ":" : chat_.assistantRole + ": " + answer + chat_.endOfTurn;
    return stripped(prompt);
}

std::vector<int64_t> PromptLayout::encode(const std::string& text) const {
    const auto ids32 = tokenizer_.encode(text, /*addSpecialTokens=*/true);
    return {ids32.begin(), ids32.end()};
}

std::vector<int64_t> PromptLayout::expandPlaceholders(const std::vector<int64_t>& ids) const {
    std::vector<int64_t> out;
    out.reserve(ids.size() + 1024);
    for (const auto id : ids) {
        if (id == ids_.titlePlaceholder) {
            out.push_back(ids_.beginOfHistoryTitle);
            out.insert(out.end(), static_cast<size_t>(config_.historyTitleTokens), ids_.titlePlaceholder);
            out.push_back(ids_.endOfHistoryTitle);
        } else if (id == ids_.imagePlaceholder) {
            out.push_back(ids_.beginOfImage);
            out.insert(out.end(), static_cast<size_t>(config_.historyImageTokens), ids_.imagePlaceholder);
            out.push_back(ids_.endOfImage);
        } else {
            out.push_back(id);
        }
    }
    return out;
}

std::vector<int64_t> PromptLayout::stage1(const BriefText& brief, int64_t historyCount) const {
    auto ids = encode(conversation(instruction(brief.wordList, brief.originalTitle, historyCount), config_.titleOpen));
    // The answer "<prompt>" closes with the end-of-turn token, which the model must not see: the
    // reference drops the last id.
    ids.pop_back();
    return expandPlaceholders(ids);
}

std::vector<int64_t> PromptLayout::stage2(const BriefText& brief, int64_t historyCount, const std::string& titleText,
                                          Stage2Mode mode) const {
    // The released call passes the word list into the `in_stage1` parameter: the template then
    // reads 'None', and a non-empty word list (truthy) makes it a stage-1 style sequence that ends
    // at "</prompt>" (model-spec 2.5).
    const bool released = mode == Stage2Mode::Released;
    const auto wordList = released ? std::string("None") : brief.wordList;
    const bool stage1Style = released && !brief.wordList.empty();
    const auto text = conversation(instruction(wordList, brief.originalTitle, historyCount), titleText);
    if (stage1Style) {
        auto ids = encode(text);
        ids.pop_back();
        return expandPlaceholders(ids);
    }
    return expandPlaceholders(encode(text + beginOfImageText_));
}

TrainingSequence PromptLayout::trainingSequence(const BriefText& brief, int64_t historyCount,
                                                const std::string& title) const {
    TrainingSequence out;
    out.ids = stage1(brief, historyCount);
    out.titleBegin = out.ids.size();
    for (const auto id : tokenizer_.encode(title + config_.titleClose, /*addSpecialTokens=*/false)) out.ids.push_back(id);
    out.ids.push_back(ids_.eos);
    out.titleEnd = out.ids.size();
    for (const auto id : tokenizer_.encode(beginOfImageText_, /*addSpecialTokens=*/false)) out.ids.push_back(id);
    return out;
}

std::vector<int64_t> PromptLayout::negative() const {
    return encode(conversation(config_.negativePrompt, "") + beginOfImageText_);
}

std::vector<int64_t> PromptLayout::historyTitleSlots(const std::string& title) const {
    const auto slots = static_cast<size_t>(config_.historyTitleTokens);
    std::vector<int64_t> ids;
    if (!title.empty()) {
        const auto encoded = tokenizer_.encode(title, /*addSpecialTokens=*/false);
        ids.assign(encoded.begin(), encoded.end());
        if (!ids.empty() && ids.front() == ids_.bos) ids.erase(ids.begin());
        if (!ids.empty() && ids.back() == ids_.eos) ids.pop_back();
    }
    ids.resize(slots, ids_.pad);
    return ids;
}

std::string titleSection(const std::string& decoded, const UniAdGenConfig& config) {
    const auto text = config.titleOpen + decoded;
    const auto end = text.find(config.titleClose);
    if (end == std::string::npos) return config.titleOpen + config.titleClose;
    return text.substr(0, end + config.titleClose.size());
}

std::string titleFromSection(const std::string& section, const UniAdGenConfig& config) {
    // re.match(r'<prompt>(.+?)</prompt>', text.strip(), DOTALL | IGNORECASE): the markers must start
    // the text and enclose at least one character; the first close after that character ends it.
    const auto text = stripped(section);
    const auto lower = lowerAscii(text);
    const auto open = lowerAscii(config.titleOpen);
    const auto close = lowerAscii(config.titleClose);
    if (lower.compare(0, open.size(), open) != 0) return {};
    const auto end = lower.find(close, open.size() + 1);
    if (end == std::string::npos || text.size() <= open.size()) return {};
    return stripped(text.substr(open.size(), end - open.size()));
}

}  // namespace adgen::personalize
