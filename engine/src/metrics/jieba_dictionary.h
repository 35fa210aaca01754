#pragma once

#include <cstdint>
#include <filesystem>
#include <string_view>
#include <vector>

// jieba's prefix dictionary (Tokenizer.FREQ of python3-jieba 0.42.1): every word of dict.txt with
// its frequency, and every prefix of a word with frequency 0 unless it is a word itself. Held as a
// trie over code points whose edges live in one open-addressing hash table, so that loading the
// 350k-word dictionary costs one pass over the file and no allocation per word.
namespace adgen::metrics {

class JiebaDictionary {
public:
    using Node = uint32_t;
    static constexpr Node kRoot = 0;
    static constexpr Node kAbsent = UINT32_MAX;

    // Reads a jieba dictionary ("word frequency [tag]" per line, UTF-8). A missing file or a line
    // jieba itself would reject is an adgen::Error naming the file and the line.
    static JiebaDictionary load(const std::filesystem::path& file);

    // The node reached from `node` by one more character; kAbsent when that string is neither a
    // word nor a prefix of one ("not in FREQ").
    Node child(Node node, char32_t c) const;
    // FREQ[string of node]: the word's frequency, 0 for a prefix that is not a word.
    int64_t frequency(Node node) const { return frequency_[node]; }
    // FREQ.get(text, 0).
    int64_t frequency(std::u32string_view text) const;

    // log of the sum of all frequencies (every line counts, duplicates included, as in jieba).
    double logTotal() const { return logTotal_; }
    int64_t total() const { return total_; }
    // Words and prefixes held (len(FREQ)).
    size_t entryCount() const { return frequency_.size() - 1; }

private:
    Node addChild(Node node, char32_t c);
    void growEdges();

    std::vector<int64_t> frequency_;  // per node; node 0 is the empty string
    std::vector<uint64_t> edgeKeys_;  // (parent << 21 | character) + 1; 0 marks a free slot
    std::vector<Node> edgeTargets_;
    size_t edgeCount_ = 0;
    int64_t total_ = 0;
    double logTotal_ = 0;
};

}  // namespace adgen::metrics
