#include "model/weight_store.h"

#include "adgen/error.h"

#include <nlohmann/json.hpp>

#include <ATen/CPUGeneratorImpl.h>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <regex>

namespace adgen::model {
namespace {

bool startsWith(const std::string& s, const std::string& prefix) { return s.rfind(prefix, 0) == 0; }

// Replaces `from` by `to` once, if present.
void replaceOnce(std::string& s, const std::string& from, const std::string& to) {
    const auto pos = s.find(from);
    if (pos != std::string::npos) s.replace(pos, from.size(), to);
}

bool endsWith(const std::string& s, const std::string& suffix) {
    return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

// The weight files of one directory: the shards of model.safetensors.index.json, else every
// *.safetensors file. Throws when there are none.
std::vector<std::filesystem::path> weightFiles(const std::filesystem::path& directory) {
    namespace fs = std::filesystem;
    const auto index = directory / "model.safetensors.index.json";
    std::vector<fs::path> files;
    if (fs::exists(index)) {
        std::ifstream in(index);
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(in);
        } catch (const nlohmann::json::exception& e) {
            throw Error("The shard index " + index.string() + " is not valid JSON (" + e.what() + ").",
                        "Re-create it with the conversion tool, or remove it if the model has a single weights file.");
        }
        std::set<std::string> shardNames;
        if (!j.contains("weight_map") || !j["weight_map"].is_object())
            throw Error("The shard index " + index.string() + " has no \"weight_map\" object.",
                        "Re-create it with the conversion tool.");
        for (const auto& [key, shard] : j["weight_map"].items()) {
            if (!shard.is_string())
                throw Error("The shard index " + index.string() + " maps the tensor " + key + " to " + shard.dump() +
                                ", which is not a file name.",
                            "Re-create it with the conversion tool.");
            shardNames.insert(shard.get<std::string>());
        }
        for (const auto& name : shardNames) {
            if (!fs::exists(directory / name))
                throw Error("The model in " + directory.string() + " lists the weight shard " + name +
                                " in model.safetensors.index.json, but the file is missing.",
                            "Copy the missing shard into the model directory.");
            files.push_back(directory / name);
        }
    } else if (fs::is_directory(directory)) {
        for (const auto& e : fs::directory_iterator(directory))
            if (e.path().extension() == ".safetensors") files.push_back(e.path());
        std::sort(files.begin(), files.end());
    }
    if (files.empty())
        throw Error("The model directory " + directory.string() + " has no .safetensors weights.",
                    "Convert the checkpoint with tools/convert_janus_checkpoint.py, or choose the directory "
                    "that holds the .safetensors files.");
    return files;
}

}  // namespace

std::string canonicalWeightName(const std::string& key) {
    std::string k = key;
    // Uni-AdGen's trainable-parameter file keeps the PEFT wrapper's prefix; newer PEFT versions
    // also move a LoRA layer's frozen weight to `.base_layer.weight`.
    static const std::string peftPrefix = "vl_gpt.base_model.model.";
    if (startsWith(k, peftPrefix)) k = k.substr(peftPrefix.size());
    if (endsWith(k, ".base_layer.weight")) k = k.substr(0, k.size() - 18) + ".weight";
    if (startsWith(k, "model.language_model.")) return "language_model.model." + k.substr(21);
    if (k == "lm_head.weight") return "language_model.lm_head.weight";
    if (startsWith(k, "model.generation_embeddings.")) return "gen_embed." + k.substr(28);
    if (startsWith(k, "model.generation_aligner.")) {
        k = "gen_aligner." + k.substr(25);
        replaceOnce(k, "gen_aligner.fc1.", "gen_aligner.layers.0.");
        replaceOnce(k, "gen_aligner.hidden_layers.0.", "gen_aligner.layers.2.");
        return k;
    }
    if (startsWith(k, "model.generation_head.")) {
        k = "gen_head." + k.substr(22);
        replaceOnce(k, "gen_head.proj_out.", "gen_head.output_mlp_projector.");
        return k;
    }
    if (startsWith(k, "model.vqmodel.")) {
        k = "gen_vision_model." + k.substr(14);
        replaceOnce(k, ".encoder.down.", ".encoder.conv_blocks.");
        replaceOnce(k, ".decoder.up.", ".decoder.conv_blocks.");
        replaceOnce(k, ".mid.block_1.", ".mid.0.");
        replaceOnce(k, ".mid.attn_1.", ".mid.1.");
        replaceOnce(k, ".mid.block_2.", ".mid.2.");
        static const std::regex block(R"(\.block\.(\d+)\.)");
        return std::regex_replace(k, block, ".res.$1.");
    }
    if (startsWith(k, "model.vision_model.")) return "vision_model." + k.substr(19);
    if (startsWith(k, "model.aligner.")) return "aligner." + k.substr(14);
    return k;
}

WeightStore::WeightStore(const std::filesystem::path& directory, Options options)
    : options_(std::move(options)), directory_(directory) {
    if (!options_.baseDirectory.empty())
        for (const auto& f : weightFiles(options_.baseDirectory)) addFile(f, /*overridesBase=*/false);
    for (const auto& f : weightFiles(directory)) addFile(f, /*overridesBase=*/!options_.baseDirectory.empty());
}

WeightStore::WeightStore(std::map<std::string, torch::Tensor> tensors, Options options)
    : options_(std::move(options)) {
    for (auto& [key, tensor] : tensors) {
        totalBytes_ += static_cast<uint64_t>(tensor.numel() * tensor.element_size());
        sources_[canonicalWeightName(key)] = Source{nullptr, nullptr, std::move(tensor)};
    }
}

void WeightStore::addFile(const std::filesystem::path& path, bool overridesBase) {
    auto file = io::SafetensorsFile::open(path);
    for (const auto& entry : file->entries()) {
        const auto name = canonicalWeightName(entry.name);
        if (name != entry.name && !startsWith(entry.name, "vl_gpt.")) hfLayout_ = true;
        const auto previous = sources_.find(name);
        if (previous != sources_.end() && overridesBase && baseKeys_.count(name)) {
            totalBytes_ -= previous->second.entry->end - previous->second.entry->begin;
            baseKeys_.erase(name);
            replacedBase_.push_back(name);
        } else if (previous != sources_.end()) {
            const auto& other = previous->second;
            throw Error("The tensor " + name + " is stored twice in the weights of " + directory_.string() + ": as " +
                            other.entry->name + " in " + other.file->path().filename().string() + " and as " +
                            entry.name + " in " + path.filename().string() + ".",
                        "Remove the duplicate weights file (or the duplicate tensor) from the model directory.");
        }
        sources_[name] = Source{file, &entry, {}};
        if (!overridesBase && !options_.baseDirectory.empty()) baseKeys_.insert(name);
        totalBytes_ += entry.end - entry.begin;
    }
    files_.push_back(std::move(file));
}

void WeightStore::checkCancel() const {
    if (options_.cancel && options_.cancel->load(std::memory_order_relaxed)) throw LoadCancelled{};
}

bool WeightStore::ignored(const std::string& key) const {
    return std::any_of(ignoredPrefixes_.begin(), ignoredPrefixes_.end(),
                       [&](const std::string& p) { return startsWith(key, p); });
}

bool WeightStore::has(const std::string& key) const { return sources_.count(key) > 0; }

std::vector<int64_t> WeightStore::shapeOf(const std::string& key) const {
    const auto it = sources_.find(key);
    if (it == sources_.end()) return {};
    return it->second.entry ? it->second.entry->shape : it->second.tensor.sizes().vec();
}

torch::Tensor WeightStore::materialise(const std::string& key, const Source& source) {
    checkCancel();
    torch::Tensor t = source.entry ? source.file->read(*source.entry, options_.dtype) : source.tensor;
    if (c10::isFloatingType(t.scalar_type())) t = t.to(options_.dtype);
    t = t.to(options_.device);
    taken_.insert(key);
    takenBytes_ += source.entry ? source.entry->end - source.entry->begin
                                : static_cast<uint64_t>(source.tensor.numel() * source.tensor.element_size());
    if (options_.progress && totalBytes_ > 0)
        options_.progress(std::min(1.0, static_cast<double>(takenBytes_) / static_cast<double>(totalBytes_)));
    return t;
}

torch::Tensor WeightStore::randomTensor(const std::string& key, const std::vector<int64_t>& shape) {
    // Seeded per key, so a tensor does not change when other tensors are added or reordered.
    const auto gen = at::make_generator<at::CPUGeneratorImpl>(options_.randomSeed ^ std::hash<std::string>{}(key));
    const auto f32 = torch::TensorOptions().dtype(torch::kFloat32);
    auto noise = at::normal(0.0, 1.0, c10::IntArrayRef(shape), gen, f32);
    const bool isBias = key.size() > 5 && key.compare(key.size() - 5, 5, ".bias") == 0;
    const bool isNorm = shape.size() == 1 && key.find("norm") != std::string::npos && !isBias;
    torch::Tensor t;
    if (isNorm)
        t = 1.0 + 0.1 * noise;
    else if (isBias || shape.size() == 1)
        t = 0.02 * noise;
    else if (key.find("embed") != std::string::npos && shape.size() == 2)
        t = noise;  // embeddings: unit scale, as the decoder's RMSNorm expects
    else {
        int64_t fanIn = 1;
        for (size_t i = 1; i < shape.size(); ++i) fanIn *= shape[i];
        t = noise / std::sqrt(static_cast<double>(fanIn));
    }
    return t.to(options_.dtype).to(options_.device);
}

torch::Tensor WeightStore::take(const std::string& key, const std::vector<int64_t>& shape) {
    const auto it = sources_.find(key);
    const auto options = torch::TensorOptions().dtype(options_.dtype).device(options_.device);
    if (it == sources_.end() && options_.randomFill) {
        checkCancel();
        auto t = randomTensor(key, shape);
        taken_.insert(key);
        if (keepTaken_) takenTensors_[key] = t;
        return t;
    }
    if (it == sources_.end()) {
        if (options_.strict)
            throw Error("The weights in " + describeSource() + " have no tensor " + key + " (expected shape " +
                            io::shapeString(shape) + ").",
                        "The checkpoint does not match this model's config.json: choose the config that came "
                        "with these weights, or re-convert the checkpoint.");
        missing_.push_back(key);
        return torch::zeros(shape, options);
    }
    const auto found = shapeOf(key);
    if (found != shape) {
        if (options_.strict)
            throw Error("The tensor " + key + " in " + describeSource() + " has shape " + io::shapeString(found) +
                            ", but the model's config.json needs " + io::shapeString(shape) + ".",
                        "The checkpoint and config.json describe different model sizes: use the config that "
                        "came with these weights.");
        mismatches_.push_back({key, shape, found});
        taken_.insert(key);
        return torch::zeros(shape, options);
    }
    auto t = mergeLora(key, materialise(key, it->second));
    if (keepTaken_) takenTensors_[key] = t;
    return t;
}

torch::Tensor WeightStore::mergeLora(const std::string& key, torch::Tensor weight) {
    if (options_.loraScale == 0.0 || !endsWith(key, ".weight") || weight.dim() != 2) return weight;
    const auto stem = key.substr(0, key.size() - 7);
    const auto aKey = stem + ".lora_A.default.weight";
    const auto bKey = stem + ".lora_B.default.weight";
    if (!has(aKey) && !has(bKey)) return weight;
    if (!has(aKey) || !has(bKey))
        throw Error("The LoRA adapter of " + stem + " in " + describeSource() + " has only one of its two matrices (" +
                        (has(aKey) ? aKey : bKey) + ").",
                    "Re-convert the Uni-AdGen checkpoint with tools/convert_uniadgen_checkpoint.py.");
    const auto a = shapeOf(aKey);
    const auto b = shapeOf(bKey);
    if (a.size() != 2 || b.size() != 2 || a[1] != weight.size(1) || b[0] != weight.size(0) || a[0] != b[1])
        throw Error("The LoRA adapter of " + stem + " has shapes " + io::shapeString(a) + " and " + io::shapeString(b) +
                        ", which do not fit its weight " + io::shapeString(weight.sizes().vec()) + ".",
                    "Use the Uni-AdGen checkpoint trained for these base weights.");
    // Merged in float32 whatever the load dtype, so a bf16 model gets the same merged weight.
    const auto down = materialise(aKey, sources_.at(aKey)).to(torch::kFloat32);
    const auto up = materialise(bKey, sources_.at(bKey)).to(torch::kFloat32);
    loraMerged_.push_back(stem);
    return (weight.to(torch::kFloat32) + options_.loraScale * up.matmul(down)).to(weight.dtype());
}

torch::Tensor WeightStore::takeAnyShape(const std::string& key) {
    const auto it = sources_.find(key);
    if (it == sources_.end()) {
        if (options_.strict)
            throw Error("The weights in " + describeSource() + " have no tensor " + key + ".",
                        "The checkpoint does not match this model's config.json.");
        missing_.push_back(key);
        return {};
    }
    return materialise(key, it->second);
}

std::vector<std::string> WeightStore::unexpectedKeys() const {
    std::vector<std::string> out;
    for (const auto& [key, source] : sources_)
        if (!taken_.count(key) && !ignored(key)) out.push_back(key);
    return out;
}

std::vector<std::string> WeightStore::ignoredKeys() const {
    std::vector<std::string> out;
    for (const auto& [key, source] : sources_)
        if (!taken_.count(key) && ignored(key)) out.push_back(key);
    return out;
}

std::map<std::string, int64_t> WeightStore::storedDtypeCounts() const {
    std::map<std::string, int64_t> counts;
    for (const auto& [key, source] : sources_)
        counts[source.entry ? source.entry->dtype : io::safetensorsDtypeName(source.tensor.scalar_type())] +=
            source.entry ? [&] {
                int64_t n = 1;
                for (auto d : source.entry->shape) n *= d;
                return n;
            }()
                         : source.tensor.numel();
    return counts;
}

std::string WeightStore::describeSource() const {
    if (directory_.empty()) return "memory";
    return directory_.string();
}

}  // namespace adgen::model
