#include "jieba_dictionary.h"

#include <adgen/error.h>

#include <cmath>
#include <cstdio>
#include <memory>
#include <string>

#include "text/utf8.h"

namespace adgen::metrics {

namespace {

uint64_t edgeKey(JiebaDictionary::Node parent, char32_t c) {
    // Code points need 21 bits; +1 keeps the key of (root, U+0000) distinct from a free slot.
    return ((static_cast<uint64_t>(parent) << 21) | static_cast<uint64_t>(c)) + 1;
}

size_t slotOf(uint64_t key, size_t mask) {
    // A 64-bit mix (the splitmix64 finalizer) spreads neighbouring keys over the table.
    key ^= key >> 30;
    key *= 0xbf58476d1ce4e5b9ULL;
    key ^= key >> 27;
    key *= 0x94d049bb133111ebULL;
    key ^= key >> 31;
    return static_cast<size_t>(key) & mask;
}

std::string readFile(const std::filesystem::path& file) {
    std::unique_ptr<FILE, int (*)(FILE*)> in(std::fopen(file.c_str(), "rb"), &std::fclose);
    if (!in) {
        throw Error("The jieba dictionary " + file.string() + " cannot be read.",
                    "Install python3-jieba (scripts/setup) or set ADGEN_JIEBA_DICT to a jieba "
                    "dict.txt.");
    }
    std::string content;
    char buffer[1 << 16];
    size_t got = 0;
    while ((got = std::fread(buffer, 1, sizeof buffer, in.get())) > 0)
        content.append(buffer, got);
    return content;
}

// bytes.strip(): ASCII whitespace only, as jieba strips each raw line before decoding it.
bool isAsciiSpace(char c) {
    return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f';
}

}  // namespace

JiebaDictionary::Node JiebaDictionary::child(Node node, char32_t c) const {
    const uint64_t key = edgeKey(node, c);
    const size_t mask = edgeKeys_.size() - 1;
    for (size_t slot = slotOf(key, mask);; slot = (slot + 1) & mask) {
        if (edgeKeys_[slot] == key)
            return edgeTargets_[slot];
        if (edgeKeys_[slot] == 0)
            return kAbsent;
    }
}

int64_t JiebaDictionary::frequency(std::u32string_view text) const {
    Node node = kRoot;
    for (char32_t c : text) {
        node = child(node, c);
        if (node == kAbsent)
            return 0;
    }
    return frequency_[node];
}

JiebaDictionary::Node JiebaDictionary::addChild(Node node, char32_t c) {
    if ((edgeCount_ + 1) * 4 > edgeKeys_.size() * 3)
        growEdges();
    const uint64_t key = edgeKey(node, c);
    const size_t mask = edgeKeys_.size() - 1;
    size_t slot = slotOf(key, mask);
    for (; edgeKeys_[slot] != 0; slot = (slot + 1) & mask) {
        if (edgeKeys_[slot] == key)
            return edgeTargets_[slot];
    }
    // A prefix seen for the first time: in FREQ with frequency 0 until a line names it as a word.
    const Node created = static_cast<Node>(frequency_.size());
    frequency_.push_back(0);
    edgeKeys_[slot] = key;
    edgeTargets_[slot] = created;
    ++edgeCount_;
    return created;
}

void JiebaDictionary::growEdges() {
    std::vector<uint64_t> oldKeys = std::move(edgeKeys_);
    std::vector<Node> oldTargets = std::move(edgeTargets_);
    const size_t capacity = oldKeys.empty() ? (size_t{1} << 20) : oldKeys.size() * 2;
    edgeKeys_.assign(capacity, 0);
    edgeTargets_.assign(capacity, 0);
    const size_t mask = capacity - 1;
    for (size_t i = 0; i < oldKeys.size(); ++i) {
        if (oldKeys[i] == 0)
            continue;
        size_t slot = slotOf(oldKeys[i], mask);
        while (edgeKeys_[slot] != 0)
            slot = (slot + 1) & mask;
        edgeKeys_[slot] = oldKeys[i];
        edgeTargets_[slot] = oldTargets[i];
    }
}

JiebaDictionary JiebaDictionary::load(const std::filesystem::path& file) {
    const std::string content = readFile(file);
    JiebaDictionary dictionary;
    dictionary.frequency_.reserve(content.size() / 8);
    dictionary.frequency_.push_back(0);  // the root, the empty string
    dictionary.growEdges();

    // dict.txt is roughly sorted, so a word often starts like the one before it (half of all
    // characters): reuse that word's trie path instead of looking the shared prefix up again.
    std::u32string previousWord;
    std::vector<Node> previousPath;  // node after each character of previousWord
    std::u32string word32;
    size_t lineStart = 0;
    size_t lineNumber = 0;
    while (lineStart < content.size()) {
        size_t lineEnd = content.find('\n', lineStart);
        if (lineEnd == std::string::npos)
            lineEnd = content.size();
        const size_t next = lineEnd + 1;
        ++lineNumber;
        std::string_view line(content.data() + lineStart, lineEnd - lineStart);
        lineStart = next;
        while (!line.empty() && isAsciiSpace(line.front()))
            line.remove_prefix(1);
        while (!line.empty() && isAsciiSpace(line.back()))
            line.remove_suffix(1);

        const auto invalid = [&](const std::string& why) {
            return Error("Invalid jieba dictionary entry in " + file.string() + " at line " +
                             std::to_string(lineNumber) + " (" + why + ").",
                         "Each line must be \"word frequency [tag]\"; jieba rejects this file too. "
                         "Install python3-jieba (scripts/setup) or point ADGEN_JIEBA_DICT at a "
                         "valid dict.txt.");
        };
        // jieba: word, freq = line.split(' ')[:2]; freq = int(freq).
        const size_t firstSpace = line.find(' ');
        if (firstSpace == std::string_view::npos)
            throw invalid("no frequency");
        const std::string_view word = line.substr(0, firstSpace);
        std::string_view count = line.substr(firstSpace + 1);
        count = count.substr(0, count.find(' '));
        if (!count.empty() && count.front() == '+')
            count.remove_prefix(1);
        if (count.empty() || count.size() > 15)
            throw invalid("frequency is not a count");
        int64_t frequency = 0;
        for (char digit : count) {
            if (digit < '0' || digit > '9')
                throw invalid("frequency is not a count");
            frequency = frequency * 10 + (digit - '0');
        }

        word32.clear();
        for (size_t pos = 0; pos < word.size();) {
            const size_t length = text::utf8::validSequenceAt(word, pos);
            if (length == 0)
                throw invalid("not UTF-8");
            word32.push_back(text::utf8::decodeAt(word, pos, length));
            pos += length;
        }
        size_t shared = 0;
        while (shared < word32.size() && shared < previousWord.size() &&
               word32[shared] == previousWord[shared]) {
            ++shared;
        }
        previousPath.resize(shared);
        Node node = shared == 0 ? kRoot : previousPath[shared - 1];
        for (size_t i = shared; i < word32.size(); ++i) {
            node = dictionary.addChild(node, word32[i]);
            previousPath.push_back(node);
        }
        previousWord.swap(word32);
        dictionary.frequency_[node] = frequency;
        dictionary.total_ += frequency;
    }
    // math.log of a Python int converts it to a double first, as here.
    dictionary.logTotal_ = std::log(static_cast<double>(dictionary.total_));
    return dictionary;
}

}  // namespace adgen::metrics
