#include "added_vocabulary.h"

#include "normalizer.h"
#include "regex.h"
#include "utf8.h"

namespace adgen::text {

namespace {

// Rust regex's \w (Unicode word characters), which the crate uses for single_word.
bool isWordCharacterAt(std::string_view text, size_t pos) {
    static const Regex word(R"(\w)");
    Regex::Range match;
    return word.search(text.substr(pos, utf8::validSequenceAt(text, pos)), 0, match);
}

bool endsWithWord(std::string_view text) {
    if (text.empty()) return false;
    size_t pos = text.size() - 1;
    while (pos > 0 && (static_cast<unsigned char>(text[pos]) & 0xC0) == 0x80) --pos;
    return isWordCharacterAt(text, pos);
}

bool startsWithWord(std::string_view text) {
    return !text.empty() && isWordCharacterAt(text, 0);
}

// Start of the whitespace run that ends `text` (text.size() if none).
size_t trailingSpaceStart(std::string_view text, size_t from) {
    size_t start = text.size();
    size_t pos = from;
    while (pos < text.size()) {
        const size_t length = utf8::validSequenceAt(text, pos);
        if (length == 0) {
            ++pos;
            start = text.size();
            continue;
        }
        if (utf8::isWhitespace(utf8::decodeAt(text, pos, length))) {
            if (start == text.size()) start = pos;
        } else {
            start = text.size();
        }
        pos += length;
    }
    return start;
}

// Length of the whitespace run that starts `text`.
size_t leadingSpaceLength(std::string_view text) {
    size_t pos = 0;
    while (pos < text.size()) {
        const size_t length = utf8::validSequenceAt(text, pos);
        if (length == 0 || !utf8::isWhitespace(utf8::decodeAt(text, pos, length))) break;
        pos += length;
    }
    return pos;
}

}  // namespace

void AddedVocabulary::Trie::insert(const std::string& key, int token) {
    if (key.empty()) return;
    firstByte[static_cast<unsigned char>(key[0])] = true;
    size_t node = 0;
    for (const char c : key) {
        const auto byte = static_cast<unsigned char>(c);
        int child = -1;
        for (const auto& [edge, index] : nodes[node].children) {
            if (edge == byte) child = index;
        }
        if (child < 0) {
            child = static_cast<int>(nodes.size());
            nodes[node].children.emplace_back(byte, child);
            nodes.emplace_back();
        }
        node = static_cast<size_t>(child);
    }
    nodes[node].token = token;
}

std::pair<size_t, int> AddedVocabulary::Trie::longestAt(std::string_view text, size_t pos) const {
    std::pair<size_t, int> best{0, -1};
    size_t node = 0;
    for (size_t i = pos; i < text.size(); ++i) {
        const auto byte = static_cast<unsigned char>(text[i]);
        int child = -1;
        for (const auto& [edge, index] : nodes[node].children) {
            if (edge == byte) {
                child = index;
                break;
            }
        }
        if (child < 0) break;
        node = static_cast<size_t>(child);
        if (nodes[node].token >= 0) best = {i + 1 - pos, nodes[node].token};
    }
    return best;
}

void AddedVocabulary::add(const AddedToken& token) {
    const auto it = byContent_.find(token.content);
    if (it != byContent_.end()) {
        byId_.erase(tokens_[it->second].id);
        tokens_[it->second] = token;
        byId_[token.id] = it->second;
        return;
    }
    byContent_.emplace(token.content, tokens_.size());
    byId_[token.id] = tokens_.size();
    tokens_.push_back(token);
}

void AddedVocabulary::rebuild(const Normalizer& normalizer) {
    raw_ = Trie{};
    normalized_ = Trie{};
    for (size_t i = 0; i < tokens_.size(); ++i) {
        const AddedToken& token = tokens_[i];
        if (token.normalized) {
            normalized_.insert(normalizer.apply(token.content), static_cast<int>(i));
        } else {
            raw_.insert(token.content, static_cast<int>(i));
        }
    }
}

std::optional<int32_t> AddedVocabulary::idOf(std::string_view content) const {
    const auto it = byContent_.find(std::string(content));
    if (it == byContent_.end()) return std::nullopt;
    return tokens_[it->second].id;
}

const AddedToken* AddedVocabulary::byId(int32_t id) const {
    const auto it = byId_.find(id);
    return it == byId_.end() ? nullptr : &tokens_[it->second];
}

void AddedVocabulary::split(std::string_view text, bool normalizedPass,
                            std::vector<Segment>& out) const {
    const Trie& trie = normalizedPass ? normalized_ : raw_;
    size_t emitted = 0;  // text before this offset is already in `out`
    size_t pos = 0;
    while (pos < text.size()) {
        if (!trie.firstByte[static_cast<unsigned char>(text[pos])]) {
            ++pos;
            continue;
        }
        const auto [length, index] = trie.longestAt(text, pos);
        if (index < 0) {
            ++pos;
            continue;
        }
        const AddedToken& token = tokens_[static_cast<size_t>(index)];
        size_t start = pos;
        size_t stop = pos + length;
        pos = stop;  // matches never overlap, even when this one is then rejected
        if (token.singleWord) {
            const bool spaceBefore = start == 0 || !endsWithWord(text.substr(0, start));
            const bool spaceAfter = stop == text.size() || !startsWithWord(text.substr(stop));
            if (!spaceBefore || !spaceAfter) continue;
        }
        if (token.lstrip) start = trailingSpaceStart(text.substr(0, start), emitted);
        if (token.rstrip) stop += leadingSpaceLength(text.substr(stop));
        if (start > emitted) out.push_back({text.substr(emitted, start - emitted), -1});
        out.push_back({text.substr(start, stop - start), token.id});
        emitted = stop;
        pos = stop;
    }
    if (emitted < text.size()) out.push_back({text.substr(emitted), -1});
}

}  // namespace adgen::text
