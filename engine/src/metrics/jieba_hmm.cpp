#include "jieba_hmm.h"

#include <adgen/error.h>

#include <fstream>
#include <sstream>

#include "python_literal.h"

namespace adgen::metrics {

namespace {

// jieba's stand-in for log(0): the log-probability of a transition or emission its tables lack.
constexpr double kMissingLogProbability = -3.14e100;

constexpr char kStateLetters[] = {'B', 'E', 'M', 'S'};

// The states each state may follow (jieba's PrevStatus); every other transition is impossible.
constexpr int kPreviousStates[4][2] = {
    /* B */ {1, 3},  // after E or S
    /* E */ {0, 2},  // after B or M
    /* M */ {2, 0},  // after M or B
    /* S */ {3, 1},  // after S or E
};

std::string readWholeFile(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    if (!in) {
        throw Error("jieba's HMM table " + path.string() + " is missing.",
                    "Install python3-jieba (scripts/setup), or keep jieba's finalseg/ folder next "
                    "to the dictionary named by ADGEN_JIEBA_DICT.");
    }
    std::ostringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

PythonLiteral readTable(const std::filesystem::path& path) {
    const std::string source = readWholeFile(path);
    return parsePythonAssignment(source, "P", path.string());
}

[[noreturn]] void badTable(const std::filesystem::path& path, const std::string& problem) {
    throw Error("jieba's HMM table " + path.string() + " " + problem + ".",
                "Reinstall python3-jieba (scripts/setup).");
}

int stateIndex(const std::u32string& name) {
    for (int s = 0; s < 4; ++s) {
        if (name.size() == 1 && name[0] == static_cast<char32_t>(kStateLetters[s]))
            return s;
    }
    return -1;
}

}  // namespace

JiebaHmm JiebaHmm::load(const std::filesystem::path& finalsegDirectory) {
    JiebaHmm hmm;

    const auto startPath = finalsegDirectory / "prob_start.py";
    const PythonLiteral start = readTable(startPath);
    for (int s = 0; s < 4; ++s) {
        const PythonLiteral* p = start.find(std::u32string(1, kStateLetters[s]));
        // jieba indexes start_p[y] directly, so every state must be there.
        if (!p || p->isDict)
            badTable(startPath, std::string("lacks state ") + kStateLetters[s]);
        hmm.start_[static_cast<size_t>(s)] = p->number;
    }

    const auto transPath = finalsegDirectory / "prob_trans.py";
    const PythonLiteral trans = readTable(transPath);
    for (auto& row : hmm.transition_)
        row.fill(kMissingLogProbability);
    for (const auto& [from, row] : trans.items) {
        const int f = stateIndex(from);
        if (f < 0 || !row.isDict)
            badTable(transPath, "has an entry that is not a state's row");
        for (const auto& [to, value] : row.items) {
            const int t = stateIndex(to);
            if (t < 0 || value.isDict)
                badTable(transPath, "has a transition to an unknown state");
            hmm.transition_[static_cast<size_t>(f)][static_cast<size_t>(t)] = value.number;
        }
    }

    const auto emitPath = finalsegDirectory / "prob_emit.py";
    const PythonLiteral emit = readTable(emitPath);
    hmm.unseenEmission_.fill(kMissingLogProbability);
    hmm.emission_.reserve(16384);
    for (const auto& [state, row] : emit.items) {
        const int s = stateIndex(state);
        if (s < 0 || !row.isDict)
            badTable(emitPath, "has an entry that is not a state's row");
        for (const auto& [character, value] : row.items) {
            if (character.size() != 1 || value.isDict) {
                badTable(emitPath, "has an emission key that is not one character");
            }
            auto [it, inserted] = hmm.emission_.try_emplace(character[0], hmm.unseenEmission_);
            it->second[static_cast<size_t>(s)] = value.number;
        }
    }
    return hmm;
}

const JiebaHmm::PerState& JiebaHmm::emission(char32_t c) const {
    const auto it = emission_.find(c);
    return it == emission_.end() ? unseenEmission_ : it->second;
}

std::vector<int> JiebaHmm::viterbi(std::u32string_view observations) const {
    const size_t n = observations.size();
    std::vector<PerState> score(n);
    std::vector<std::array<int, 4>> cameFrom(n);
    const PerState& first = emission(observations[0]);
    for (size_t s = 0; s < 4; ++s)
        score[0][s] = start_[s] + first[s];
    for (size_t t = 1; t < n; ++t) {
        const PerState& emit = emission(observations[t]);
        for (int s = 0; s < 4; ++s) {
            // Python: max((V[t-1][p] + trans[p][s] + emit, p) for p in PrevStatus[s]); the sum is
            // evaluated left to right, and equal sums go to the later state letter.
            double best = 0;
            int bestPrevious = -1;
            for (int previous : kPreviousStates[s]) {
                const double candidate =
                    score[t - 1][static_cast<size_t>(previous)] +
                    transition_[static_cast<size_t>(previous)][static_cast<size_t>(s)] +
                    emit[static_cast<size_t>(s)];
                if (bestPrevious < 0 || candidate > best ||
                    (candidate == best && previous > bestPrevious)) {
                    best = candidate;
                    bestPrevious = previous;
                }
            }
            score[t][static_cast<size_t>(s)] = best;
            cameFrom[t][static_cast<size_t>(s)] = bestPrevious;
        }
    }
    // The last character must end a word: the better of E and S (S on a tie).
    int state = score[n - 1][S] >= score[n - 1][E] ? S : E;
    std::vector<int> states(n);
    for (size_t t = n; t-- > 0;) {
        states[t] = state;
        if (t > 0)
            state = cameFrom[t][static_cast<size_t>(state)];
    }
    return states;
}

std::string JiebaHmm::tagStates(std::u32string_view hanRun) const {
    std::string letters;
    if (hanRun.empty())
        return letters;
    for (int s : viterbi(hanRun))
        letters.push_back(kStateLetters[s]);
    return letters;
}

void JiebaHmm::cutHanRun(std::u32string_view run, std::vector<std::u32string>& words) const {
    const std::vector<int> states = viterbi(run);
    // jieba's reading of the tags: B opens a word, E closes the open one, S is a word alone; M
    // only continues. Whatever is left after the last E or S becomes one word.
    size_t begin = 0;
    size_t next = 0;
    for (size_t i = 0; i < run.size(); ++i) {
        if (states[i] == B) {
            begin = i;
        } else if (states[i] == E) {
            words.emplace_back(run.substr(begin, i + 1 - begin));
            next = i + 1;
        } else if (states[i] == S) {
            words.emplace_back(1, run[i]);
            next = i + 1;
        }
    }
    if (next < run.size())
        words.emplace_back(run.substr(next));
}

namespace {

bool isAsciiAlnum(char32_t c) {
    return (c >= U'a' && c <= U'z') || (c >= U'A' && c <= U'Z') || (c >= U'0' && c <= U'9');
}

bool isAsciiDigit(char32_t c) {
    return c >= U'0' && c <= U'9';
}

// finalseg's re_skip, `[a-zA-Z0-9]+(?:\.\d+)?%?`, splits a non-Han run into its matches and the
// text between them; every non-empty piece is a word. (Only ASCII digits reach this point: the
// run comes from a jieba block, whose characters are Han or ASCII.)
void cutNonHanRun(std::u32string_view run, std::vector<std::u32string>& words) {
    size_t gapStart = 0;
    size_t pos = 0;
    while (pos < run.size()) {
        if (!isAsciiAlnum(run[pos])) {
            ++pos;
            continue;
        }
        size_t end = pos;
        while (end < run.size() && isAsciiAlnum(run[end]))
            ++end;
        if (end + 1 < run.size() && run[end] == U'.' && isAsciiDigit(run[end + 1])) {
            end += 1;
            while (end < run.size() && isAsciiDigit(run[end]))
                ++end;
        }
        if (end < run.size() && run[end] == U'%')
            ++end;
        if (pos > gapStart)
            words.emplace_back(run.substr(gapStart, pos - gapStart));
        words.emplace_back(run.substr(pos, end - pos));
        pos = end;
        gapStart = end;
    }
    if (run.size() > gapStart)
        words.emplace_back(run.substr(gapStart));
}

}  // namespace

void JiebaHmm::cut(std::u32string_view text, std::vector<std::u32string>& words) const {
    size_t pos = 0;
    while (pos < text.size()) {
        const bool han = isJiebaHan(text[pos]);
        size_t end = pos;
        while (end < text.size() && isJiebaHan(text[end]) == han)
            ++end;
        if (han) {
            cutHanRun(text.substr(pos, end - pos), words);
        } else {
            cutNonHanRun(text.substr(pos, end - pos), words);
        }
        pos = end;
    }
}

}  // namespace adgen::metrics
