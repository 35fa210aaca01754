// Behaviour of the tokenizer.json byte-level BPE tokenizer on the tiny Janus-style fixture
// (tests/fixtures/tokenizers/tiny-janus, made by tools/make_tiny_tokenizer.py: 707 base tokens,
// then the 14 Janus added tokens at 707..720). Exactness against a reference implementation is
// the peer test's job (tokenizer_peer_check.cpp); these tests pin the rules one at a time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include "error_message.h"
#include "text/streaming_decoder.h"
#include "text/tokenizer.h"

namespace fs = std::filesystem;
using adgen::text::StreamingDecoder;
using adgen::text::Tokenizer;
using nlohmann::json;
using Ids = std::vector<int32_t>;

namespace {

const fs::path kFixture =
    fs::path(ADGEN_FIXTURES_DIR) / "tokenizers" / "tiny-janus" / "tokenizer.json";
const std::string kBos = "<\uff5cbegin\u2581of\u2581sentence\uff5c>";
const std::string kEos = "<\uff5cend\u2581of\u2581sentence\uff5c>";
const std::string kPad = "<\uff5c\u2581pad\u2581\uff5c>";
constexpr int32_t kBaseVocab = 707;

// A fresh directory per test, so tests can write tokenizer variants and sidecars.
fs::path scratchDir() {
    static std::atomic<int> counter{0};
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    fs::path dir = fs::temp_directory_path() / ("adgen-tokenizer-" + std::string(info->name()) +
                                                "-" + std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

json fixtureJson() {
    std::ifstream in(kFixture);
    return json::parse(in);
}

fs::path writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

// The fixture with `edit` applied, as a loaded tokenizer.
template <typename Edit>
Tokenizer variant(Edit edit) {
    json spec = fixtureJson();
    edit(spec);
    return Tokenizer::fromFile(writeFile(scratchDir() / "tokenizer.json", spec.dump()));
}

// An extra added token "<mask>" at id 721 with the given flags.
Tokenizer withMask(bool lstrip, bool rstrip, bool singleWord) {
    return variant([&](json& spec) {
        spec["added_tokens"].push_back({{"id", 721},
                                        {"content", "<mask>"},
                                        {"single_word", singleWord},
                                        {"lstrip", lstrip},
                                        {"rstrip", rstrip},
                                        {"normalized", false},
                                        {"special", true}});
    });
}

Ids concat(Ids a, const Ids& b) {
    a.insert(a.end(), b.begin(), b.end());
    return a;
}

}  // namespace

TEST(Tokenizer, JanusSpecialTokensHaveTheIdsRightAfterTheBaseVocabulary) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const std::vector<std::string> janus = {kBos,
                                            kEos,
                                            kPad,
                                            "<begin_of_image>",
                                            "<end_of_image>",
                                            "<image_placeholder>",
                                            "<patch_placeholder>",
                                            "<|ref|>",
                                            "<|/ref|>",
                                            "<|det|>",
                                            "<|/det|>",
                                            "<|grounding|>",
                                            "<|User|>",
                                            "<|Assistant|>"};
    for (size_t i = 0; i < janus.size(); ++i) {
        EXPECT_EQ(tokenizer.tokenId(janus[i]), kBaseVocab + static_cast<int32_t>(i)) << janus[i];
        EXPECT_EQ(tokenizer.encode(janus[i], false), Ids{kBaseVocab + static_cast<int32_t>(i)})
            << janus[i];
        EXPECT_TRUE(tokenizer.isSpecial(kBaseVocab + static_cast<int32_t>(i)));
    }
    EXPECT_EQ(tokenizer.size(), kBaseVocab + 14);
}

TEST(Tokenizer, BosAndEosComeFromThePostProcessorAndTheDeepSeekNames) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    EXPECT_EQ(tokenizer.bosId(), 707);
    EXPECT_EQ(tokenizer.eosId(), 708);
}

TEST(Tokenizer, EncodePrependsBosOnlyWithSpecialTokens) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const Ids plain = tokenizer.encode("Wireless headphones", false);
    ASSERT_FALSE(plain.empty());
    EXPECT_NE(plain.front(), 707);
    EXPECT_EQ(tokenizer.encode("Wireless headphones", true), concat({707}, plain));
    EXPECT_EQ(tokenizer.encode("Wireless headphones"), concat({707}, plain));
    EXPECT_EQ(tokenizer.encode("", true), Ids{707});
    EXPECT_EQ(tokenizer.encode("", false), Ids{});
}

TEST(Tokenizer, TokenizerConfigOfALlamaTokenizerFastDecidesBos) {
    const fs::path dir = scratchDir();
    fs::copy_file(kFixture, dir / "tokenizer.json");
    writeFile(dir / "tokenizer_config.json",
              json{{"tokenizer_class", "LlamaTokenizerFast"},
                   {"add_bos_token", false},
                   {"add_eos_token", true},
                   {"bos_token", kBos},
                   {"eos_token", {{"content", kEos}, {"__type", "AddedToken"}}}}
                  .dump());
    const Tokenizer tokenizer = Tokenizer::fromFile(dir / "tokenizer.json");
    EXPECT_EQ(tokenizer.encode("hi", true), concat(tokenizer.encode("hi", false), {708}));
    EXPECT_EQ(tokenizer.eosId(), 708);
}

TEST(Tokenizer, SpecialTokensInTextAreMatchedWholeAndSplitTheText) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const Ids ids = tokenizer.encode("<|User|>: hi\n\n<|Assistant|>:", false);
    const Ids expected = concat(concat(concat({719}, tokenizer.encode(": hi\n\n", false)), {720}),
                                tokenizer.encode(":", false));
    EXPECT_EQ(ids, expected);
    // Longest match first: "<|ref|>" inside "<|/ref|>" does not win.
    EXPECT_EQ(tokenizer.encode("<|ref|>x<|/ref|>", false),
              concat(concat({714}, tokenizer.encode("x", false)), {715}));
}

TEST(Tokenizer, DigitsAreSplitOneByOne) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const Ids ids = tokenizer.encode("2000", false);
    EXPECT_EQ(ids, (Ids{*tokenizer.tokenId("2"), *tokenizer.tokenId("0"), *tokenizer.tokenId("0"),
                        *tokenizer.tokenId("0")}));
}

TEST(Tokenizer, DigitsSplitsEveryUnicodeNumberNotOnlyAsciiDigits) {
    // The Rust pre-tokenizer tests char::is_numeric (\p{N}): "〇" (U+3007, as in 二〇二四年) is
    // a piece of its own. The JavaScript peer only splits ASCII digits, so this case stays out of
    // the differential corpus and is pinned here.
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    EXPECT_EQ(tokenizer.encode("\u3007\u9507", false),
              concat(tokenizer.encode("\u3007", false), tokenizer.encode("\u9507", false)));
    const Tokenizer noDigits =
        variant([](json& spec) { spec["pre_tokenizer"]["pretokenizers"].erase(5); });
    EXPECT_NE(noDigits.encode("\u3007\u9507", false), tokenizer.encode("\u3007\u9507", false));
}

TEST(Tokenizer, MergesLearnedFromTheCorpusApply) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    // "Ġthe" is a whole token in the fixture: " the" must come out as that single id.
    ASSERT_TRUE(tokenizer.tokenId("\u0120the").has_value());
    EXPECT_EQ(tokenizer.encode(" the", false), Ids{*tokenizer.tokenId("\u0120the")});
    EXPECT_EQ(tokenizer.tokenBytes(*tokenizer.tokenId("\u0120the")), " the");
}

TEST(Tokenizer, LstripSwallowsWhitespaceBeforeTheToken) {
    const Tokenizer stripping = withMask(true, false, false);
    const Tokenizer plain = withMask(false, false, false);
    EXPECT_EQ(stripping.encode("a  <mask>b", false),
              concat(concat(stripping.encode("a", false), {721}), stripping.encode("b", false)));
    EXPECT_EQ(plain.encode("a  <mask>b", false),
              concat(concat(plain.encode("a  ", false), {721}), plain.encode("b", false)));
}

TEST(Tokenizer, RstripSwallowsWhitespaceAfterTheToken) {
    const Tokenizer stripping = withMask(false, true, false);
    const Tokenizer plain = withMask(false, false, false);
    EXPECT_EQ(stripping.encode("a<mask> \t b", false),
              concat(concat(stripping.encode("a", false), {721}), stripping.encode("b", false)));
    EXPECT_EQ(plain.encode("a<mask> \t b", false),
              concat(concat(plain.encode("a", false), {721}), plain.encode(" \t b", false)));
}

TEST(Tokenizer, SingleWordTokensDoNotMatchInsideWords) {
    const Tokenizer tokenizer = withMask(false, false, true);
    EXPECT_EQ(tokenizer.encode("x <mask> y", false),
              concat(concat(tokenizer.encode("x ", false), {721}), tokenizer.encode(" y", false)));
    const Ids inside = tokenizer.encode("x<mask>y", false);
    EXPECT_EQ(std::count(inside.begin(), inside.end(), 721), 0);
}

TEST(Tokenizer, DecodeOfEncodeGivesBackUnicodeText) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const std::vector<std::string> corpus = {
        "Wireless noise cancelling headphones, 40 hours of battery.",
        "新款无线蓝牙耳机，主动降噪，超长续航。",
        "XR-2000mAh 5G iPhone15ProMax 65\" 4K@120Hz",
        "emoji 😀👍🏽 and flags 🇨🇳🇺🇸, ZWJ 👩‍👩‍👧",
        "  leading, trailing and   inner   spaces  \n\n\ttabs\r\nCRLF  ",
        "Ünïcödé ñ ß ﬁ Ω K ι e\u0301 한국어 日本語のテキスト Ελληνικά Русский",
        kBos + "<|User|>: 商品标题<image_placeholder><image_placeholder>\n\n<|Assistant|>:" + kEos,
        "symbols ©®™ € £ ¥ ± × ÷ ≤ ≥ ∞ ← → ★ ☆ ✓ ！？。，、；：“”‘’（）【】《》",
        std::string("nul\0byte and \x7f del", 18),
    };
    for (const std::string& text : corpus) {
        EXPECT_EQ(tokenizer.decode(tokenizer.encode(text, false)), text);
        EXPECT_EQ(tokenizer.decode(tokenizer.encode(text, true)), kBos + text);
    }
}

TEST(Tokenizer, DecodeCanSkipSpecialTokens) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const Ids ids = tokenizer.encode("<|User|>hello" + kEos, true);
    EXPECT_EQ(tokenizer.decode(ids, true), "hello");
    EXPECT_EQ(tokenizer.decode(ids, false), kBos + "<|User|>hello" + kEos);
}

TEST(Tokenizer, InvalidUtf8IsEncodedAsReplacementCharacters) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode("ab\xff\xe4\xb8z", false)), "ab\uFFFD\uFFFDz");
}

TEST(Tokenizer, TokenBytesAreTheByteLevelDecodedBytes) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    EXPECT_EQ(tokenizer.tokenBytes(*tokenizer.tokenId("\u0120")), " ");
    EXPECT_EQ(tokenizer.tokenBytes(*tokenizer.tokenId("\u010a")), "\n");
    EXPECT_EQ(tokenizer.tokenBytes(*tokenizer.tokenId("\u00e4")),
              "\xe4");                                            // one byte of a CJK character
    EXPECT_EQ(tokenizer.tokenBytes(712), "<image_placeholder>");  // added tokens verbatim
    EXPECT_EQ(tokenizer.tokenBytes(-1), "");
    EXPECT_EQ(tokenizer.tokenBytes(100000), "");
}

TEST(StreamingDecoder, ChineseSplitMidCharacterComesOutAsWholeCharacters) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const std::string text =
        "限时优惠，买一送一：鑫淼犇骉";  // rare characters are several byte tokens
    const Ids ids = tokenizer.encode(text, false);
    StreamingDecoder decoder(tokenizer);
    std::string joined;
    int heldBack = 0;
    for (const int32_t id : ids) {
        const std::string piece = decoder.push(id);
        if (piece.empty()) ++heldBack;
        EXPECT_EQ(piece.find("\uFFFD"), std::string::npos);
        // Every piece is whole characters: it must be a prefix of what is left of the text.
        EXPECT_EQ(text.compare(joined.size(), piece.size(), piece), 0) << "after " << joined;
        joined += piece;
    }
    EXPECT_GT(heldBack, 0) << "the text should contain a character split across tokens";
    EXPECT_EQ(decoder.flush(), "");
    EXPECT_EQ(joined, text);
}

TEST(StreamingDecoder, FlushReplacesAnUnfinishedCharacter) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    StreamingDecoder decoder(tokenizer);
    EXPECT_EQ(decoder.push(*tokenizer.tokenId("a")), "a");
    EXPECT_EQ(decoder.push(*tokenizer.tokenId("\u00e4")), "");  // 0xE4: first byte of three
    EXPECT_EQ(decoder.flush(), "\uFFFD");
    EXPECT_EQ(decoder.push(*tokenizer.tokenId("b")), "b");
}

TEST(StreamingDecoder, ABrokenSequenceIsReplacedWhenTheNextTokenArrives) {
    const Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    StreamingDecoder decoder(tokenizer);
    EXPECT_EQ(decoder.push(*tokenizer.tokenId("\u00e4")), "");
    EXPECT_EQ(decoder.push(*tokenizer.tokenId("b")), "\uFFFDb");
}

TEST(Tokenizer, SidecarGivesRuntimeTokensTheirExactIds) {
    Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const fs::path sidecar =
        writeFile(scratchDir() / "added_tokens.json",
                  R"({"<title_placeholder>": 900, "<grounding>": 905, "<|User|>": 719})");
    tokenizer.loadAddedTokenSidecar(sidecar);
    EXPECT_EQ(tokenizer.tokenId("<title_placeholder>"), 900);
    EXPECT_EQ(tokenizer.tokenId("<grounding>"), 905);
    EXPECT_EQ(tokenizer.encode("a<title_placeholder><grounding>", false),
              concat(tokenizer.encode("a", false), {900, 905}));
    EXPECT_TRUE(tokenizer.isSpecial(900));
    EXPECT_EQ(tokenizer.size(), 906);
    EXPECT_EQ(tokenizer.tokenBytes(903), "");  // a gap no token uses
}

TEST(Tokenizer, SidecarRejectsAnIdThatBelongsToAnotherToken) {
    Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const fs::path sidecar = writeFile(scratchDir() / "added_tokens.json",
                                       R"({"<title_placeholder>": 707, "<box>": 950})");
    const std::string message = errorOf([&] { tokenizer.loadAddedTokenSidecar(sidecar); });
    EXPECT_NE(message.find(sidecar.string()), std::string::npos) << message;
    EXPECT_NE(message.find("\"<title_placeholder>\" the id 707, which already belongs to \"" +
                           kBos + "\""),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("Regenerate the sidecar"), std::string::npos) << message;
    // Nothing was applied, not even the valid entry.
    EXPECT_FALSE(tokenizer.tokenId("<box>").has_value());
}

TEST(Tokenizer, SidecarRejectsATokenThatAlreadyHasAnotherId) {
    Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    const fs::path sidecar = writeFile(scratchDir() / "added_tokens.json", R"({"<|User|>": 950})");
    const std::string message = errorOf([&] { tokenizer.loadAddedTokenSidecar(sidecar); });
    EXPECT_NE(message.find("already has that token as id 719"), std::string::npos) << message;
}

TEST(Tokenizer, AddTokenFollowsTheTokenizersIdRule) {
    Tokenizer tokenizer = Tokenizer::fromFile(kFixture);
    // Added ids already reach past the base vocabulary: the next id follows the highest.
    EXPECT_EQ(tokenizer.addToken("<title_placeholder>", true), 721);
    EXPECT_EQ(tokenizer.addToken("<begin_of_history_title>", true), 722);
    EXPECT_EQ(tokenizer.addToken("<title_placeholder>", true), 721);  // existing: same id
    EXPECT_EQ(tokenizer.addToken("<|User|>", true), 719);
    EXPECT_EQ(tokenizer.encode("<begin_of_history_title>x", false),
              concat({722}, tokenizer.encode("x", false)));
    EXPECT_EQ(tokenizer.size(), 723);

    // Without added tokens past the base vocabulary, the first new id is the vocabulary size.
    Tokenizer bare = variant([](json& spec) {
        spec["added_tokens"] = json::array();
        spec["post_processor"] = nullptr;
    });
    EXPECT_EQ(bare.addToken("<ref>", true), kBaseVocab);
    EXPECT_EQ(bare.addToken("</ref>", false), kBaseVocab + 1);
    EXPECT_FALSE(bare.isSpecial(kBaseVocab + 1));
}

TEST(Tokenizer, MergesWrittenAsPairsEncodeLikeMergesWrittenAsStrings) {
    const Tokenizer strings = Tokenizer::fromFile(kFixture);
    const Tokenizer pairs = variant([](json& spec) {
        json merges = json::array();
        for (const auto& merge : spec["model"]["merges"]) {
            const std::string text = merge.get<std::string>();
            const size_t space = text.find(' ');
            merges.push_back({text.substr(0, space), text.substr(space + 1)});
        }
        spec["model"]["merges"] = merges;
    });
    const std::string text = "Organic green tea gift box 有机绿茶礼盒 2024";
    EXPECT_EQ(pairs.encode(text), strings.encode(text));
}

TEST(Tokenizer, IgnoreMergesTakesAWholeVocabularyEntryAsIs) {
    // A vocabulary entry the merges cannot build ("Ġtea" without "Ġt"+"ea"-style path) is only
    // reachable with ignore_merges.
    const auto addWord = [](bool ignore) {
        return variant([ignore](json& spec) {
            spec["model"]["vocab"]["\u0120zzq"] = 9000;
            spec["model"]["ignore_merges"] = ignore;
        });
    };
    EXPECT_EQ(addWord(true).encode(" zzq", false), Ids{9000});
    EXPECT_EQ(addWord(false).encode(" zzq", false).size(), 4u);
}

TEST(Tokenizer, NfcNormalizerComposesBeforeEncoding) {
    const Tokenizer tokenizer = variant([](json& spec) { spec["normalizer"] = {{"type", "NFC"}}; });
    EXPECT_EQ(tokenizer.encode("Cafe\u0301 \u1100\u1161\u11a8", false),
              tokenizer.encode("Caf\u00e9 \uac01", false));
    EXPECT_EQ(tokenizer.decode(tokenizer.encode("Cafe\u0301", false)), "Caf\u00e9");
}

TEST(Tokenizer, SplitBehavioursFollowTheReference) {
    // Split on " " with each behaviour. Pieces are BPE boundaries, so the expectation is each
    // expected piece encoded whole (a tokenizer whose only pre-tokenizer step is ByteLevel).
    const auto withPreTokenizer = [](const json& steps) {
        return variant([&](json& spec) {
            spec["pre_tokenizer"] = {{"type", "Sequence"}, {"pretokenizers", steps}};
        });
    };
    const json byteLevel = {
        {"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
    const auto withSplit = [&](const std::string& behavior, bool invert) {
        return withPreTokenizer({{{"type", "Split"},
                                  {"pattern", {{"String", " "}}},
                                  {"behavior", behavior},
                                  {"invert", invert}},
                                 byteLevel});
    };
    const Tokenizer whole = withPreTokenizer(json::array({byteLevel}));
    const auto pieces = [&](const std::vector<std::string>& parts) {
        Ids ids;
        for (const auto& part : parts) ids = concat(ids, whole.encode(part, false));
        return ids;
    };
    const std::string text = "a the  the";
    EXPECT_EQ(withSplit("Isolated", false).encode(text, false),
              pieces({"a", " ", "the", " ", " ", "the"}));
    EXPECT_EQ(withSplit("Removed", false).encode(text, false), pieces({"a", "the", "the"}));
    EXPECT_EQ(withSplit("MergedWithPrevious", false).encode(text, false),
              pieces({"a ", "the ", " ", "the"}));
    EXPECT_EQ(withSplit("MergedWithNext", false).encode(text, false),
              pieces({"a", " the", " ", " the"}));
    EXPECT_EQ(withSplit("Contiguous", false).encode(text, false),
              pieces({"a", " ", "the", "  ", "the"}));
    EXPECT_EQ(withSplit("Removed", true).encode(text, false), pieces({" ", " ", " "}));
    // The comparison can tell pieces apart: " the" is one token, " " + "the" are three.
    EXPECT_NE(pieces({" the"}), pieces({" ", "the"}));
}

TEST(TokenizerErrors, MissingFileNamesThePathAndWhereToGetIt) {
    const std::string message =
        errorOf([] { Tokenizer::fromFile("/nonexistent/model/tokenizer.json"); });
    EXPECT_NE(message.find("Tokenizer file /nonexistent/model/tokenizer.json does not exist."),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("it needs the tokenizer.json from the model's Hugging Face repository"),
              std::string::npos)
        << message;
}

TEST(TokenizerErrors, MalformedJsonGivesLineAndColumn) {
    const fs::path path = writeFile(scratchDir() / "tokenizer.json",
                                    "{\n  \"model\": {\n    \"type\" \"BPE\"\n  }\n}\n");
    const std::string message = errorOf([&] { Tokenizer::fromFile(path); });
    EXPECT_NE(message.find(path.string() + " is not valid JSON"), std::string::npos) << message;
    EXPECT_NE(message.find("line 3, column"), std::string::npos) << message;
    EXPECT_NE(message.find("download it again"), std::string::npos) << message;
}

TEST(TokenizerErrors, UnsupportedModelTypeIsNamed) {
    const std::string message =
        errorOf([] { variant([](json& spec) { spec["model"]["type"] = "WordPiece"; }); });
    EXPECT_NE(
        message.find("model type is \"WordPiece\"; AdGen's tokenizer implements only \"BPE\""),
        std::string::npos)
        << message;
    EXPECT_NE(message.find("Use a model whose tokenizer.json has a BPE model"), std::string::npos)
        << message;
}

TEST(TokenizerErrors, MergeReferringToAnUnknownTokenIsNamed) {
    const std::string message =
        errorOf([] { variant([](json& spec) { spec["model"]["merges"][3] = "\u0120the zzzz"; }); });
    EXPECT_NE(message.find("merge #3 \"\u0120the zzzz\" refers to token \"zzzz\", which is not in "
                           "the vocabulary."),
              std::string::npos)
        << message;
    EXPECT_NE(message.find("download tokenizer.json again"), std::string::npos) << message;
}

TEST(TokenizerErrors, UnsupportedPipelineStepsAreNamed) {
    const std::string normalizer = errorOf([] {
        variant([](json& spec) { spec["normalizer"] = {{"type", "Lowercase"}}; });
    });
    EXPECT_NE(normalizer.find("normalizer \"Lowercase\" (in \"normalizer\") is not supported"),
              std::string::npos)
        << normalizer;
    const std::string preTokenizer = errorOf([] {
        variant([](json& spec) {
            spec["pre_tokenizer"]["pretokenizers"][1] = {{"type", "Metaspace"}};
        });
    });
    EXPECT_NE(
        preTokenizer.find(
            "pre-tokenizer \"Metaspace\" (in \"pre_tokenizer.pretokenizers[1]\") is not supported"),
        std::string::npos)
        << preTokenizer;
    const std::string regex = errorOf([] {
        variant([](json& spec) {
            spec["pre_tokenizer"]["pretokenizers"][0]["pattern"]["Regex"] = "[a-";
        });
    });
    EXPECT_NE(
        regex.find(
            "\"pre_tokenizer.pretokenizers[0].pattern.Regex\" is not a valid regular expression"),
        std::string::npos)
        << regex;
}

TEST(TokenizerErrors, WrongFieldTypesAreNamed) {
    const std::string message =
        errorOf([] { variant([](json& spec) { spec["model"]["vocab"]["a"] = "one"; }); });
    EXPECT_NE(
        message.find("field \"model.vocab[\"a\"]\" should be a non-negative id but is string."),
        std::string::npos)
        << message;
}
