// Byte-level BPE training (text/bpe_trainer.h) and `adgen train-tokenizer`: the trained
// tokenizer.json loads in text::Tokenizer unchanged, round-trips any text, learns what a BPE trainer
// should, puts the special tokens after the learned vocabulary, and is the same every time.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <unistd.h>

#include "cli_runner.h"
#include "error_message.h"
#include "text/bpe_trainer.h"
#include "text/tokenizer.h"
#include "text/utf8.h"

namespace fs = std::filesystem;
using adgen::text::BpeTrainingOptions;
using adgen::text::BpeTrainingStats;
using adgen::text::Tokenizer;
using nlohmann::json;
using nlohmann::ordered_json;
using Ids = std::vector<int32_t>;

namespace {

const std::string kBos = "<\uff5cbegin\u2581of\u2581sentence\uff5c>";
const std::string kEos = "<\uff5cend\u2581of\u2581sentence\uff5c>";
const std::string kPad = "<\uff5c\u2581pad\u2581\uff5c>";
constexpr int kSpecials = 11;

fs::path scratchDir() {
    static std::atomic<int> counter{0};
    const auto* info = testing::UnitTest::GetInstance()->current_test_info();
    fs::path dir = fs::temp_directory_path() /
                   ("adgen-bpe-" + std::string(info->name()) + "-" + std::to_string(::getpid()) + "-" +
                    std::to_string(counter++));
    fs::remove_all(dir);
    fs::create_directories(dir);
    return dir;
}

fs::path writeFile(const fs::path& path, const std::string& text) {
    std::ofstream(path, std::ios::binary) << text;
    return path;
}

std::string readFile(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    return buffer.str();
}

// Ad copy in English and Chinese, with prices, sizes and the chat template.
std::vector<std::string> catalogTexts() {
    const std::vector<std::string> lines = {
        "Wireless noise cancelling headphones with 40 hours of battery life and fast charging.",
        "Portable power bank 20000mAh with USB-C fast charge, slim design, fits in your pocket.",
        "Stainless steel vacuum insulated water bottle keeps drinks cold for 24 hours.",
        "Lightweight running shoes with breathable mesh upper and cushioned sole, only $59.99!",
        "Smart watch with heart rate monitor, sleep tracking, GPS and water resistance.",
        "Ceramic non-stick frying pan, even heating, easy to clean, safe for the whole family.",
        "新款无线蓝牙耳机，主动降噪，超长续航，快速充电，音质清晰。",
        "大容量充电宝20000毫安，轻薄便携，支持快充，出行必备。",
        "不锈钢保温杯，长效保温保冷，防漏设计，办公室学生都适用。",
        "轻便跑步鞋，透气网面，缓震鞋底，日常训练舒适耐穿。",
        "智能手表，心率监测，睡眠追踪，防水设计，运动健康好帮手。",
        "商品标题：女士夏季连衣裙，修身显瘦，碎花雪纺，清新气质。",
        "<|User|>: 为商品生成吸引人的标题\n\n<|Assistant|>: <prompt>轻薄便携充电宝</prompt>",
    };
    std::vector<std::string> texts;
    for (int copy = 0; copy < 5; ++copy) texts.insert(texts.end(), lines.begin(), lines.end());
    return texts;
}

struct Trained {
    ordered_json spec;
    BpeTrainingStats stats;
    fs::path file;
};

Trained train(const std::vector<std::string>& texts, int vocabSize, int minFrequency = 2) {
    BpeTrainingOptions options;
    options.vocabSize = vocabSize;
    options.minFrequency = minFrequency;
    Trained result;
    result.spec = adgen::text::trainByteLevelBpe(texts, options, &result.stats);
    result.file = scratchDir() / "tokenizer.json";
    adgen::text::saveTokenizerJson(result.spec, result.file);
    return result;
}

const Trained& catalogTokenizer() {
    static const Trained trained = train(catalogTexts(), 600);
    return trained;
}

std::string tinyFixtureCorpus() {
    // CORPUS = """...""" in tools/make_tiny_tokenizer.py, the corpus the fixture was trained on.
    const std::string script = readFile(fs::path(ADGEN_SOURCE_DIR) / "tools" / "make_tiny_tokenizer.py");
    const std::string open = "CORPUS = \"\"\"";
    const size_t begin = script.find(open);
    const size_t end = script.find("\"\"\".strip()", begin);
    if (begin == std::string::npos || end == std::string::npos) return {};
    std::string corpus = script.substr(begin + open.size(), end - begin - open.size());
    corpus.erase(0, corpus.find_first_not_of('\n'));
    corpus.erase(corpus.find_last_not_of('\n') + 1);
    return corpus;
}

std::string run(const std::string& arguments) {
    const auto r = adgen::testing::runAdgen(arguments);
    return std::to_string(r.exitCode) + "|" + r.all;
}

}  // namespace

TEST(BpeTrainer, TrainedFileLoadsInTheTokenizer) {
    const Trained& trained = catalogTokenizer();
    const Tokenizer tokenizer = Tokenizer::fromFile(trained.file);
    EXPECT_EQ(tokenizer.size(), 600);
    EXPECT_TRUE(trained.stats.reachedVocabSize) << trained.stats.stopReason;
    EXPECT_EQ(trained.stats.size, 600);
    EXPECT_EQ(trained.stats.baseVocab, 600 - kSpecials);
    EXPECT_EQ(trained.spec["model"]["vocab"].size(), 600u - kSpecials);
    EXPECT_EQ(tokenizer.bosId(), 600 - kSpecials);
    EXPECT_EQ(tokenizer.eosId(), 600 - kSpecials + 1);
    // The 256 byte tokens come first, in the ByteLevel alphabet ("Ġ" is the space).
    EXPECT_EQ(tokenizer.tokenId("!"), 0);
    EXPECT_EQ(tokenizer.tokenId("\u0120"), 220);
    EXPECT_EQ(tokenizer.tokenBytes(220), " ");
    // Every merge is "left right" of tokens in the vocabulary, and makes one.
    const auto& vocab = trained.spec["model"]["vocab"];
    for (const auto& merge : trained.spec["model"]["merges"]) {
        const std::string text = merge.get<std::string>();
        const size_t space = text.find(' ');
        ASSERT_NE(space, std::string::npos);
        EXPECT_TRUE(vocab.contains(text.substr(0, space)) && vocab.contains(text.substr(space + 1)) &&
                    vocab.contains(text.substr(0, space) + text.substr(space + 1)))
            << text;
    }
}

TEST(BpeTrainer, EncodeDecodeRoundTripsAnyText) {
    const Tokenizer tokenizer = Tokenizer::fromFile(catalogTokenizer().file);
    const std::vector<std::string> texts = {
        "Wireless headphones, 40 hours!",
        "Something never seen: Zyxxqv glorp 12345678901234567890 ¿¡ «quoted» — dash",
        "新款无线蓝牙耳机，主动降噪。没见过的字：龘靐齉爩",
        "emoji 🎧🔋👟 and flags 🇨🇳🇺🇸, ZWJ 👩‍👩‍👧",
        "  leading spaces, trailing spaces   ",
        "tabs\tand\nnewlines\r\n\n\nand   runs of    spaces",
        "Ελληνικά, русский, العربية, हिन्दी, 한국어, 日本語のテキスト",
        "combining: e\u0301 a\u0308 \u00e9",
        "prices: $59.99, ¥129.00, 20000mAh, 5G, 4K, 120Hz",
        "<prompt>A cup of coffee</prompt> <|User|>: hi\n\n<|Assistant|>:",
        "",
        " ",
        "\n",
    };
    for (const std::string& text : texts) {
        EXPECT_EQ(tokenizer.decode(tokenizer.encode(text, false)), text) << text;
        EXPECT_EQ(tokenizer.decode(tokenizer.encode(text, true)), kBos + text) << text;
    }
    // Invalid UTF-8 is read as U+FFFD (what the loader documents), then round-trips as that.
    EXPECT_EQ(tokenizer.decode(tokenizer.encode("ab\xff\xe4\xb8z", false)), "ab\uFFFD\uFFFDz");
    std::mt19937 random(5);
    for (int i = 0; i < 200; ++i) {
        std::string bytes(static_cast<size_t>(random() % 40), '\0');
        for (char& c : bytes) c = static_cast<char>(random() % 256);
        EXPECT_EQ(tokenizer.decode(tokenizer.encode(bytes, false)), adgen::text::utf8::repairLossy(bytes));
    }
}

TEST(BpeTrainer, FrequentWordsBecomeSingleTokens) {
    std::vector<std::string> texts = catalogTexts();
    for (int i = 0; i < 100; ++i) texts.push_back("a new lipstick shade number " + std::to_string(i % 7));
    for (int i = 0; i < 100; ++i) texts.push_back("保温杯");
    const Trained trained = train(texts, 1000);
    const Tokenizer tokenizer = Tokenizer::fromFile(trained.file);
    const Ids lipstick = tokenizer.encode(" lipstick", false);
    ASSERT_EQ(lipstick.size(), 1u);
    EXPECT_EQ(lipstick[0], tokenizer.tokenId("\u0120lipstick"));
    EXPECT_EQ(tokenizer.encode("保温杯", false).size(), 1u);
    // Digits are always single characters (DeepSeek's individual_digits), whatever the corpus.
    EXPECT_EQ(tokenizer.encode("20000", false).size(), 5u);
}

TEST(BpeTrainer, VocabularySizeIsExactlyAsRequested) {
    for (const int size : {256 + kSpecials, 300, 450, 555}) {
        const Trained trained = train(catalogTexts(), size);
        const Tokenizer tokenizer = Tokenizer::fromFile(trained.file);
        EXPECT_EQ(tokenizer.size(), size);
        EXPECT_EQ(trained.stats.size, size);
        EXPECT_TRUE(trained.stats.reachedVocabSize);
        EXPECT_EQ(trained.spec["added_tokens"].back()["id"], size - 1);
    }
}

TEST(BpeTrainer, SmallerVocabularyWhenTheCorpusRunsOutOfPairs) {
    const Trained trained = train({"tiny corpus", "tiny corpus", "rare words"}, 5000);
    EXPECT_FALSE(trained.stats.reachedVocabSize);
    EXPECT_NE(trained.stats.stopReason.find("2 times"), std::string::npos) << trained.stats.stopReason;
    EXPECT_LT(trained.stats.size, 5000);
    EXPECT_EQ(Tokenizer::fromFile(trained.file).size(), trained.stats.size);
    // " corpus" and "tiny" became tokens; nothing more can be learned from two lines.
    EXPECT_EQ(Tokenizer::fromFile(trained.file).encode("tiny corpus", false).size(), 2u);

    const Trained everything = train({"abc"}, 5000, /*minFrequency=*/1);
    EXPECT_EQ(everything.stats.merges, 2);
    EXPECT_EQ(everything.stats.stopReason, "the corpus has no pairs left to merge");
}

TEST(BpeTrainer, SpecialTokensFollowTheVocabularyAndAreRecognised) {
    const Trained& trained = catalogTokenizer();
    const Tokenizer tokenizer = Tokenizer::fromFile(trained.file);
    const int base = 600 - kSpecials;
    const std::vector<std::string> expected = {
        kBos, kEos, kPad, "<begin_of_image>", "<end_of_image>", "<image_placeholder>", "<title_placeholder>",
        "<begin_of_history_title>", "<end_of_history_title>", "<|User|>", "<|Assistant|>"};
    ASSERT_EQ(BpeTrainingOptions::defaultSpecialTokens(), expected);
    for (size_t i = 0; i < expected.size(); ++i) {
        const int32_t id = base + static_cast<int32_t>(i);
        EXPECT_EQ(tokenizer.tokenId(expected[i]), id) << expected[i];
        EXPECT_TRUE(tokenizer.isSpecial(id));
        EXPECT_EQ(tokenizer.encode("x" + expected[i] + "x", false),
                  (Ids{*tokenizer.tokenId("x"), id, *tokenizer.tokenId("x")}));
    }
    // The post-processor puts BOS first; the chat template's roles are single tokens.
    const Ids ids = tokenizer.encode("<|User|>: 商品标题<image_placeholder>\n\n<|Assistant|>:" + kEos, true);
    EXPECT_EQ(ids.front(), base);
    EXPECT_EQ(ids[1], base + 9);
    EXPECT_EQ(ids.back(), base + 1);
    EXPECT_EQ(std::count(ids.begin(), ids.end(), base + 10), 1);
    EXPECT_EQ(tokenizer.decode(ids, true), ": 商品标题\n\n:");
    EXPECT_EQ(tokenizer.decode(ids, false),
              kBos + "<|User|>: 商品标题<image_placeholder>\n\n<|Assistant|>:" + kEos);
}

TEST(BpeTrainer, SpecialTokensInTheCorpusAreNotLearnedFrom) {
    std::vector<std::string> texts;
    for (int i = 0; i < 50; ++i) texts.push_back("<image_placeholder><image_placeholder> photo " + kEos);
    const Trained trained = train(texts, 400, 1);
    for (const auto& [token, id] : trained.spec["model"]["vocab"].items()) {
        EXPECT_EQ(token.find("placeholder"), std::string::npos) << token;
        EXPECT_EQ(token.find("sentence"), std::string::npos) << token;
    }
    EXPECT_TRUE(trained.spec["model"]["vocab"].contains("\u0120photo"));
}

TEST(BpeTrainer, TrainingIsDeterministic) {
    std::vector<std::string> texts = catalogTexts();
    const std::string first = train(texts, 700).spec.dump();
    EXPECT_EQ(train(texts, 700).spec.dump(), first);
    // Counts do not depend on the order of the texts, and neither does the result.
    std::reverse(texts.begin(), texts.end());
    std::rotate(texts.begin(), texts.begin() + 7, texts.end());
    EXPECT_EQ(train(texts, 700).spec.dump(), first);
}

TEST(BpeTrainer, FirstMergesMatchAHandComputedCorpus) {
    // Words hug x10, pug x5, pun x12, bun x4, hugs x5 (each text one piece):
    //   pairs u g 20, p u 17, u n 16, h u 15, ...      -> "u g"
    //   then u n 16, h ug 15, p u 12, ...              -> "u n", then "h ug" (15), "p un" (12)
    //   then hug s 5, p ug 5 (a tie: "hug" < "p"), b un 4 -> "hug s", "p ug", "b un"
    std::vector<std::string> texts;
    const std::vector<std::pair<std::string, int>> words = {{"hug", 10}, {"pug", 5}, {"pun", 12}, {"bun", 4}, {"hugs", 5}};
    for (const auto& [word, count] : words) {
        for (int i = 0; i < count; ++i) texts.push_back(word);
    }
    const Trained trained = train(texts, 256 + 7 + kSpecials, 1);
    EXPECT_EQ(trained.spec["model"]["merges"],
              ordered_json({"u g", "u n", "h ug", "p un", "hug s", "p ug", "b un"}));
    const auto& vocab = trained.spec["model"]["vocab"];
    EXPECT_EQ(vocab["ug"], 256);
    EXPECT_EQ(vocab["hugs"], 260);
    EXPECT_EQ(vocab["bun"], 262);
    EXPECT_TRUE(trained.stats.reachedVocabSize);

    // Asking for more: the same merges, then nothing left.
    const Trained more = train(texts, 1000, 1);
    EXPECT_EQ(more.spec["model"]["merges"], trained.spec["model"]["merges"]);
    EXPECT_EQ(more.stats.size, 256 + 7 + kSpecials);
    // With --min-frequency 5, "b un" (4) is not learned.
    EXPECT_EQ(train(texts, 1000, 5).stats.merges, 6);
}

TEST(BpeTrainer, ReproducesTheTinyJanusFixture) {
    // tools/make_tiny_tokenizer.py trains the tiny-janus fixture with a plain Python BPE (same
    // pre-tokenizer, ties by pair text, pairs seen at least twice): the C++ trainer learns the same.
    const std::string corpus = tinyFixtureCorpus();
    ASSERT_FALSE(corpus.empty());
    std::vector<std::string> texts;
    std::istringstream lines(corpus);
    for (std::string line; std::getline(lines, line);) texts.push_back(line + "\n");
    BpeTrainingOptions options;
    options.vocabSize = 100000;
    options.minFrequency = 2;
    const ordered_json trained = adgen::text::trainByteLevelBpe(texts, options);
    std::ifstream in(fs::path(ADGEN_FIXTURES_DIR) / "tokenizers" / "tiny-janus" / "tokenizer.json");
    const ordered_json fixture = ordered_json::parse(in);
    EXPECT_EQ(trained["pre_tokenizer"], fixture["pre_tokenizer"]);
    EXPECT_EQ(trained["decoder"], fixture["decoder"]);
    EXPECT_EQ(trained["model"]["merges"], fixture["model"]["merges"]);
    EXPECT_EQ(trained["model"]["vocab"], fixture["model"]["vocab"]);
    EXPECT_EQ(trained["post_processor"]["single"], fixture["post_processor"]["single"]);
    EXPECT_EQ(trained["post_processor"]["special_tokens"], fixture["post_processor"]["special_tokens"]);
}

TEST(BpeTrainer, RejectsInconsistentOptions) {
    BpeTrainingOptions options;
    options.vocabSize = 266;
    EXPECT_EQ(errorOf([&] { adgen::text::trainByteLevelBpe({"x"}, options); }),
              "A vocabulary of 266 is too small: it needs at least the 256 byte tokens plus the 11 special "
              "tokens (267). Choose a larger vocabulary or fewer special tokens.");
    options.vocabSize = 300;
    options.specialTokens = {kBos, "<x>", "<x>"};
    EXPECT_NE(errorOf([&] { adgen::text::trainByteLevelBpe({"x"}, options); }).find("\"<x>\" is listed twice"),
              std::string::npos);
    options.specialTokens = {"<x>"};
    EXPECT_NE(errorOf([&] { adgen::text::trainByteLevelBpe({"x"}, options); }).find("is not one of the special tokens"),
              std::string::npos);
    options.bosToken = "";  // no BOS: no post-processor
    const ordered_json spec = adgen::text::trainByteLevelBpe({"x"}, options);
    EXPECT_TRUE(spec["post_processor"].is_null());
    EXPECT_EQ(spec["added_tokens"].size(), 1u);
}

TEST(BpeTrainer, ReadsJsonJsonlAndTextCorpora) {
    const fs::path dir = scratchDir();
    std::vector<std::string> texts;
    const fs::path catalog = writeFile(
        dir / "catalog.json",
        R"({"items": [{"id": "p1", "title": "Red dress", "points": ["soft", "新款"], "price": 59.9, "ok": true},
                      {"title": "", "nested": {"deeper": [["tea"]]}}]})");
    EXPECT_EQ(adgen::text::appendCorpusTexts(catalog, texts), 5u);
    // (nlohmann::json keeps object members in key order: id, ok, points, price, title)
    EXPECT_EQ(texts, (std::vector<std::string>{"p1", "soft", "新款", "Red dress", "tea"}));

    texts.clear();
    const fs::path jsonl = writeFile(dir / "lines.jsonl", "{\"t\": \"one\"}\n\n[\"two\", 3]\r\n");
    EXPECT_EQ(adgen::text::appendCorpusTexts(jsonl, texts), 2u);
    EXPECT_EQ(texts, (std::vector<std::string>{"one", "two"}));

    texts.clear();
    const fs::path text = writeFile(dir / "titles.txt", "first line\r\n\nsecond {not json}\nthird");
    EXPECT_EQ(adgen::text::appendCorpusTexts(text, texts), 3u);
    EXPECT_EQ(texts, (std::vector<std::string>{"first line", "second {not json}", "third"}));

    const fs::path broken = writeFile(dir / "broken.json", "{\"items\": [\n  \"a\",\n  oops]}");
    EXPECT_EQ(errorOf([&] { adgen::text::appendCorpusTexts(broken, texts); })
                  .rfind("Corpus file " + broken.string() + " is not valid JSON (line 3, column ", 0),
              0u);
    EXPECT_NE(errorOf([&] { adgen::text::appendCorpusTexts(dir / "missing.txt", texts); }).find("Corpus file not found"),
              std::string::npos);
}

TEST(BpeTrainer, TrainsMegabytesInSeconds) {
    // ~1.5 MB of generated catalog text, 4000 ids.
    std::mt19937 random(11);
    const std::vector<std::string> english = {"wireless", "portable", "stainless", "organic", "smart", "premium",
                                              "waterproof", "headphones", "bottle", "watch", "shoes", "backpack",
                                              "lamp", "kettle", "jacket", "dress", "charger", "keyboard", "tent",
                                              "serum", "fast", "charging", "battery", "gift", "shipping", "design"};
    const std::vector<std::string> chinese = {"新款", "无线", "蓝牙", "耳机", "降噪", "续航", "充电", "便携", "保温杯",
                                              "设计", "透气", "智能", "手表", "防水", "礼盒", "包邮", "连衣裙", "显瘦"};
    std::vector<std::string> texts;
    size_t bytes = 0;
    while (bytes < 1500000) {
        std::string text;
        for (int w = 0; w < 12; ++w) text += (w ? " " : "") + english[random() % english.size()] + std::to_string(random() % 3);
        text += " ";
        for (int w = 0; w < 10; ++w) text += chinese[random() % chinese.size()] + (w % 3 == 2 ? "，" : "");
        bytes += text.size();
        texts.push_back(std::move(text));
    }
    BpeTrainingOptions options;
    options.vocabSize = 4000;
    BpeTrainingStats stats;
    adgen::text::trainByteLevelBpe(texts, options, &stats);
    RecordProperty("seconds", std::to_string(stats.seconds));
    std::printf("trained %.2f MB, %d merges in %.2f s\n", static_cast<double>(stats.bytes) / 1e6, stats.merges,
                stats.seconds);
    EXPECT_LT(stats.seconds, 30.0);
}

// ---- adgen train-tokenizer ----------------------------------------------------------------------

TEST(TrainTokenizerCli, WritesATokenizerThatLoads) {
    const fs::path dir = scratchDir();
    std::ofstream catalog(dir / "catalog.json");
    json items = json::array();
    for (const std::string& text : catalogTexts()) items.push_back({{"title", text}, {"id", 1}});
    catalog << json{{"items", items}}.dump();
    catalog.close();
    writeFile(dir / "extra.txt", "one more line of catalog text\nnoch eine Zeile\n");
    const auto r = adgen::testing::runAdgen("train-tokenizer --corpus " + (dir / "catalog.json").string() +
                                            " --corpus " + (dir / "extra.txt").string() +
                                            " --vocab 500 --min-frequency 2 --out " + (dir / "tokenizer.json").string());
    ASSERT_EQ(r.exitCode, 0) << r.all;
    EXPECT_NE(r.out.find("catalog.json: 65 texts"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("extra.txt: 2 texts"), std::string::npos) << r.out;
    EXPECT_NE(r.out.find("= 500 ids"), std::string::npos) << r.out;
    const Tokenizer tokenizer = Tokenizer::fromFile(dir / "tokenizer.json");
    EXPECT_EQ(tokenizer.size(), 500);
    EXPECT_EQ(tokenizer.decode(tokenizer.encode("noch eine Zeile 新款", true), true), "noch eine Zeile 新款");
}

TEST(TrainTokenizerCli, SaysWhenTheCorpusIsTooSmallForTheVocabulary) {
    const fs::path dir = scratchDir();
    writeFile(dir / "tiny.txt", "tiny corpus\ntiny corpus\n");
    const auto r = adgen::testing::runAdgen("train-tokenizer --corpus " + (dir / "tiny.txt").string() +
                                            " --vocab 5000 --out " + (dir / "tokenizer.json").string());
    ASSERT_EQ(r.exitCode, 0) << r.all;
    EXPECT_NE(r.all.find("not the 5000 asked for"), std::string::npos) << r.all;
    EXPECT_TRUE(fs::exists(dir / "tokenizer.json"));
}

TEST(TrainTokenizerCli, FailsWithClearMessages) {
    const fs::path dir = scratchDir();
    const std::string out = " --out " + (dir / "tokenizer.json").string();
    const fs::path good = writeFile(dir / "good.txt", "some text\n");

    std::string r = run("train-tokenizer --corpus " + (dir / "nope.txt").string() + " --vocab 1000" + out);
    EXPECT_EQ(r.rfind("2|", 0), 0u) << r;
    EXPECT_NE(r.find("Corpus file not found: " + (dir / "nope.txt").string()), std::string::npos) << r;

    r = run("train-tokenizer --corpus " + good.string() + " --vocab 200" + out);
    EXPECT_EQ(r.rfind("2|", 0), 0u) << r;
    EXPECT_NE(r.find("--vocab 200 is too small: the 256 byte tokens and the 11 special tokens alone take 267 ids."),
              std::string::npos)
        << r;

    const fs::path broken = writeFile(dir / "broken.json", "{\"items\": [\"a\",]}");
    r = run("train-tokenizer --corpus " + broken.string() + " --vocab 1000" + out);
    EXPECT_EQ(r.rfind("2|", 0), 0u) << r;
    EXPECT_NE(r.find("Corpus file " + broken.string() + " is not valid JSON (line 1, column"), std::string::npos) << r;

    r = run("train-tokenizer --vocab 1000" + out);
    EXPECT_EQ(r.rfind("2|", 0), 0u) << r;
    EXPECT_NE(r.find("--corpus FILE is required"), std::string::npos) << r;

    r = run("train-tokenizer --corpus " + good.string() + " --vocab lots" + out);
    EXPECT_EQ(r.rfind("2|", 0), 0u) << r;
    EXPECT_NE(r.find("--vocab expects a positive whole number, got 'lots'"), std::string::npos) << r;

    const fs::path empty = writeFile(dir / "empty.json", "{\"items\": []}");
    r = run("train-tokenizer --corpus " + empty.string() + " --vocab 1000" + out);
    EXPECT_EQ(r.rfind("1|", 0), 0u) << r;
    EXPECT_NE(r.find("the corpus has no text"), std::string::npos) << r;
    EXPECT_FALSE(fs::exists(dir / "tokenizer.json"));
}
