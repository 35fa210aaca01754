#pragma once

#include <nlohmann/json.hpp>

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace adgen::text {

// Trains a byte-level BPE tokenizer and writes it as a Hugging Face tokenizer.json that
// text::Tokenizer (and the Hugging Face libraries) load unchanged. The file has the layout of
// Janus-Pro's (DeepSeek-LLM's) tokenizer.json, which is also the layout of the tiny-janus test
// fixture (tools/make_tiny_tokenizer.py):
//   - pre-tokenizer: DeepSeek-LLM's five Split regexes (newlines; letter runs with one leading
//     space; punctuation runs, ASCII and CJK; trailing whitespace; CJK runs), Digits with
//     individual_digits, ByteLevel without its own regex;
//   - model BPE: the 256 byte tokens in the ByteLevel alphabet (ids 0..255, ordered by code
//     point like the Hugging Face trainer), then one token per learned merge, merges written as
//     "left right" (byte-level tokens never contain a space);
//   - added_tokens: the special tokens, in the given order, with the ids right after the learned
//     vocabulary;
//   - post-processor: TemplateProcessing that puts BOS first; decoder: ByteLevel.
//
// Training is the standard BPE loop: the texts are cut on special tokens and pre-tokenized exactly
// as Tokenizer::encode will cut them, equal pieces are counted once with their frequency, then the
// most frequent adjacent pair is merged, again and again. Ties go to the pair whose (left, right)
// byte-level strings are lexicographically smallest (compared as UTF-8 bytes, i.e. by code point),
// so training is deterministic: the same texts give the same file. Pair counts are updated
// incrementally (only the pieces that contain the merged pair are visited) and kept in a lazy
// max-heap, so a few MB of text and thousands of merges train in seconds.
struct BpeTrainingOptions {
    // Total number of ids, special tokens included: 256 byte tokens + learned tokens + specials
    // (the model's vocab_size). Training stops early when no pair occurs minFrequency times any
    // more; the result is then smaller (BpeTrainingStats says so).
    int vocabSize = 8000;
    // A pair is merged only if it occurs at least this often.
    int minFrequency = 2;
    // Added as special tokens after the learned vocabulary, in this order.
    std::vector<std::string> specialTokens = defaultSpecialTokens();
    // Put first by the post-processor (encode with addSpecialTokens); must be one of
    // specialTokens, or empty for no post-processor.
    std::string bosToken = "<\xEF\xBD\x9C" "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>";

    // Janus-Pro's BOS, EOS and pad, its image tokens, Uni-AdGen's title tokens, and the chat
    // roles <|User|> and <|Assistant|> (special added tokens in Janus-Pro's tokenizer.json).
    static std::vector<std::string> defaultSpecialTokens();
};

struct BpeTrainingStats {
    int64_t texts = 0;           // texts trained on
    int64_t bytes = 0;           // their total size
    int64_t pieces = 0;          // pre-tokenized pieces
    int64_t distinctPieces = 0;  // distinct ones (what the pair counts run over)
    int merges = 0;              // learned merges
    int baseVocab = 0;           // 256 + learned tokens
    int size = 0;                // all ids: baseVocab + special tokens
    bool reachedVocabSize = false;
    std::string stopReason;      // why training stopped, in words
    double seconds = 0;
};

// Throws adgen::Error when the options are inconsistent (vocabulary smaller than the 256 byte
// tokens plus the special tokens, duplicate or empty special tokens, BOS not among them).
nlohmann::ordered_json trainByteLevelBpe(const std::vector<std::string>& texts,
                                         const BpeTrainingOptions& options,
                                         BpeTrainingStats* stats = nullptr);

// The "pre_tokenizer" section the trainer writes (DeepSeek-LLM's, as in Janus-Pro).
nlohmann::ordered_json deepSeekPreTokenizerJson();

// Writes tokenizer.json (UTF-8, indented, atomically). Throws adgen::Error when it cannot.
void saveTokenizerJson(const nlohmann::ordered_json& tokenizer, const std::filesystem::path& path);

// Appends the texts of one corpus file: a .json file contributes every string value in it,
// recursively (object keys are not texts), a .jsonl file every string value of every line, any
// other file every non-empty line (UTF-8, "\r\n" or "\n"). Throws adgen::Error naming the file when
// it is missing, unreadable or not valid JSON. Returns how many texts it added.
size_t appendCorpusTexts(const std::filesystem::path& file, std::vector<std::string>& texts);

}  // namespace adgen::text
