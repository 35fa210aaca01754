#pragma once

#include <array>
#include <filesystem>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

// jieba's `finalseg`: the character-tagging HMM (states B, M, E, S: begin, middle, end of a word,
// single-character word) that segments runs of characters the dictionary route left as single
// characters, plus the rule that cuts the non-Han parts of such a run. Reproduces finalseg.cut of
// python3-jieba 0.42.1, including its floating-point order and tie-breaks.
namespace adgen::metrics {

class JiebaHmm {
public:
    // Reads prob_start.py, prob_trans.py and prob_emit.py from `finalsegDirectory` (jieba's
    // finalseg/ folder). A missing or malformed file is an adgen::Error.
    static JiebaHmm load(const std::filesystem::path& finalsegDirectory);

    // finalseg.cut(text): appends the words of `text` to `words`.
    void cut(std::u32string_view text, std::vector<std::u32string>& words) const;

    // The Viterbi-decoded state letters (B, M, E, S) of a run of Han characters; for tests.
    std::string tagStates(std::u32string_view hanRun) const;

private:
    // States in alphabetical order, so that "larger index" is Python's "larger letter" when
    // max() breaks a tie between equal probabilities by comparing the state names.
    enum State { B = 0, E = 1, M = 2, S = 3 };
    using PerState = std::array<double, 4>;

    std::vector<int> viterbi(std::u32string_view observations) const;
    void cutHanRun(std::u32string_view run, std::vector<std::u32string>& words) const;
    const PerState& emission(char32_t c) const;

    PerState start_{};
    std::array<PerState, 4> transition_{};  // [from][to]
    std::unordered_map<char32_t, PerState> emission_;
    PerState unseenEmission_{};
};

// Whether jieba's finalseg treats c as Han (its re_han, U+4E00..U+9FD5).
inline bool isJiebaHan(char32_t c) {
    return c >= 0x4E00 && c <= 0x9FD5;
}

}  // namespace adgen::metrics
