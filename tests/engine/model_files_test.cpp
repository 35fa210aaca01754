// Reading a model directory: the safetensors format, the WeightStore (shards, key layouts,
// strict and survey modes, progress, cancel), config.json in its three kinds, and JanusModel::load
// on bad directories. Every bad input must give an adgen::Error that names the problem.

#include "error_message.h"
#include "io/safetensors.h"
#include "model/janus_model.h"
#include "model/model_config.h"
#include "model/weight_store.h"
#include "tiny_model.h"

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <atomic>
#include <cstdint>
#include <cstring>
#include <filesystem>
#include <fstream>
#include <limits>
#include <map>
#include <optional>
#include <regex>
#include <set>
#include <string>
#include <utility>
#include <vector>

namespace adgen {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;
using testing::TempDir;

// ---------------------------------------------------------------------------------------------
// Helpers

// EXPECT_CONTAINS(text, part): the assertion prints both strings when `part` is not in `text`.
::testing::AssertionResult containsFormat(const char* textExpr, const char* partExpr, const std::string& text,
                                          const std::string& part) {
    if (text.find(part) != std::string::npos) return ::testing::AssertionSuccess();
    return ::testing::AssertionFailure() << textExpr << " does not contain " << partExpr << "\n  text: " << text
                                         << "\n  part: " << part;
}
#define EXPECT_CONTAINS(text, part) EXPECT_PRED_FORMAT2(containsFormat, text, part)

std::string readBytes(const fs::path& path) {
    std::ifstream in(path, std::ios::binary);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

void writeBytes(const fs::path& path, const std::string& bytes) {
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
}

void writeText(const fs::path& path, const std::string& text) { writeBytes(path, text); }

// A safetensors file by hand: little-endian header length, `header` verbatim, `data`.
void writeRawSafetensors(const fs::path& path, const std::string& header, const std::string& data,
                         uint64_t declaredHeaderLength = std::numeric_limits<uint64_t>::max()) {
    const uint64_t n = declaredHeaderLength == std::numeric_limits<uint64_t>::max() ? header.size() : declaredHeaderLength;
    std::string bytes(8, '\0');
    for (int i = 0; i < 8; ++i) bytes[static_cast<size_t>(i)] = static_cast<char>((n >> (8 * i)) & 0xff);
    writeBytes(path, bytes + header + data);
}

uint64_t headerLength(const std::string& fileBytes) {
    uint64_t n = 0;
    for (int i = 7; i >= 0; --i) n = (n << 8) | static_cast<uint8_t>(fileBytes[static_cast<size_t>(i)]);
    return n;
}

// Bitwise equality, NaN payloads and signed zeros included.
bool sameBits(const torch::Tensor& a, const torch::Tensor& b) {
    if (a.scalar_type() != b.scalar_type() || a.sizes() != b.sizes()) return false;
    const auto x = a.contiguous();
    const auto y = b.contiguous();
    return std::memcmp(x.data_ptr(), y.data_ptr(), static_cast<size_t>(x.numel() * x.element_size())) == 0;
}

torch::Tensor readTensor(const io::SafetensorsFile& file, const std::string& name, torch::ScalarType dtype) {
    const auto* entry = file.find(name);
    if (!entry) throw std::runtime_error("no tensor " + name + " in " + file.path().string());
    return file.read(*entry, dtype);
}

torch::Tensor f32(std::vector<float> values) { return torch::tensor(values, torch::kFloat32); }

model::WeightStore::Options strictOptions() { return {}; }

model::WeightStore::Options surveyOptions() {
    model::WeightStore::Options o;
    o.strict = false;
    return o;
}

json readJson(const fs::path& path) {
    std::ifstream in(path);
    return json::parse(in);
}

void writeJson(const fs::path& path, const json& j) { writeText(path, j.dump(2)); }

std::set<std::string> listing(const fs::path& dir) {
    std::set<std::string> names;
    for (const auto& e : fs::directory_iterator(dir)) names.insert(e.path().filename().string());
    return names;
}

// ---------------------------------------------------------------------------------------------
// 1. safetensors round trip

TEST(SafetensorsFormat, TensorsOfEveryStoredDtypeComeBackBitExact) {
    TempDir dir("st-roundtrip");
    const auto path = dir.path() / "t.safetensors";
    const float nan = std::numeric_limits<float>::quiet_NaN();
    const auto a = f32({1.0f, -0.0f, nan, std::numeric_limits<float>::infinity(), 1e-40f /* denormal */, 3.14159f})
                       .reshape({2, 3});
    const auto h = torch::tensor(std::vector<double>{1.5, -2.25, 65504.0, 0.0}, torch::kFloat64).to(torch::kFloat16).reshape({2, 2});
    const auto bf = torch::tensor(std::vector<double>{1.0, -3.0, 256.0, 0.0078125, 1e30}, torch::kFloat64).to(torch::kBFloat16);
    const auto i = torch::tensor(std::vector<int64_t>{std::numeric_limits<int64_t>::min(), -1, 0, std::numeric_limits<int64_t>::max()},
                                 torch::kInt64);
    const auto scalar = torch::tensor(42.5f);          // 0-d
    const auto empty = torch::zeros({0, 4}, torch::kFloat32);  // no elements
    io::saveSafetensors(path, {{"a", a}, {"h", h}, {"bf", bf}, {"i", i}, {"scalar", scalar}, {"empty", empty}});

    const auto file = io::SafetensorsFile::open(path);
    ASSERT_EQ(file->entries().size(), 6u);
    EXPECT_EQ(file->find("a")->dtype, "F32");
    EXPECT_EQ(file->find("h")->dtype, "F16");
    EXPECT_EQ(file->find("bf")->dtype, "BF16");
    EXPECT_EQ(file->find("i")->dtype, "I64");
    EXPECT_EQ(file->find("scalar")->shape, std::vector<int64_t>{});
    EXPECT_EQ(file->find("empty")->shape, (std::vector<int64_t>{0, 4}));
    EXPECT_EQ(file->find("empty")->begin, file->find("empty")->end);
    EXPECT_EQ(file->find("missing"), nullptr);

    EXPECT_TRUE(sameBits(readTensor(*file, "a", torch::kFloat32), a));
    EXPECT_TRUE(sameBits(readTensor(*file, "h", torch::kFloat16), h));
    EXPECT_TRUE(sameBits(readTensor(*file, "bf", torch::kBFloat16), bf));
    EXPECT_TRUE(sameBits(readTensor(*file, "i", torch::kInt64), i));
    const auto s = readTensor(*file, "scalar", torch::kFloat32);
    EXPECT_EQ(s.dim(), 0);
    EXPECT_EQ(s.item<float>(), 42.5f);
    const auto e = readTensor(*file, "empty", torch::kFloat32);
    EXPECT_EQ(e.sizes().vec(), (std::vector<int64_t>{0, 4}));
    EXPECT_EQ(e.scalar_type(), torch::kFloat32);
}

TEST(SafetensorsFormat, HalfPrecisionTensorsReadAsFloat32AreConvertedByValue) {
    TempDir dir("st-convert");
    const auto path = dir.path() / "t.safetensors";
    const std::vector<double> values{1.5, -2.25, 256.0, 0.0078125, -384.0};
    io::saveSafetensors(path, {{"h", torch::tensor(values, torch::kFloat64).to(torch::kFloat16)},
                               {"bf", torch::tensor(values, torch::kFloat64).to(torch::kBFloat16)},
                               {"i", torch::tensor(std::vector<int64_t>{7, -8}, torch::kInt64)}});
    const auto file = io::SafetensorsFile::open(path);
    const auto expected = torch::tensor(values, torch::kFloat64).to(torch::kFloat32);  // all exact in both
    for (const char* name : {"h", "bf"}) {
        const auto t = readTensor(*file, name, torch::kFloat32);
        EXPECT_EQ(t.scalar_type(), torch::kFloat32) << name;
        EXPECT_TRUE(torch::equal(t, expected)) << name << ": " << t;
    }
    // Integer tensors keep their own type whatever float type is asked for.
    const auto i = readTensor(*file, "i", torch::kFloat32);
    EXPECT_EQ(i.scalar_type(), torch::kInt64);
    EXPECT_EQ(i[1].item<int64_t>(), -8);
}

TEST(SafetensorsFormat, MetadataRoundTrips) {
    TempDir dir("st-meta");
    const auto path = dir.path() / "t.safetensors";
    const std::map<std::string, std::string> metadata{{"format", "pt"}, {"note", "ünïcode \"quoted\""}};
    io::saveSafetensors(path, {{"x", f32({1, 2})}}, metadata);
    EXPECT_EQ(io::SafetensorsFile::open(path)->metadata(), metadata);
    // The metadata block is not a tensor.
    EXPECT_EQ(io::SafetensorsFile::open(path)->entries().size(), 1u);
}

TEST(SafetensorsFormat, HeaderIsPaddedToEightBytesSoDataIsAligned) {
    TempDir dir("st-pad");
    // Names of several lengths, so that an unpadded header would be misaligned at least once.
    for (const std::string name : {"a", "ab", "abc", "abcd", "abcde", "abcdef", "abcdefg"}) {
        const auto path = dir.path() / (name + ".safetensors");
        io::saveSafetensors(path, {{name, torch::arange(3, torch::kFloat64)}});
        const auto bytes = readBytes(path);
        const auto n = headerLength(bytes);
        EXPECT_EQ(n % 8, 0u) << name;
        EXPECT_EQ(bytes.size(), 8 + n + 3 * sizeof(double)) << name;
        // The padding is spaces after the JSON, which still parses.
        EXPECT_TRUE(json::parse(bytes.substr(8, n)).contains(name)) << name;
        const auto t = readTensor(*io::SafetensorsFile::open(path), name, torch::kFloat64);
        EXPECT_EQ(reinterpret_cast<uintptr_t>(t.data_ptr()) % alignof(double), 0u) << name;
        EXPECT_TRUE(torch::equal(t, torch::arange(3, torch::kFloat64))) << name;
    }
}

TEST(SafetensorsFormat, TensorInStoredDtypeSharesTheMappingAndWritesDoNotReachTheFile) {
    TempDir dir("st-cow");
    const auto path = dir.path() / "t.safetensors";
    io::saveSafetensors(path, {{"v", f32({9, 9})}, {"w", f32({1, 2, 3, 4})}});
    const auto before = readBytes(path);

    const auto file = io::SafetensorsFile::open(path);
    auto first = readTensor(*file, "w", torch::kFloat32);
    const auto second = readTensor(*file, "w", torch::kFloat32);
    // No copy: both reads view the same mapped bytes, laid out as in the file.
    EXPECT_EQ(first.data_ptr(), second.data_ptr());
    const auto v = readTensor(*file, "v", torch::kFloat32);
    EXPECT_EQ(static_cast<const char*>(first.data_ptr()) - static_cast<const char*>(v.data_ptr()),
              static_cast<std::ptrdiff_t>(file->find("w")->begin - file->find("v")->begin));
    // A converted read is a copy.
    EXPECT_NE(readTensor(*file, "w", torch::kFloat64).data_ptr(), first.data_ptr());

    first.mul_(10);  // in place, e.g. a LoRA merge
    EXPECT_TRUE(torch::equal(second, f32({10, 20, 30, 40})));  // same private pages
    EXPECT_EQ(readBytes(path), before);                         // the file is untouched
    EXPECT_TRUE(torch::equal(readTensor(*io::SafetensorsFile::open(path), "w", torch::kFloat32), f32({1, 2, 3, 4})));
}

TEST(SafetensorsFormat, TensorKeepsTheMappingAliveAfterTheFileObjectIsDropped) {
    TempDir dir("st-alive");
    const auto path = dir.path() / "t.safetensors";
    io::saveSafetensors(path, {{"w", torch::arange(1000, torch::kFloat32)}});
    torch::Tensor t;
    {
        auto file = io::SafetensorsFile::open(path);
        t = readTensor(*file, "w", torch::kFloat32);
    }
    EXPECT_TRUE(torch::equal(t, torch::arange(1000, torch::kFloat32)));
}

// ---------------------------------------------------------------------------------------------
// 2. safetensors bad input

TEST(SafetensorsBadInput, MissingFileNamesTheFile) {
    TempDir dir("st-missing");
    const auto path = dir.path() / "nope.safetensors";
    const auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "cannot be opened");
}

TEST(SafetensorsBadInput, FileShorterThanTheLengthPrefixIsRejected) {
    TempDir dir("st-short");
    const auto path = dir.path() / "short.safetensors";
    writeBytes(path, std::string("\x05\x00\x00", 3));
    const auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "only 3 bytes");
}

TEST(SafetensorsBadInput, HeaderLengthLargerThanTheFileIsRejected) {
    TempDir dir("st-hlen");
    const auto path = dir.path() / "h.safetensors";
    writeRawSafetensors(path, "{}", "", 4096);
    const auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "header length is larger than the file");
    // Also when the length is absurd (would overflow 8 + n).
    writeRawSafetensors(path, "{}", "", std::numeric_limits<uint64_t>::max() - 2);
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "header length is larger");
}

TEST(SafetensorsBadInput, HeaderThatIsNotJsonIsRejected) {
    TempDir dir("st-json");
    const auto path = dir.path() / "j.safetensors";
    writeRawSafetensors(path, "{\"a\": {\"dtype\": \"F32\",", "");
    auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "JSON header does not parse");

    writeRawSafetensors(path, "[1, 2]", "");
    message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "not a JSON object");

    writeRawSafetensors(path, R"({"a": {"dtype": "F32", "shape": [1]}})", std::string(4, '\0'));
    message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, "tensor 'a' has a malformed header entry");
}

TEST(SafetensorsBadInput, TruncatedDataIsRejectedNamingTheTensor) {
    TempDir dir("st-trunc");
    const auto path = dir.path() / "t.safetensors";
    io::saveSafetensors(path, {{"first", f32({1, 2})}, {"last", f32({3, 4, 5, 6})}});
    auto bytes = readBytes(path);
    bytes.resize(bytes.size() - 4);  // a download cut short
    writeBytes(path, bytes);
    const auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "'last'");
    EXPECT_CONTAINS(message, "F32 [4]");
    EXPECT_CONTAINS(message, "truncated?");
}

TEST(SafetensorsBadInput, DataOffsetsThatDoNotMatchTheShapeAreRejected) {
    TempDir dir("st-offsets");
    const auto path = dir.path() / "o.safetensors";
    // [2, 2] F32 needs 16 bytes; the header gives 12.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [2, 2], "data_offsets": [0, 12]}})", std::string(16, '\0'));
    auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "'w' (F32 [2, 2]) has data offsets that do not fit its shape");
    // End before begin.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [8, 4]}})", std::string(16, '\0'));
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "'w' (F32 [1]) has data offsets");
    // Offsets past the data section.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [2], "data_offsets": [16, 24]}})", std::string(16, '\0'));
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "'w' (F32 [2]) has data offsets");
    // Three offsets.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [1], "data_offsets": [0, 4, 8]}})", std::string(16, '\0'));
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "'w' has malformed data_offsets");
    // A negative dimension.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [-1, 4], "data_offsets": [0, 16]}})", std::string(16, '\0'));
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "'w' has a negative dimension");
}

TEST(SafetensorsBadInput, ShapeWhoseByteCountOverflowsIsRejected) {
    TempDir dir("st-overflow");
    const auto path = dir.path() / "o.safetensors";
    // 2^62 * 4 elements wrap to 0 in 64 bits, which would "match" empty data offsets.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [4611686018427387904, 4], "data_offsets": [0, 0]}})",
                        std::string(8, '\0'));
    auto message = errorOf([&] { io::SafetensorsFile::open(path); });
    EXPECT_CONTAINS(message, path.string());
    EXPECT_CONTAINS(message, "'w' has a shape [4611686018427387904, 4] too large for any file");
    // 2^62 F32 elements: the element count fits, the byte count (x4) wraps to 0.
    writeRawSafetensors(path, R"({"w": {"dtype": "F32", "shape": [4611686018427387904], "data_offsets": [0, 0]}})",
                        std::string(8, '\0'));
    EXPECT_CONTAINS(errorOf([&] { io::SafetensorsFile::open(path); }), "too large for any file");
}

TEST(SafetensorsBadInput, UnsupportedDtypeIsNamedWithTheFile) {
    TempDir dir("st-dtype");
    const auto path = dir.path() / "d.safetensors";
    for (const std::string dtype : {"F8_E4M3", "C64"}) {
        writeRawSafetensors(path, R"({"w": {"dtype": ")" + dtype + R"(", "shape": [4], "data_offsets": [0, 4]}})",
                            std::string(8, '\0'));
        const auto message = errorOf([&] { io::SafetensorsFile::open(path); });
        EXPECT_CONTAINS(message, path.string()) << dtype;
        EXPECT_CONTAINS(message, "stores a tensor as " + dtype) << dtype;
        EXPECT_CONTAINS(message, "F32, F16 or BF16") << dtype;  // the fix
    }
}

TEST(SafetensorsBadInput, SavingAnUnsupportedDtypeIsAClearError) {
    TempDir dir("st-save-dtype");
    const auto message = errorOf([&] {
        io::saveSafetensors(dir.path() / "c.safetensors", {{"c", torch::zeros({2}, torch::kComplexFloat)}});
    });
    EXPECT_CONTAINS(message, "cannot be stored in safetensors");
    EXPECT_FALSE(fs::exists(dir.path() / "c.safetensors"));
}

// ---------------------------------------------------------------------------------------------
// 3. WeightStore

class ShardedStore : public ::testing::Test {
protected:
    void SetUp() override {
        io::saveSafetensors(dir_.path() / "model-00001-of-00002.safetensors",
                            {{"gen_embed.weight", f32({1, 2, 3, 4, 5, 6}).reshape({3, 2})}, {"a.bias", f32({7, 8})}});
        io::saveSafetensors(dir_.path() / "model-00002-of-00002.safetensors",
                            {{"b.weight", torch::arange(12, torch::kFloat32).reshape({3, 4})}});
        writeJson(dir_.path() / "model.safetensors.index.json",
                  {{"metadata", {{"total_size", 80}}},
                   {"weight_map",
                    {{"gen_embed.weight", "model-00001-of-00002.safetensors"},
                     {"a.bias", "model-00001-of-00002.safetensors"},
                     {"b.weight", "model-00002-of-00002.safetensors"}}}});
    }
    TempDir dir_{"ws-sharded"};
};

TEST_F(ShardedStore, ReadsEveryTensorOfEveryShard) {
    model::WeightStore store(dir_.path(), strictOptions());
    EXPECT_TRUE(store.has("gen_embed.weight"));
    EXPECT_TRUE(store.has("b.weight"));
    EXPECT_EQ(store.shapeOf("b.weight"), (std::vector<int64_t>{3, 4}));
    EXPECT_EQ(store.storedBytes(), 80u);  // (6 + 2 + 12) floats
    EXPECT_TRUE(torch::equal(store.take("gen_embed.weight", {3, 2}), f32({1, 2, 3, 4, 5, 6}).reshape({3, 2})));
    EXPECT_TRUE(torch::equal(store.take("a.bias", {2}), f32({7, 8})));
    EXPECT_TRUE(torch::equal(store.take("b.weight", {3, 4}), torch::arange(12, torch::kFloat32).reshape({3, 4})));
    EXPECT_TRUE(store.unexpectedKeys().empty());
    EXPECT_TRUE(store.missingKeys().empty());
    EXPECT_FALSE(store.hfLayout());
    EXPECT_EQ(store.storedDtypeCounts(), (std::map<std::string, int64_t>{{"F32", 20}}));
}

TEST_F(ShardedStore, IndexNamingAMissingShardIsAnErrorNamingTheShard) {
    fs::remove(dir_.path() / "model-00002-of-00002.safetensors");
    const auto message = errorOf([&] { model::WeightStore(dir_.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "model-00002-of-00002.safetensors");
    EXPECT_CONTAINS(message, "model.safetensors.index.json");
    EXPECT_CONTAINS(message, "missing");
}

TEST_F(ShardedStore, MalformedIndexIsAnErrorNamingTheIndex) {
    writeText(dir_.path() / "model.safetensors.index.json", "{\"weight_map\": ");
    auto message = errorOf([&] { model::WeightStore(dir_.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "model.safetensors.index.json is not valid JSON");

    writeJson(dir_.path() / "model.safetensors.index.json", {{"metadata", json::object()}});
    message = errorOf([&] { model::WeightStore(dir_.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "has no \"weight_map\" object");

    writeJson(dir_.path() / "model.safetensors.index.json", {{"weight_map", {{"a.bias", 3}}}});
    message = errorOf([&] { model::WeightStore(dir_.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "model.safetensors.index.json");
    EXPECT_CONTAINS(message, "a.bias");
}

TEST(WeightStoreFiles, DirectoryWithoutSafetensorsIsAnError) {
    TempDir dir("ws-empty");
    writeText(dir.path() / "pytorch_model.bin", "not read");
    const auto message = errorOf([&] { model::WeightStore(dir.path(), strictOptions()); });
    EXPECT_CONTAINS(message, dir.path().string());
    EXPECT_CONTAINS(message, "has no .safetensors weights");
    EXPECT_CONTAINS(message, "convert_janus_checkpoint.py");
}

TEST(WeightStoreFiles, TensorPresentInTwoFilesIsAnErrorNamingTensorAndFiles) {
    TempDir dir("ws-dup");
    io::saveSafetensors(dir.path() / "a.safetensors", {{"x.weight", f32({1})}});
    io::saveSafetensors(dir.path() / "b.safetensors", {{"x.weight", f32({2})}});
    const auto message = errorOf([&] { model::WeightStore(dir.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "x.weight");
    EXPECT_CONTAINS(message, "a.safetensors");
    EXPECT_CONTAINS(message, "b.safetensors");
}

TEST(WeightStoreFiles, SameTensorUnderBothKeyLayoutsIsADuplicate) {
    TempDir dir("ws-dup-layouts");
    io::saveSafetensors(dir.path() / "model.safetensors",
                        {{"lm_head.weight", f32({1})}, {"language_model.lm_head.weight", f32({2})}});
    const auto message = errorOf([&] { model::WeightStore(dir.path(), strictOptions()); });
    EXPECT_CONTAINS(message, "language_model.lm_head.weight is stored twice");
    EXPECT_CONTAINS(message, "as lm_head.weight in model.safetensors");
}

std::map<std::string, torch::Tensor> smallTensors() {
    return {{"a.weight", torch::ones({3, 4})},
            {"b.weight", torch::ones({2, 2})},
            {"c.bias", torch::ones({5})},
            {"vision_model.tower.w", torch::ones({7})}};
}

TEST(WeightStoreTake, StrictTakeOfAMissingKeyNamesKeyAndExpectedShape) {
    model::WeightStore store(smallTensors(), strictOptions());
    const auto message = errorOf([&] { store.take("gen_head.vision_head.weight", {16384, 4096}); });
    EXPECT_CONTAINS(message, "no tensor gen_head.vision_head.weight");
    EXPECT_CONTAINS(message, "[16384, 4096]");
    EXPECT_CONTAINS(message, "config.json");
}

TEST(WeightStoreTake, StrictTakeWithTheWrongShapeNamesKeyAndBothShapes) {
    TempDir dir("ws-shape");
    io::saveSafetensors(dir.path() / "model.safetensors", {{"a.weight", torch::zeros({3, 4})}});
    model::WeightStore store(dir.path(), strictOptions());
    const auto message = errorOf([&] { store.take("a.weight", {4, 3}); });
    EXPECT_CONTAINS(message, "a.weight");
    EXPECT_CONTAINS(message, dir.path().string());
    EXPECT_CONTAINS(message, "has shape [3, 4]");
    EXPECT_CONTAINS(message, "needs [4, 3]");
}

TEST(WeightStoreTake, SurveyModeRecordsProblemsAndStandsInZerosOfTheExpectedShape) {
    auto options = surveyOptions();
    options.dtype = torch::kBFloat16;
    model::WeightStore store(smallTensors(), options);
    store.ignorePrefix("vision_model.");

    const auto missing = store.take("d.weight", {2, 3});
    EXPECT_EQ(missing.sizes().vec(), (std::vector<int64_t>{2, 3}));
    EXPECT_EQ(missing.scalar_type(), torch::kBFloat16);
    EXPECT_EQ(missing.abs().sum().item<float>(), 0.0f);

    const auto mismatched = store.take("a.weight", {4, 3});
    EXPECT_EQ(mismatched.sizes().vec(), (std::vector<int64_t>{4, 3}));
    EXPECT_EQ(mismatched.abs().sum().item<float>(), 0.0f);

    EXPECT_TRUE(torch::equal(store.take("c.bias", {5}), torch::ones({5}, torch::kBFloat16)));

    EXPECT_EQ(store.missingKeys(), std::vector<std::string>{"d.weight"});
    ASSERT_EQ(store.shapeMismatches().size(), 1u);
    EXPECT_EQ(store.shapeMismatches()[0].key, "a.weight");
    EXPECT_EQ(store.shapeMismatches()[0].expected, (std::vector<int64_t>{4, 3}));
    EXPECT_EQ(store.shapeMismatches()[0].found, (std::vector<int64_t>{3, 4}));
    // A mismatched tensor was asked for, so it is not also "unexpected".
    EXPECT_EQ(store.unexpectedKeys(), std::vector<std::string>{"b.weight"});
    EXPECT_EQ(store.ignoredKeys(), std::vector<std::string>{"vision_model.tower.w"});
}

TEST(WeightStoreTake, ProgressRisesMonotonicallyToOne) {
    TempDir dir("ws-progress");
    io::saveSafetensors(dir.path() / "model.safetensors",
                        {{"a", torch::zeros({100})}, {"b", torch::zeros({10})}, {"c", torch::zeros({1000})}});
    std::vector<double> seen;
    auto options = strictOptions();
    options.progress = [&](double f) { seen.push_back(f); };
    model::WeightStore store(dir.path(), options);
    (void)store.take("b", {10});
    (void)store.take("c", {1000});
    (void)store.take("a", {100});
    ASSERT_EQ(seen.size(), 3u);
    EXPECT_NEAR(seen[0], 10.0 / 1110.0, 1e-12);
    EXPECT_NEAR(seen[1], 1010.0 / 1110.0, 1e-12);
    EXPECT_DOUBLE_EQ(seen[2], 1.0);
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GT(seen[i], seen[i - 1]);
}

TEST(WeightStoreTake, SetCancelFlagThrowsLoadCancelled) {
    std::atomic<bool> cancel{false};
    auto options = strictOptions();
    options.cancel = &cancel;
    model::WeightStore store(smallTensors(), options);
    EXPECT_NO_THROW((void)store.take("a.weight", {3, 4}));
    cancel = true;
    EXPECT_THROW((void)store.take("b.weight", {2, 2}), model::LoadCancelled);
    EXPECT_THROW((void)store.takeAnyShape("c.bias"), model::LoadCancelled);
}

TEST(WeightStoreTake, FloatTensorsAreConvertedToTheStoreDtypeAndIntegersAreNot) {
    TempDir dir("ws-dtype");
    io::saveSafetensors(dir.path() / "model.safetensors",
                        {{"w", f32({1.0f, 1.00390625f /* rounds to 1 in bf16 */, -2.5f})},
                         {"h", torch::tensor(std::vector<double>{0.5, 3.0}, torch::kFloat64).to(torch::kFloat16)},
                         {"ids", torch::tensor(std::vector<int64_t>{5, 6}, torch::kInt64)}});
    auto options = strictOptions();
    options.dtype = torch::kBFloat16;
    model::WeightStore store(dir.path(), options);
    const auto w = store.take("w", {3});
    EXPECT_EQ(w.scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(w.to(torch::kFloat32), f32({1.0f, 1.0f, -2.5f})));
    const auto h = store.take("h", {2});
    EXPECT_EQ(h.scalar_type(), torch::kBFloat16);
    EXPECT_TRUE(torch::equal(h.to(torch::kFloat32), f32({0.5f, 3.0f})));
    const auto ids = store.takeAnyShape("ids");
    EXPECT_EQ(ids.scalar_type(), torch::kInt64);
    EXPECT_EQ(ids[1].item<int64_t>(), 6);
}

// ---------------------------------------------------------------------------------------------
// 4. Hugging Face key layout

TEST(HfLayout, CanonicalWeightNameMapsEveryGenerationRuleOfModelSpec72) {
    const std::vector<std::pair<std::string, std::string>> cases{
        {"model.language_model.embed_tokens.weight", "language_model.model.embed_tokens.weight"},
        {"model.language_model.layers.17.self_attn.q_proj.weight", "language_model.model.layers.17.self_attn.q_proj.weight"},
        {"model.language_model.norm.weight", "language_model.model.norm.weight"},
        {"lm_head.weight", "language_model.lm_head.weight"},
        {"model.generation_embeddings.weight", "gen_embed.weight"},
        {"model.generation_aligner.fc1.weight", "gen_aligner.layers.0.weight"},
        {"model.generation_aligner.fc1.bias", "gen_aligner.layers.0.bias"},
        {"model.generation_aligner.hidden_layers.0.weight", "gen_aligner.layers.2.weight"},
        {"model.generation_aligner.hidden_layers.0.bias", "gen_aligner.layers.2.bias"},
        {"model.generation_head.proj_out.weight", "gen_head.output_mlp_projector.weight"},
        {"model.generation_head.proj_out.bias", "gen_head.output_mlp_projector.bias"},
        {"model.generation_head.vision_head.weight", "gen_head.vision_head.weight"},
        {"model.generation_head.vision_head.bias", "gen_head.vision_head.bias"},
        {"model.vqmodel.encoder.conv_in.weight", "gen_vision_model.encoder.conv_in.weight"},
        {"model.vqmodel.encoder.down.0.block.1.conv1.weight", "gen_vision_model.encoder.conv_blocks.0.res.1.conv1.weight"},
        {"model.vqmodel.encoder.down.3.block.0.nin_shortcut.bias",
         "gen_vision_model.encoder.conv_blocks.3.res.0.nin_shortcut.bias"},
        {"model.vqmodel.encoder.down.4.attn.1.proj_out.weight", "gen_vision_model.encoder.conv_blocks.4.attn.1.proj_out.weight"},
        {"model.vqmodel.encoder.down.2.downsample.conv.weight", "gen_vision_model.encoder.conv_blocks.2.downsample.conv.weight"},
        {"model.vqmodel.encoder.mid.block_1.norm1.weight", "gen_vision_model.encoder.mid.0.norm1.weight"},
        {"model.vqmodel.encoder.mid.attn_1.q.weight", "gen_vision_model.encoder.mid.1.q.weight"},
        {"model.vqmodel.encoder.mid.block_2.conv2.bias", "gen_vision_model.encoder.mid.2.conv2.bias"},
        {"model.vqmodel.quant_conv.weight", "gen_vision_model.quant_conv.weight"},
        {"model.vqmodel.quantize.embedding.weight", "gen_vision_model.quantize.embedding.weight"},
        {"model.vqmodel.post_quant_conv.bias", "gen_vision_model.post_quant_conv.bias"},
        {"model.vqmodel.decoder.mid.block_2.norm2.bias", "gen_vision_model.decoder.mid.2.norm2.bias"},
        {"model.vqmodel.decoder.up.0.block.2.conv1.weight", "gen_vision_model.decoder.conv_blocks.0.res.2.conv1.weight"},
        {"model.vqmodel.decoder.up.0.attn.2.k.bias", "gen_vision_model.decoder.conv_blocks.0.attn.2.k.bias"},
        {"model.vqmodel.decoder.up.3.upsample.conv.weight", "gen_vision_model.decoder.conv_blocks.3.upsample.conv.weight"},
        {"model.vqmodel.decoder.norm_out.weight", "gen_vision_model.decoder.norm_out.weight"},
        // Understanding parts only need a prefix that the model ignores.
        {"model.vision_model.encoder.layers.0.self_attn.q_proj.weight", "vision_model.encoder.layers.0.self_attn.q_proj.weight"},
        {"model.aligner.fc1.weight", "aligner.fc1.weight"},
    };
    for (const auto& [hf, original] : cases) EXPECT_EQ(model::canonicalWeightName(hf), original) << hf;
}

TEST(HfLayout, OriginalNamesAreLeftAlone) {
    for (const std::string key : {"language_model.model.layers.0.mlp.up_proj.weight", "language_model.lm_head.weight",
                                  "gen_embed.weight", "gen_aligner.layers.2.bias", "gen_head.vision_head.weight",
                                  "gen_vision_model.decoder.conv_blocks.0.res.0.conv1.weight",
                                  "gen_vision_model.encoder.mid.1.proj_out.weight",
                                  "vision_model.vision_tower.blocks.0.attn.qkv.weight"})
        EXPECT_EQ(model::canonicalWeightName(key), key);
}

// The inverse of canonicalWeightName, written from the rules of the HF converter
// (convert_janus_weights_to_hf.py, model-spec 7.2); empty for keys the converter drops.
std::string toHfName(const std::string& key) {
    const auto replacePrefix = [&](const std::string& from, const std::string& to) -> std::optional<std::string> {
        if (key.rfind(from, 0) != 0) return std::nullopt;
        return to + key.substr(from.size());
    };
    if (key == "language_model.lm_head.weight") return "lm_head.weight";
    if (auto k = replacePrefix("language_model.model.", "model.language_model.")) return *k;
    if (auto k = replacePrefix("gen_embed.", "model.generation_embeddings.")) return *k;
    if (auto k = replacePrefix("gen_aligner.layers.0.", "model.generation_aligner.fc1.")) return *k;
    if (auto k = replacePrefix("gen_aligner.layers.2.", "model.generation_aligner.hidden_layers.0.")) return *k;
    if (auto k = replacePrefix("gen_head.output_mlp_projector.", "model.generation_head.proj_out.")) return *k;
    if (auto k = replacePrefix("gen_head.", "model.generation_head.")) return *k;
    if (key == "gen_vision_model.quantize.codebook_used") return "";
    if (auto k = replacePrefix("gen_vision_model.", "model.vqmodel.")) {
        std::string s = *k;
        s = std::regex_replace(s, std::regex(R"(\.decoder\.conv_blocks\.)"), ".decoder.up.");
        s = std::regex_replace(s, std::regex(R"(\.encoder\.conv_blocks\.)"), ".encoder.down.");
        s = std::regex_replace(s, std::regex(R"(\.res\.)"), ".block.");
        s = std::regex_replace(s, std::regex(R"(\.mid\.0\.)"), ".mid.block_1.");
        s = std::regex_replace(s, std::regex(R"(\.mid\.1\.)"), ".mid.attn_1.");
        s = std::regex_replace(s, std::regex(R"(\.mid\.2\.)"), ".mid.block_2.");
        return s;
    }
    throw std::runtime_error("no HF name for " + key);
}

torch::Tensor textLogits(const model::JanusModel& m, const std::vector<int64_t>& ids) {
    torch::NoGradGuard noGrad;
    const auto& d = m.decoder();
    const auto t = torch::tensor(ids, torch::kInt64).view({1, -1});
    auto cache = d.makeCache(1, t.size(1));
    return d.textLogits(d.forward(d.embed(t), cache, torch::ones_like(t, torch::kBool)));
}

TEST(HfLayout, TinyModelRenamedToTheHfLayoutLoadsToTheSameModel) {
    torch::NoGradGuard noGrad;
    TempDir original("hf-original");
    TempDir hf("hf-renamed");
    testing::writeTinyModel(original.path());

    // Rename every tensor to its HF name, checking the rename is one-to-one and undone exactly.
    const auto file = io::SafetensorsFile::open(original.path() / "model.safetensors");
    std::vector<std::pair<std::string, torch::Tensor>> renamed;
    std::set<std::string> hfNames;
    size_t vqKeys = 0;
    for (const auto& entry : file->entries()) {
        const auto hfName = toHfName(entry.name);
        if (hfName.empty()) continue;
        EXPECT_NE(hfName, entry.name);
        EXPECT_TRUE(hfNames.insert(hfName).second) << hfName;
        EXPECT_EQ(model::canonicalWeightName(hfName), entry.name) << hfName;
        vqKeys += hfName.rfind("model.vqmodel.", 0) == 0;
        renamed.emplace_back(hfName, file->read(entry, torch::kFloat32).clone());
    }
    EXPECT_GT(vqKeys, 50u);  // the VQ model is there, with encoder, mid and decoder blocks
    EXPECT_TRUE(hfNames.count("model.vqmodel.decoder.mid.attn_1.q.weight"));
    EXPECT_TRUE(hfNames.count("model.vqmodel.encoder.down.0.block.0.conv1.weight"));
    io::saveSafetensors(hf.path() / "model.safetensors", renamed);
    fs::copy_file(original.path() / "config.json", hf.path() / "config.json");
    fs::copy_file(original.path() / "tokenizer.json", hf.path() / "tokenizer.json");

    const auto a = model::JanusModel::load(original.path(), {});
    const auto b = model::JanusModel::load(hf.path(), {});
    EXPECT_FALSE(a->loadReport().hfLayout);
    EXPECT_TRUE(b->loadReport().hfLayout);
    EXPECT_TRUE(b->loadReport().unexpectedKeys.empty());
    EXPECT_TRUE(b->loadReport().missingKeys.empty());
    EXPECT_EQ(a->parameterCount(), b->parameterCount());

    const std::vector<int64_t> ids{707, 12, 345, 99, 710, 3};
    const auto la = textLogits(*a, ids);
    EXPECT_EQ(la.sizes().vec(), (std::vector<int64_t>{1, 6, 768}));
    EXPECT_GT(la.std().item<float>(), 0.0f);
    EXPECT_TRUE(torch::equal(la, textLogits(*b, ids)));

    // The generation adapters and the VQ decoder come out identical too.
    const auto codes = torch::tensor(std::vector<int64_t>{0, 5, 63, 17}, torch::kInt64);
    EXPECT_TRUE(torch::equal(a->adapters().embedImageTokens(codes.view({1, 4})),
                             b->adapters().embedImageTokens(codes.view({1, 4}))));
    ASSERT_NE(a->vq(), nullptr);
    ASSERT_NE(b->vq(), nullptr);
    const auto grid = torch::arange(16, torch::kInt64).view({1, 4, 4});
    EXPECT_TRUE(torch::equal(a->vq()->decode(grid), b->vq()->decode(grid)));
}

// ---------------------------------------------------------------------------------------------
// 5. config.json

json janusPro7BHubConfig() {
    // As published in deepseek-ai/Janus-Pro-7B (model-spec 1.1): language_config gives only what
    // differs from the LlamaConfig defaults.
    return json::parse(R"({
      "aligner_config": {"cls": "MlpProjector", "model_type": "aligner",
                         "params": {"depth": 2, "input_dim": 1024, "n_embed": 4096, "projector_type": "mlp_gelu"}},
      "architectures": ["MultiModalityCausalLM"],
      "gen_aligner_config": {"cls": "MlpProjector", "model_type": "gen_aligner",
                             "params": {"depth": 2, "input_dim": 8, "n_embed": 4096, "projector_type": "mlp_gelu"}},
      "gen_head_config": {"cls": "vision_head", "model_type": "gen_head",
                          "params": {"image_token_embed": 4096, "image_token_size": 16384, "n_embed": 4096}},
      "gen_vision_config": {"cls": "VQ-16", "model_type": "gen_vision",
                            "params": {"image_token_size": 16384, "n_embed": 8}},
      "language_config": {"max_position_embeddings": 16384, "model_type": "llama", "num_hidden_layers": 30,
                          "torch_dtype": "bfloat16", "vocab_size": 102400},
      "model_type": "multi_modality",
      "torch_dtype": "bfloat16",
      "transformers_version": "4.33.1",
      "vision_config": {"cls": "CLIPVisionTower", "model_type": "vision",
                        "params": {"image_size": 384, "model_name": "siglip_large_patch16_384",
                                   "select_feature": "same", "select_layer": -1}}
    })");
}

json janusPro1BHubConfig() {
    auto j = janusPro7BHubConfig();
    j["aligner_config"]["params"]["n_embed"] = 2048;
    j["gen_aligner_config"]["params"]["n_embed"] = 2048;
    j["gen_head_config"]["params"] = {{"image_token_embed", 2048}, {"image_token_size", 16384}, {"n_embed", 2048}};
    j["language_config"] = {{"hidden_size", 2048},        {"intermediate_size", 5632},   {"max_position_embeddings", 16384},
                            {"model_type", "llama"},      {"num_attention_heads", 16},   {"num_hidden_layers", 24},
                            {"num_key_value_heads", 16},  {"torch_dtype", "bfloat16"},   {"vocab_size", 102400}};
    return j;
}

json janusPro1BHfConfig() {
    // A transformers JanusConfig as saved by convert_janus_weights_to_hf.py (model-spec 7.1).
    return json::parse(R"({
      "architectures": ["JanusForConditionalGeneration"],
      "image_token_id": 100581,
      "model_type": "janus",
      "torch_dtype": "bfloat16",
      "text_config": {"model_type": "llama", "hidden_size": 2048, "intermediate_size": 5632,
                      "num_hidden_layers": 24, "num_attention_heads": 16, "num_key_value_heads": 16,
                      "head_dim": 128, "max_position_embeddings": 16384, "vocab_size": 102400,
                      "rms_norm_eps": 1e-06, "rope_theta": 10000.0, "rope_scaling": null,
                      "bos_token_id": 100000, "eos_token_id": 100001, "pad_token_id": 100015},
      "vision_config": {"model_type": "janus_vision_model", "hidden_size": 1024, "image_size": 384,
                        "patch_size": 16, "num_hidden_layers": 24, "projection_dim": 2048, "depth": 2},
      "vq_config": {"model_type": "janus_vqgan", "embed_dim": 8, "num_embeddings": 16384,
                    "latent_channels": 256, "base_channels": 128, "channel_multiplier": [1, 1, 2, 2, 4],
                    "num_res_blocks": 2, "projection_dim": 2048, "num_hidden_layers": 2,
                    "image_token_embed_dim": 2048, "num_patches": 24}
    })");
}

model::ModelConfig parse(const json& j) { return model::parseModelConfig(j, "test/config.json"); }

TEST(ModelConfigFile, OurSchemaRoundTripsThroughToJson) {
    auto c = testing::tinyConfig();
    c.family = "uni-adgen";
    c.language.rmsNormEps = 1e-5;
    c.language.ropeTheta = 500000.0;
    c.tokens.pad = "<pad>";
    c.chat.systemPrompt = "You are a helpful assistant.";
    c.defaults.cfgWeight = 4.5;
    c.defaults.textTopK = 7;
    c.defaults.maxNewTokens = 99;

    const auto back = parse(model::toJson(c));
    EXPECT_EQ(back.kind, model::ModelConfig::Kind::AdGen);
    EXPECT_EQ(back.name, c.name);
    EXPECT_EQ(back.family, "uni-adgen");
    const auto& l = back.language;
    EXPECT_EQ(l.hiddenSize, 64);
    EXPECT_EQ(l.numLayers, 2);
    EXPECT_EQ(l.numHeads, 4);
    EXPECT_EQ(l.numKvHeads, 2);
    EXPECT_EQ(l.headDim, 16);
    EXPECT_EQ(l.intermediateSize, 128);
    EXPECT_EQ(l.vocabSize, 768);
    EXPECT_EQ(l.maxPositions, 512);
    EXPECT_DOUBLE_EQ(l.rmsNormEps, 1e-5);
    EXPECT_DOUBLE_EQ(l.ropeTheta, 500000.0);
    EXPECT_EQ(back.generation.imageTokenSize, 64);
    EXPECT_EQ(back.generation.codeDim, 8);
    EXPECT_EQ(back.generation.imageTokenEmbed, 64);
    EXPECT_EQ(back.generation.gridSize, 4);
    EXPECT_EQ(back.vq.codebookSize, 64);
    EXPECT_EQ(back.vq.zChannels, 32);
    EXPECT_EQ(back.vq.baseChannels, 32);
    EXPECT_EQ(back.vq.channelMultipliers, (std::vector<int64_t>{1, 2}));
    EXPECT_EQ(back.vq.numResBlocks, 1);
    EXPECT_EQ(back.tokens.pad, "<pad>");
    EXPECT_EQ(back.tokens.beginOfImage, "<begin_of_image>");
    EXPECT_EQ(back.chat.systemPrompt, "You are a helpful assistant.");
    EXPECT_EQ(back.chat.separator, "\n\n");
    EXPECT_DOUBLE_EQ(back.defaults.cfgWeight, 4.5);
    EXPECT_EQ(back.defaults.textTopK, 7);
    EXPECT_EQ(back.defaults.maxNewTokens, 99);
    // And the JSON itself is a fixed point.
    EXPECT_EQ(model::toJson(back), model::toJson(c));
}

TEST(ModelConfigFile, JanusPro7BHubConfigGetsLlamaDefaultsForWhatItLeavesOut) {
    const auto c = parse(janusPro7BHubConfig());
    EXPECT_EQ(c.kind, model::ModelConfig::Kind::JanusHub);
    EXPECT_EQ(c.language.hiddenSize, 4096);
    EXPECT_EQ(c.language.numLayers, 30);
    EXPECT_EQ(c.language.numHeads, 32);
    EXPECT_EQ(c.language.numKvHeads, 32);
    EXPECT_EQ(c.language.headDim, 128);
    EXPECT_EQ(c.language.intermediateSize, 11008);
    EXPECT_EQ(c.language.vocabSize, 102400);
    EXPECT_EQ(c.language.maxPositions, 16384);
    EXPECT_DOUBLE_EQ(c.language.rmsNormEps, 1e-6);
    EXPECT_DOUBLE_EQ(c.language.ropeTheta, 10000.0);
    EXPECT_EQ(c.generation.imageTokenSize, 16384);
    EXPECT_EQ(c.generation.codeDim, 8);
    EXPECT_EQ(c.generation.imageTokenEmbed, 4096);
    EXPECT_EQ(c.generation.gridSize, 24);
    EXPECT_EQ(c.generation.imageTokens(), 576);
    EXPECT_EQ(c.vq.codebookSize, 16384);
    EXPECT_EQ(c.vq.codeDim, 8);
    EXPECT_EQ(c.vq.channelMultipliers, (std::vector<int64_t>{1, 1, 2, 2, 4}));
    EXPECT_EQ(c.raw, janusPro7BHubConfig());
}

TEST(ModelConfigFile, JanusPro1BHubConfigReadsItsExplicitSizes) {
    const auto c = parse(janusPro1BHubConfig());
    EXPECT_EQ(c.kind, model::ModelConfig::Kind::JanusHub);
    EXPECT_EQ(c.language.hiddenSize, 2048);
    EXPECT_EQ(c.language.numLayers, 24);
    EXPECT_EQ(c.language.numHeads, 16);
    EXPECT_EQ(c.language.numKvHeads, 16);
    EXPECT_EQ(c.language.headDim, 128);
    EXPECT_EQ(c.language.intermediateSize, 5632);
    EXPECT_EQ(c.generation.imageTokenEmbed, 2048);
    EXPECT_EQ(c.generation.imageTokenSize, 16384);
}

TEST(ModelConfigFile, HfJanusConfigReadsTextVqAndVisionSections) {
    const auto c = parse(janusPro1BHfConfig());
    EXPECT_EQ(c.kind, model::ModelConfig::Kind::HfJanus);
    EXPECT_EQ(c.language.hiddenSize, 2048);
    EXPECT_EQ(c.language.numLayers, 24);
    EXPECT_EQ(c.language.numHeads, 16);
    EXPECT_EQ(c.language.numKvHeads, 16);
    EXPECT_EQ(c.language.headDim, 128);
    EXPECT_EQ(c.language.intermediateSize, 5632);
    EXPECT_EQ(c.language.vocabSize, 102400);
    EXPECT_EQ(c.language.maxPositions, 16384);
    EXPECT_EQ(c.vq.codeDim, 8);
    EXPECT_EQ(c.vq.codebookSize, 16384);
    EXPECT_EQ(c.vq.zChannels, 256);
    EXPECT_EQ(c.vq.baseChannels, 128);
    EXPECT_EQ(c.vq.channelMultipliers, (std::vector<int64_t>{1, 1, 2, 2, 4}));
    EXPECT_EQ(c.vq.numResBlocks, 2);
    EXPECT_EQ(c.generation.imageTokenSize, 16384);
    EXPECT_EQ(c.generation.codeDim, 8);
    EXPECT_EQ(c.generation.imageTokenEmbed, 2048);
    EXPECT_EQ(c.generation.gridSize, 24);

    // A smaller image size changes the grid (image_size / patch_size).
    auto j = janusPro1BHfConfig();
    j["vision_config"]["image_size"] = 256;
    EXPECT_EQ(parse(j).generation.gridSize, 16);
}

TEST(ModelConfigFile, LoadModelConfigReadsTheFileOfADirectory) {
    TempDir dir("cfg-load");
    writeJson(dir.path() / "config.json", janusPro7BHubConfig());
    const auto c = model::loadModelConfig(dir.path());
    EXPECT_EQ(c.kind, model::ModelConfig::Kind::JanusHub);
    EXPECT_EQ(c.language.hiddenSize, 4096);
}

TEST(ModelConfigErrors, UnknownKindSaysWhichKindsAreKnown) {
    const auto message = errorOf([] { parse({{"model_type", "llama"}, {"hidden_size", 4096}}); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "adgen-model");
    EXPECT_CONTAINS(message, "multi_modality");
    EXPECT_CONTAINS(message, "\"janus\"");
    EXPECT_CONTAINS(errorOf([] { parse(json::array({1, 2})); }), "is not a JSON object");
}

TEST(ModelConfigErrors, KindFieldOfTheWrongTypeIsAClearError) {
    auto message = errorOf([] { parse({{"format", 1}}); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "\"format\"");
    message = errorOf([] { parse({{"model_type", json::array({"janus"})}}); });
    EXPECT_CONTAINS(message, "\"model_type\"");
}

TEST(ModelConfigErrors, FieldOfTheWrongTypeIsNamedWithItsSection) {
    auto j = model::toJson(testing::tinyConfig());
    j["language"]["hidden_size"] = "64";
    auto message = errorOf([&] { parse(j); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "\"language.hidden_size\" of the wrong type (\"64\")");

    auto hub = janusPro7BHubConfig();
    hub["gen_head_config"]["params"]["image_token_size"] = json::array({16384});
    message = errorOf([&] { parse(hub); });
    EXPECT_CONTAINS(message, "\"gen_head_config.params.image_token_size\" of the wrong type");

    auto hf = janusPro1BHfConfig();
    hf["vq_config"]["channel_multiplier"] = json::array({1, "two"});
    message = errorOf([&] { parse(hf); });
    EXPECT_CONTAINS(message, "\"vq_config.channel_multiplier\" of the wrong type");
}

TEST(ModelConfigErrors, HeadsNotAMultipleOfKvHeadsIsAnError) {
    auto j = model::toJson(testing::tinyConfig());
    j["language"]["num_heads"] = 4;
    j["language"]["num_kv_heads"] = 3;
    const auto message = errorOf([&] { parse(j); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "4 attention heads and 3 key/value heads");
}

TEST(ModelConfigErrors, OddHeadDimIsAnError) {
    auto j = model::toJson(testing::tinyConfig());
    j["language"]["head_dim"] = 15;
    const auto message = errorOf([&] { parse(j); });
    EXPECT_CONTAINS(message, "odd head_dim (15)");
}

TEST(ModelConfigErrors, ZeroOrNegativeSizesAreErrorsNotCrashes) {
    auto hub = janusPro7BHubConfig();
    hub["language_config"]["num_attention_heads"] = 0;  // head_dim defaults to hidden / heads
    auto message = errorOf([&] { parse(hub); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "num_heads = 0");

    auto j = model::toJson(testing::tinyConfig());
    j["language"]["vocab_size"] = -5;
    EXPECT_CONTAINS(errorOf([&] { parse(j); }), "vocab_size = -5, which must be positive");
}

TEST(ModelConfigErrors, HiddenSizeNotDividedByHeadsWithoutHeadDimIsAnError) {
    auto hub = janusPro7BHubConfig();
    hub["language_config"]["hidden_size"] = 4100;  // 4100 / 32 heads = 128.125
    const auto message = errorOf([&] { parse(hub); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "hidden_size");
    EXPECT_CONTAINS(message, "head_dim");
}

TEST(ModelConfigErrors, RopeScalingIsRefused) {
    auto hf = janusPro1BHfConfig();
    hf["text_config"]["rope_scaling"] = {{"type", "linear"}, {"factor", 2.0}};
    const auto message = errorOf([&] { parse(hf); });
    EXPECT_CONTAINS(message, "test/config.json");
    EXPECT_CONTAINS(message, "RoPE scaling");
    EXPECT_CONTAINS(message, "\"rope_scaling\"");
}

TEST(ModelConfigErrors, MalformedJsonGivesTheParsePosition) {
    TempDir dir("cfg-malformed");
    writeText(dir.path() / "config.json", "{\n  \"format\": \"adgen-model\",\n  \"language\": {,}\n}\n");
    const auto message = errorOf([&] { model::loadModelConfig(dir.path()); });
    EXPECT_CONTAINS(message, (dir.path() / "config.json").string());
    EXPECT_CONTAINS(message, "is not valid JSON");
    EXPECT_CONTAINS(message, "line 3, column");
}

TEST(ModelConfigErrors, MissingConfigJsonNamesTheDirectory) {
    TempDir dir("cfg-missing");
    const auto message = errorOf([&] { model::loadModelConfig(dir.path()); });
    EXPECT_CONTAINS(message, dir.path().string());
    EXPECT_CONTAINS(message, "has no config.json");
}

TEST(ModelConfigErrors, OurSchemaNeedsALanguageSectionAndVersionOne) {
    auto j = model::toJson(testing::tinyConfig());
    j.erase("language");
    EXPECT_CONTAINS(errorOf([&] { parse(j); }), "has no \"language\" section");
    j = model::toJson(testing::tinyConfig());
    j["version"] = 2;
    EXPECT_CONTAINS(errorOf([&] { parse(j); }), "has version 2");
}

// ---------------------------------------------------------------------------------------------
// 6. JanusModel::load on bad directories

TEST(JanusModelLoad, WeightsSmallerThanTheConfigNameKeyBothShapesAndConfigJson) {
    TempDir dir("load-shapes");
    auto small = testing::tinyConfig();
    small.language.hiddenSize = 32;
    small.language.numHeads = 2;
    small.language.numKvHeads = 1;
    small.generation.imageTokenEmbed = 32;
    model::writeRandomModel(dir.path(), small, testing::tinyTokenizerJson(), 3);
    writeJson(dir.path() / "config.json", model::toJson(testing::tinyConfig()));  // says hidden 64

    const auto message = errorOf([&] { model::JanusModel::load(dir.path(), {}); });
    EXPECT_CONTAINS(message, "language_model.model.embed_tokens.weight");
    EXPECT_CONTAINS(message, "[768, 32]");
    EXPECT_CONTAINS(message, "[768, 64]");
    EXPECT_CONTAINS(message, "config.json");

    // Survey mode lists every mismatch instead.
    model::JanusModel::LoadOptions survey;
    survey.strict = false;
    const auto m = model::JanusModel::load(dir.path(), survey);
    EXPECT_TRUE(m->loadReport().missingKeys.empty());
    ASSERT_FALSE(m->loadReport().shapeMismatches.empty());
    EXPECT_EQ(m->loadReport().shapeMismatches[0].key, "language_model.model.embed_tokens.weight");
    EXPECT_EQ(m->loadReport().shapeMismatches[0].found, (std::vector<int64_t>{768, 32}));
    EXPECT_EQ(m->loadReport().shapeMismatches[0].expected, (std::vector<int64_t>{768, 64}));
}

TEST(JanusModelLoad, SpecialTokenMissingFromTheTokenizerIsNamed) {
    TempDir dir("load-token");
    testing::writeTinyModel(dir.path());
    auto j = readJson(dir.path() / "config.json");
    j["tokens"]["begin_of_image"] = "<no_such_image_token>";
    writeJson(dir.path() / "config.json", j);
    const auto message = errorOf([&] { model::JanusModel::load(dir.path(), {}); });
    EXPECT_CONTAINS(message, "The tokenizer has no token <no_such_image_token>");
    EXPECT_CONTAINS(message, "config.json");
}

TEST(JanusModelLoad, TokenizerLargerThanTheEmbeddingIsAnError) {
    TempDir dir("load-vocab");
    auto c = testing::tinyConfig();
    c.language.vocabSize = 715;  // the tiny tokenizer has 721 ids (its special tokens fit below 715)
    model::writeRandomModel(dir.path(), c, testing::tinyTokenizerJson(), 5);
    const auto message = errorOf([&] { model::JanusModel::load(dir.path(), {}); });
    EXPECT_CONTAINS(message, "The tokenizer has 721 tokens but the model's embedding only 715 rows");
    EXPECT_CONTAINS(message, "tokenizer.json");
}

TEST(JanusModelLoad, FailedLoadChangesNothingAndTheFixedDirectoryLoads) {
    TempDir dir("load-atomic");
    testing::writeTinyModel(dir.path());
    const auto good = readJson(dir.path() / "config.json");
    auto bad = good;
    bad["language"]["intermediate_size"] = 96;
    writeJson(dir.path() / "config.json", bad);
    const auto files = listing(dir.path());
    const auto weightsBefore = readBytes(dir.path() / "model.safetensors");

    std::unique_ptr<model::JanusModel> m;
    EXPECT_THROW(m = model::JanusModel::load(dir.path(), {}), Error);
    EXPECT_TRUE(m == nullptr);
    EXPECT_EQ(listing(dir.path()), files);  // no partial or lock files left behind
    EXPECT_EQ(readBytes(dir.path() / "model.safetensors"), weightsBefore);

    writeJson(dir.path() / "config.json", good);
    m = model::JanusModel::load(dir.path(), {});
    ASSERT_TRUE(m != nullptr);
    EXPECT_EQ(m->config().language.intermediateSize, 128);
    EXPECT_EQ(m->directory(), dir.path());
    EXPECT_GE(m->tokenIds().beginOfImage, 0);
}

TEST(JanusModelLoad, ProgressOfARealLoadEndsAtOne) {
    TempDir dir("load-progress");
    testing::writeTinyModel(dir.path());
    std::vector<double> seen;
    model::JanusModel::LoadOptions options;
    options.progress = [&](double f) { seen.push_back(f); };
    (void)model::JanusModel::load(dir.path(), options);
    ASSERT_FALSE(seen.empty());
    for (size_t i = 1; i < seen.size(); ++i) EXPECT_GE(seen[i], seen[i - 1]);
    EXPECT_DOUBLE_EQ(seen.back(), 1.0);
}

TEST(JanusModelLoad, CancelledLoadThrowsLoadCancelled) {
    TempDir dir("load-cancel");
    testing::writeTinyModel(dir.path());
    std::atomic<bool> cancel{false};
    int calls = 0;
    model::JanusModel::LoadOptions options;
    options.cancel = &cancel;
    options.progress = [&](double) {
        if (++calls == 5) cancel = true;  // the user presses Cancel part-way
    };
    EXPECT_THROW((void)model::JanusModel::load(dir.path(), options), model::LoadCancelled);
    EXPECT_EQ(calls, 5);  // nothing more was read after the flag was set
}

}  // namespace
}  // namespace adgen
