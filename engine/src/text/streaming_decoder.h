#pragma once

#include <cstdint>
#include <string>

namespace adgen::text {

class Tokenizer;

// Turns generated ids into text as they arrive. A byte-level token can end in the middle of a
// UTF-8 character (a Chinese character is often two or three tokens), so push() holds back the
// incomplete tail and returns only whole characters; the UI can append each result as is.
// Bytes that can never form a character come out as U+FFFD, like Tokenizer::decode.
class StreamingDecoder {
public:
    explicit StreamingDecoder(const Tokenizer& tokenizer, bool skipSpecialTokens = false);

    // The text completed by this id (may be empty).
    std::string push(int32_t id);
    // Whatever is still held back, invalid bytes replaced; the decoder is then empty.
    std::string flush();

private:
    const Tokenizer& tokenizer_;
    bool skipSpecialTokens_;
    std::string pending_;
};

}  // namespace adgen::text
