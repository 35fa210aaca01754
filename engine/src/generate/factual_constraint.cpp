#include "generate/factual_constraint.h"
#include "generate/utf8_text.h"

#include <algorithm>
#include <cctype>

namespace adgen::generate {
namespace {

bool isAsciiAlnum(uint8_t b) { return b < 0x80 && std::isalnum(b) != 0; }

// The spellings a word may take in a title: as written, lower case, Capitalised and UPPER case
// (ASCII letters only; CJK has no case). Other mixes ("waterprOof") stay out.
std::vector<std::string> spellings(const std::string& word) {
    std::string lowerCase = word, upperCase = word;
    for (auto& c : lowerCase)
        if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::tolower(c));
    for (auto& c : upperCase)
        if (static_cast<unsigned char>(c) < 0x80) c = static_cast<char>(std::toupper(c));
    std::string capitalised = lowerCase;
    if (!capitalised.empty() && static_cast<unsigned char>(capitalised[0]) < 0x80)
        capitalised[0] = static_cast<char>(std::toupper(capitalised[0]));
    std::vector<std::string> out{word};
    for (const auto& s : {lowerCase, capitalised, upperCase})
        if (std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    return out;
}

}  // namespace

const std::vector<std::string>& FactualConstraint::separators() {
    static const std::vector<std::string> list = {
        " ", ",", ".", "!", "?", ";", ":", "-", "/", "|", "&", "+", "~", "·", "'", "\"",
        "(", ")", "[", "]", "{", "}", "<", ">",
        "，", "。", "！", "？", "、", "；", "：", "～", "—", "…", "　", "｜",
        "（", "）", "【", "】", "《", "》", "「", "」", "『", "』", "“", "”", "‘", "’", "〔", "〕",
    };
    return list;
}

FactualConstraint::Node::Node() { std::fill(std::begin(next), std::end(next), -1); }

FactualConstraint::FactualConstraint(const text::Tokenizer& tokenizer, const std::vector<std::string>& sellingPoints,
                                     std::vector<int64_t> stopIds, int variants, int64_t vocabSize,
                                     std::string terminator)
    : tokenizer_(tokenizer), stopIds_(std::move(stopIds)), vocabSize_(vocabSize) {
    nodes_.emplace_back();  // root
    const auto& seps = separators();
    for (const auto& sep : seps) addPiece(sep);

    for (const auto& point : sellingPoints) {
        std::string word;
        int script = 0;  // 1 CJK, 2 other
        const auto flush = [&] {
            if (word.empty()) return;
            if (std::find(words_.begin(), words_.end(), word) == words_.end()) {
                words_.push_back(word);
                for (const auto& spelling : spellings(word)) addPiece(spelling);
            }
            word.clear();
        };
        for (size_t i = 0; i < point.size();) {
            const size_t start = i;
            const auto cp = nextCodePoint(point, i);
            const auto ch = point.substr(start, i - start);
            if (std::find(seps.begin(), seps.end(), ch) != seps.end() || cp == '\t' || cp == '\n' || cp == '\r') {
                flush();
                continue;
            }
            const int chScript = isCjk(cp) ? 1 : 2;
            if (!word.empty() && chScript != script) flush();
            script = chScript;
            word += ch;
        }
        flush();
    }
    if (!terminator.empty()) {
        // A chain of its own, entered from any boundary next to the root's pieces.
        terminatorStart_ = static_cast<int32_t>(nodes_.size());
        nodes_.emplace_back();
        int32_t node = terminatorStart_;
        for (char c : terminator) {
            const auto next = static_cast<int32_t>(nodes_.size());
            nodes_.emplace_back();
            nodes_[static_cast<size_t>(next)].inTerminator = true;
            nodes_[static_cast<size_t>(node)].next[static_cast<uint8_t>(c)] = next;
            node = next;
        }
        nodes_[static_cast<size_t>(node)].closes = true;
    }
    states_.assign(static_cast<size_t>(variants), StateSet{kBoundary});
    accepted_.assign(static_cast<size_t>(variants), 0);
    boundaryLength_.assign(static_cast<size_t>(variants), 0);
}

void FactualConstraint::addPiece(const std::string& piece) {
    int32_t node = 0;
    for (char c : piece) {
        const auto b = static_cast<uint8_t>(c);
        if (nodes_[static_cast<size_t>(node)].next[b] < 0) {
            nodes_[static_cast<size_t>(node)].next[b] = static_cast<int32_t>(nodes_.size());
            nodes_.emplace_back();
        }
        node = nodes_[static_cast<size_t>(node)].next[b];
    }
    auto& end = nodes_[static_cast<size_t>(node)];
    end.terminal = true;
    end.endsLatin = isAsciiAlnum(static_cast<uint8_t>(piece.back()));
}

FactualConstraint::StateSet FactualConstraint::step(const StateSet& states, uint8_t b) const {
    StateSet out;
    const auto add = [&](int32_t s) {
        if (s >= 0 && std::find(out.begin(), out.end(), s) == out.end()) out.push_back(s);
    };
    for (const auto s : states) {
        // Each state also stands for the boundary states it can reach by finishing its piece.
        std::vector<int32_t> starts;
        if (s < 0)
            starts.push_back(s);
        else {
            add(nodes_[static_cast<size_t>(s)].next[b]);
            if (nodes_[static_cast<size_t>(s)].terminal)
                starts.push_back(nodes_[static_cast<size_t>(s)].endsLatin ? kBoundaryAfterLatin : kBoundary);
        }
        for (const auto boundary : starts) {
            // The terminator is no word: it may touch a Latin word ("red" + "END").
            if (terminatorStart_ >= 0) add(nodes_[static_cast<size_t>(terminatorStart_)].next[b]);
            if (boundary == kBoundaryAfterLatin && isAsciiAlnum(b)) continue;  // no "red"+"wine"
            add(nodes_[0].next[b]);
        }
    }
    // Once the terminator is complete the copy is over, whatever else the same bytes could be.
    for (const auto s : out)
        if (nodes_[static_cast<size_t>(s)].closes) return StateSet{s};
    return out;
}

FactualConstraint::StateSet FactualConstraint::run(StateSet states, const std::string& bytes) const {
    for (char c : bytes) {
        states = step(states, static_cast<uint8_t>(c));
        if (states.empty()) break;
    }
    return states;
}

bool FactualConstraint::atBoundary(const StateSet& states) const {
    return std::any_of(states.begin(), states.end(),
                       [&](int32_t s) { return s < 0 || nodes_[static_cast<size_t>(s)].terminal; });
}

bool FactualConstraint::closed(const StateSet& states) const {
    return std::any_of(states.begin(), states.end(), [&](int32_t s) { return s >= 0 && nodes_[static_cast<size_t>(s)].closes; });
}

bool FactualConstraint::insideTerminator(const StateSet& states) const {
    return std::any_of(states.begin(), states.end(),
                       [&](int32_t s) { return s >= 0 && nodes_[static_cast<size_t>(s)].inTerminator; });
}

torch::Tensor FactualConstraint::allowed(int variant) const {
    const auto& states = states_[static_cast<size_t>(variant)];
    auto mask = torch::zeros({vocabSize_}, torch::kBool);
    auto m = mask.accessor<bool, 1>();
    const auto allowStops = [&] {
        for (const auto stop : stopIds_)
            if (stop >= 0 && stop < vocabSize_) m[stop] = true;
    };
    if (closed(states)) {  // nothing but a stop token may follow the terminator
        allowStops();
        return mask;
    }
    // Quick reject: the first byte of a token must be able to continue the text.
    bool firstByteOk[256];
    for (int b = 0; b < 256; ++b) firstByteOk[b] = !step(states, static_cast<uint8_t>(b)).empty();
    const auto n = std::min<int64_t>(vocabSize_, tokenizer_.size());
    for (int64_t id = 0; id < n; ++id) {
        const auto token = static_cast<int32_t>(id);
        if (tokenizer_.isSpecial(token)) continue;
        const auto& bytes = tokenizer_.tokenBytes(token);
        if (bytes.empty() || !firstByteOk[static_cast<uint8_t>(bytes[0])]) continue;
        m[id] = !run(states, bytes).empty();
    }
    // Without a terminator the copy may end at any word boundary; with one, only after it.
    if (terminatorStart_ < 0 && atBoundary(states)) allowStops();
    return mask;
}

void FactualConstraint::accept(int variant, int64_t token) {
    auto& states = states_[static_cast<size_t>(variant)];
    if (std::find(stopIds_.begin(), stopIds_.end(), token) != stopIds_.end()) return;
    states = run(states, tokenizer_.tokenBytes(static_cast<int32_t>(token)));
    const auto v = static_cast<size_t>(variant);
    ++accepted_[v];
    if (closed(states) || (atBoundary(states) && !insideTerminator(states))) boundaryLength_[v] = accepted_[v];
}

bool FactualConstraint::permits(const std::string& text) const {
    const auto states = run(StateSet{kBoundary}, text);
    return !states.empty() && atBoundary(states);
}

}  // namespace adgen::generate
