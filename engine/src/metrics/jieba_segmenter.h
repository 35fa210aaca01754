#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "jieba_dictionary.h"
#include "jieba_hmm.h"

// A C++ reproduction of `jieba.cut(text)` from python3-jieba 0.42.1 in its default mode (accurate
// mode, HMM on), the segmentation under the paper's text metrics:
//  1. the text is cut into blocks: maximal runs of jieba's "Han" characters (re_han_default:
//     U+4E00..U+9FD5, ASCII letters and digits, + # & . _ % -) and the rest;
//  2. a Han block goes through the dictionary: a DAG of the words starting at each position, the
//     route maximising the sum of log(freq) - log(total), Python's tie-breaks included, then
//     runs of single characters on that route go to the HMM (finalseg) unless they form a word;
//  3. everything else is emitted one character at a time, except "\r\n", which stays together.
// Works on code points, as Python str does. Const use is thread-safe.
namespace adgen::metrics {

class JiebaSegmenter {
public:
    // Loads the dictionary and the HMM tables. The dictionary is `dictionaryFile` when given, else
    // $ADGEN_JIEBA_DICT, else Debian's python3-jieba copy (defaultDictionaryPath()). The HMM tables
    // come from the finalseg/ folder next to the dictionary when there is one (a copy of the jieba
    // package), else from Debian's python3-jieba. Missing files are an adgen::Error that says to
    // install python3-jieba (scripts/setup) or set ADGEN_JIEBA_DICT.
    static JiebaSegmenter load(const std::filesystem::path& dictionaryFile = {});

    // Where load() looks when it is given no path: $ADGEN_JIEBA_DICT if set and non-empty, else
    // /usr/lib/python3/dist-packages/jieba/dict.txt.
    static std::filesystem::path defaultDictionaryPath();

    // list(jieba.cut(text)).
    std::vector<std::u32string> cut(std::u32string_view text) const;

    const std::filesystem::path& dictionaryPath() const { return dictionaryPath_; }
    const JiebaDictionary& dictionary() const { return *dictionary_; }
    const JiebaHmm& hmm() const { return *hmm_; }

private:
    JiebaSegmenter(std::filesystem::path dictionaryPath, std::shared_ptr<const JiebaDictionary>,
                   std::shared_ptr<const JiebaHmm>);

    void cutBlock(std::u32string_view block, std::vector<std::u32string>& words) const;
    void flushSingles(std::u32string_view singles, std::vector<std::u32string>& words) const;

    std::filesystem::path dictionaryPath_;
    std::shared_ptr<const JiebaDictionary> dictionary_;
    std::shared_ptr<const JiebaHmm> hmm_;
};

// Whether c belongs to jieba's re_han_default class (the blocks the dictionary segments).
bool isJiebaBlockCharacter(char32_t c);

}  // namespace adgen::metrics
