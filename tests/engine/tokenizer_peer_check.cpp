// Differential test of adgen::text::Tokenizer against a peer implementation: @lenml/tokenizers, a
// JavaScript port of the Hugging Face tokenizers, run under node on the SAME tokenizer.json.
// Every corpus line must encode to exactly the same ids, and decode back to the same text.
//
//   tokenizer_peer_check --name NAME --tokenizer tokenizer.json --corpus corpus.jsonl
//                        --peer-dir tests/peer/tokenizer --node /usr/bin/node --work DIR
//
// Prints a summary (lines, tokens, mismatches, our encode speed) and exits non-zero on any
// difference, or when the peer is not installed (scripts/setup installs it): a missing peer must
// fail loudly, since a skipped proof looks like a passed one.
#include <nlohmann/json.hpp>

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <iostream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "adgen/error.h"
#include "text/tokenizer.h"

namespace fs = std::filesystem;
using nlohmann::json;
using Ids = std::vector<int32_t>;

namespace {

std::string quote(const std::string& argument) {
    std::string out = "'";
    for (const char c : argument) {
        if (c == '\'') {
            out += "'\\''";
        } else {
            out += c;
        }
    }
    return out + "'";
}

std::string idsText(const Ids& ids, size_t from, size_t count) {
    std::string out;
    for (size_t i = from; i < ids.size() && i < from + count; ++i) {
        out += (out.empty() ? "" : " ") + std::to_string(ids[i]);
    }
    return out;
}

int fail(const std::string& message) {
    std::cout << "FAIL: " << message << "\n";
    return 1;
}

}  // namespace

int main(int argc, char** argv) {
    std::map<std::string, std::string> args;
    for (int i = 1; i + 1 < argc; i += 2) args[argv[i]] = argv[i + 1];
    for (const char* required : {"--name", "--tokenizer", "--corpus", "--peer-dir", "--work"}) {
        if (!args.count(required)) return fail(std::string("missing argument ") + required);
    }
    const std::string name = args["--name"];
    const fs::path tokenizerPath = args["--tokenizer"];
    const fs::path peerDir = args["--peer-dir"];
    const std::string node = args.count("--node") ? args["--node"] : "";
    const std::string setupHint =
        "Run scripts/setup: it installs nodejs and runs `npm ci --prefix tests/peer/tokenizer`, "
        "which puts the peer (@lenml/tokenizers) and the peer vocabularies in "
        "tests/peer/tokenizer/node_modules.";

    if (!fs::exists(peerDir / "node_modules" / "@lenml" / "tokenizers" / "package.json")) {
        return fail("the peer tokenizer is not installed (" + (peerDir / "node_modules").string() +
                    "/@lenml/tokenizers is missing). " + setupHint);
    }
    if (!fs::exists(tokenizerPath)) {
        return fail("the tokenizer under test " + tokenizerPath.string() + " is missing. " +
                    setupHint);
    }
    if (node.empty() || node.find("NOTFOUND") != std::string::npos || !fs::exists(node)) {
        return fail("node (Node.js) was not found when the build was configured. " + setupHint +
                    " Then configure the build again.");
    }

    // Corpus: one JSON string per line.
    std::vector<std::string> lines;
    {
        std::ifstream in(args["--corpus"]);
        if (!in) return fail("cannot read the corpus " + args["--corpus"]);
        std::string line;
        while (std::getline(in, line)) {
            if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
            lines.push_back(json::parse(line).get<std::string>());
        }
    }

    // Peer side.
    fs::create_directories(args["--work"]);
    const fs::path peerOut = fs::path(args["--work"]) / ("tokenizer_peer_" + name + ".json");
    fs::remove(peerOut);
    const std::string command = quote(node) + " " +
                                quote((peerDir / "encode_corpus.mjs").string()) + " " +
                                quote(tokenizerPath.string()) + " " + quote(args["--corpus"]) +
                                " " + quote(peerOut.string());
    if (std::system(command.c_str()) != 0 || !fs::exists(peerOut)) {
        return fail("the peer failed: " + command + ". " + setupHint);
    }
    json peer;
    {
        std::ifstream in(peerOut);
        peer = json::parse(in);
    }
    const auto peerIds = peer["ids"].get<std::vector<Ids>>();
    const auto peerDecoded = peer["decoded"].get<std::vector<std::string>>();
    if (peerIds.size() != lines.size()) {
        return fail("the peer encoded " + std::to_string(peerIds.size()) +
                    " lines, the corpus has " + std::to_string(lines.size()));
    }

    // Our side.
    try {
        const auto loadStart = std::chrono::steady_clock::now();
        const adgen::text::Tokenizer tokenizer = adgen::text::Tokenizer::fromFile(tokenizerPath);
        const double loadSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - loadStart).count();

        const auto coldStart = std::chrono::steady_clock::now();
        std::vector<Ids> ours;
        ours.reserve(lines.size());
        for (const std::string& line : lines) ours.push_back(tokenizer.encode(line, false));
        const double coldSeconds =
            std::chrono::duration<double>(std::chrono::steady_clock::now() - coldStart).count();

        size_t tokens = 0, mismatches = 0, roundTripFailures = 0;
        for (size_t i = 0; i < lines.size(); ++i) {
            tokens += ours[i].size();
            if (ours[i] != peerIds[i]) {
                if (++mismatches <= 10) {
                    size_t at = 0;
                    while (at < ours[i].size() && at < peerIds[i].size() &&
                           ours[i][at] == peerIds[i][at])
                        ++at;
                    const size_t from = at >= 3 ? at - 3 : 0;
                    std::cout << "MISMATCH line " << i + 1 << ": " << json(lines[i]).dump() << "\n"
                              << "  first difference at token " << at << "\n"
                              << "  ours: ... " << idsText(ours[i], from, 10) << "\n"
                              << "  peer: ... " << idsText(peerIds[i], from, 10) << "\n";
                }
            }
            // Our decode must give back the peer's decode (the text itself, or its normalized
            // form for tokenizers with a normalizer).
            const std::string decoded = tokenizer.decode(ours[i]);
            if (decoded != peerDecoded[i]) {
                if (++roundTripFailures <= 10) {
                    std::cout << "ROUND TRIP line " << i + 1 << ": " << json(lines[i]).dump()
                              << "\n"
                              << "  ours: " << json(decoded).dump() << "\n"
                              << "  peer: " << json(peerDecoded[i]).dump() << "\n";
                }
            }
        }

        // Speed with a warm cache: repeat the corpus for about half a second.
        size_t warmTokens = 0;
        int passes = 0;
        const auto warmStart = std::chrono::steady_clock::now();
        double warmSeconds = 0;
        while (warmSeconds < 0.5) {
            for (const std::string& line : lines) {
                warmTokens += tokenizer.encode(line, false).size();
            }
            ++passes;
            warmSeconds =
                std::chrono::duration<double>(std::chrono::steady_clock::now() - warmStart).count();
        }
        const double peerSeconds = peer.value("seconds", 0.0);
        char speed[400];
        std::snprintf(speed, sizeof speed,
                      "  encode speed: %.0f tokens/s first pass (cold cache), %.0f tokens/s warm "
                      "(%d passes); "
                      "peer %.0f tokens/s; load %.2f s",
                      static_cast<double>(tokens) / coldSeconds,
                      static_cast<double>(warmTokens) / warmSeconds, passes,
                      peerSeconds > 0 ? static_cast<double>(tokens) / peerSeconds : 0.0,
                      loadSeconds);
        std::cout << "peer " << name << " (" << tokenizerPath.filename().string() << ", vocabulary "
                  << tokenizer.size() << "): " << lines.size() << " lines, " << tokens
                  << " tokens, " << mismatches << " id mismatches, " << roundTripFailures
                  << " decode mismatches\n"
                  << speed << "\n";
        return (mismatches == 0 && roundTripFailures == 0) ? 0 : 1;
    } catch (const adgen::Error& e) {
        return fail(e.what());
    }
}
