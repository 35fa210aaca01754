#include "streaming_decoder.h"

#include "tokenizer.h"
#include "utf8.h"

namespace adgen::text {

StreamingDecoder::StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens)
    : tokenizer_(tokenizer), skipSpecialTokens_(skipSpecialTokens) {}

std::string StreamingDecoder::push(int32_t id) {
    if (skipSpecialTokens_ && tokenizer_.isSpecial(id)) return {};
    pending_ += tokenizer_.tokenBytes(id);
    const size_t keep = utf8::incompleteTailLength(pending_);
    const std::string_view ready(pending_.data(), pending_.size() - keep);
    std::string out = utf8::isValid(ready) ? std::string(ready) : utf8::repairLossy(ready);
    pending_.erase(0, pending_.size() - keep);
    return out;
}

std::string StreamingDecoder::flush() {
    std::string out = utf8::repairLossy(pending_);
    pending_.clear();
    return out;
}

}  // namespace adgen::text
