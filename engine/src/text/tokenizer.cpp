#include "tokenizer.h"

#include <nlohmann/json.hpp>

#include <algorithm>
#include <fstream>
#include <sstream>
#include <unordered_map>

#include "added_vocabulary.h"
#include "adgen/error.h"
#include "bpe_model.h"
#include "byte_level.h"
#include "json_access.h"
#include "normalizer.h"
#include "post_processor.h"
#include "pre_tokenizer.h"
#include "utf8.h"

namespace adgen::text {

namespace fs = std::filesystem;
using nlohmann::json;

namespace {

const char* kFixMissing =
    "Check the model directory: it needs the tokenizer.json from the model's Hugging Face "
    "repository.";

// Reads and parses a JSON file; `what` names it in messages ("Tokenizer file").
json readJson(const fs::path& path, const std::string& what, const std::string& fixMissing) {
    std::error_code ec;
    if (!fs::exists(path, ec)) {
        throw Error(what + " " + path.string() + " does not exist.", fixMissing);
    }
    if (!fs::is_regular_file(path, ec)) {
        throw Error(what + " " + path.string() + " is not a file.", fixMissing);
    }
    std::ifstream in(path, std::ios::binary);
    std::stringstream buffer;
    buffer << in.rdbuf();
    if (!in) {
        throw Error(what + " " + path.string() + " could not be read.", "Check its permissions.");
    }
    try {
        return json::parse(buffer.str());
    } catch (const json::parse_error& e) {
        // nlohmann's message says "parse error at line L, column C: ..."; drop its id prefix.
        std::string message = e.what();
        const size_t bracket = message.find("] ");
        if (message.rfind("[json.exception", 0) == 0 && bracket != std::string::npos) {
            message = message.substr(bracket + 2);
        }
        throw Error(what + " " + path.string() + " is not valid JSON (" + message + ").",
                    "The file is damaged or truncated: download it again from the model's Hugging "
                    "Face repository.");
    }
}

// tokenizer_config.json writes special tokens as "text" or {"content": "text", ...}.
std::string tokenContent(const json& config, const char* key) {
    const auto it = config.find(key);
    if (it == config.end()) return {};
    if (it->is_string()) return it->get<std::string>();
    if (it->is_object() && it->contains("content") && (*it)["content"].is_string()) {
        return (*it)["content"].get<std::string>();
    }
    return {};
}

}  // namespace

struct Tokenizer::Impl {
    BpeModel model;
    Normalizer normalizer;
    PreTokenizer preTokenizer;
    PostProcessor postProcessor;
    AddedVocabulary added;
    bool byteLevelDecoder = false;
    std::vector<std::string> bytesById;
    std::vector<char> specialById;
    std::optional<int32_t> bos;
    std::optional<int32_t> eos;

    explicit Impl(BpeModel&& m) : model(std::move(m)) {}

    std::optional<int32_t> idOf(std::string_view content) const {
        if (auto id = added.idOf(content)) return id;
        return model.tokenId(content);
    }

    void ensureSize(int32_t id) {
        const auto needed = static_cast<size_t>(id) + 1;
        if (bytesById.size() < needed) {
            bytesById.resize(needed);
            specialById.resize(needed, 0);
        }
    }

    // Registers an added token and what it decodes to (its text, verbatim: the decoder's byte
    // table would turn e.g. "ø" into a lone 0xF8 byte).
    void registerAdded(const AddedToken& token) {
        added.add(token);
        ensureSize(token.id);
        bytesById[static_cast<size_t>(token.id)] = token.content;
        specialById[static_cast<size_t>(token.id)] = token.special ? 1 : 0;
    }

    void buildBaseBytes() {
        const auto& tokens = model.tokens();
        bytesById.assign(tokens.size(), std::string());
        specialById.assign(tokens.size(), 0);
        const ByteLevel& table = ByteLevel::instance();
        for (size_t id = 0; id < tokens.size(); ++id) {
            if (!byteLevelDecoder || !table.decodeAppend(tokens[id], bytesById[id])) {
                bytesById[id] = tokens[id];
            }
        }
    }
};

Tokenizer::Tokenizer(std::unique_ptr<Impl> impl) : impl_(std::move(impl)) {}
Tokenizer::~Tokenizer() = default;
Tokenizer::Tokenizer(Tokenizer&&) noexcept = default;
Tokenizer& Tokenizer::operator=(Tokenizer&&) noexcept = default;

Tokenizer Tokenizer::fromFile(const fs::path& tokenizerJson) {
    const json root = readJson(tokenizerJson, "Tokenizer file", kFixMissing);
    const std::string where = "Tokenizer file " + tokenizerJson.string() + ": ";
    try {
        if (!root.is_object()) json_access::wrongType("(top level)", "an object", root);
        auto impl = std::make_unique<Impl>(
            BpeModel::fromJson(json_access::member(root, "model", "(top level)"), "model"));
        impl->normalizer = Normalizer::fromJson(root.value("normalizer", json()), "normalizer");
        impl->preTokenizer =
            PreTokenizer::fromJson(root.value("pre_tokenizer", json()), "pre_tokenizer");

        const json decoder = root.value("decoder", json());
        if (!decoder.is_null()) {
            const std::string type = json_access::typeOf(decoder, "decoder");
            if (type != "ByteLevel") {
                throw Error("decoder \"" + type +
                                "\" is not supported; AdGen's tokenizer decodes "
                                "byte-level BPE (decoder \"ByteLevel\") only.",
                            "Use the model's original byte-level BPE tokenizer.json, or report the "
                            "model so support can be added.");
            }
            impl->byteLevelDecoder = true;
        }
        impl->buildBaseBytes();

        const json addedTokens = root.value("added_tokens", json::array());
        if (!addedTokens.is_array()) json_access::wrongType("added_tokens", "a list", addedTokens);
        for (size_t i = 0; i < addedTokens.size(); ++i) {
            const json& entry = addedTokens[i];
            const std::string at = "added_tokens[" + std::to_string(i) + "]";
            const json& id = json_access::member(entry, "id", at);
            const json& content = json_access::member(entry, "content", at);
            if (!id.is_number_integer() || id.get<int64_t>() < 0 || id.get<int64_t>() > INT32_MAX) {
                json_access::wrongType(at + ".id", "a non-negative id", id);
            }
            if (!content.is_string() || content.get<std::string>().empty()) {
                json_access::wrongType(at + ".content", "a non-empty string", content);
            }
            AddedToken token;
            token.content = content.get<std::string>();
            token.id = id.get<int32_t>();
            token.special = json_access::boolOr(entry, "special", at, false);
            token.lstrip = json_access::boolOr(entry, "lstrip", at, false);
            token.rstrip = json_access::boolOr(entry, "rstrip", at, false);
            token.singleWord = json_access::boolOr(entry, "single_word", at, false);
            token.normalized = json_access::boolOr(entry, "normalized", at, !token.special);
            impl->registerAdded(token);
        }
        impl->added.rebuild(impl->normalizer);

        const auto idOf = [&impl](const std::string& content) { return impl->idOf(content); };
        const fs::path configPath = tokenizerJson.parent_path() / "tokenizer_config.json";
        json config = json::object();
        if (fs::exists(configPath)) {
            config = readJson(configPath, "Tokenizer config", kFixMissing);
            if (!config.is_object()) config = json::object();
        }
        const std::string tokenizerClass =
            json_access::stringOr(config, "tokenizer_class", "tokenizer_config", "");
        const auto configBos = idOf(tokenContent(config, "bos_token"));
        const auto configEos = idOf(tokenContent(config, "eos_token"));
        if (tokenizerClass == "LlamaTokenizerFast" || tokenizerClass == "LlamaTokenizer") {
            // transformers rebuilds the post-processor of a LlamaTokenizerFast from these two
            // flags (defaults: BOS yes, EOS no), whatever tokenizer.json says.
            std::vector<int32_t> prefix, suffix;
            if (json_access::boolOr(config, "add_bos_token", "tokenizer_config", true) &&
                configBos) {
                prefix.push_back(*configBos);
            }
            if (json_access::boolOr(config, "add_eos_token", "tokenizer_config", false) &&
                configEos) {
                suffix.push_back(*configEos);
            }
            impl->postProcessor = PostProcessor::fromIds(prefix, suffix);
        } else {
            impl->postProcessor = PostProcessor::fromJson(root.value("post_processor", json()),
                                                          "post_processor", idOf);
        }

        // BOS/EOS: the config's, else what the post-processor puts first/last, else the usual
        // names.
        impl->bos = configBos;
        impl->eos = configEos;
        if (!impl->bos && impl->postProcessor.prefix().size() == 1) {
            impl->bos = impl->postProcessor.prefix()[0];
        }
        if (!impl->eos && impl->postProcessor.suffix().size() == 1) {
            impl->eos = impl->postProcessor.suffix()[0];
        }
        for (const char* name : {"<\xEF\xBD\x9C"
                                 "begin\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
                                 "<|begin_of_text|>", "<s>", "<bos>"}) {
            if (!impl->bos) impl->bos = idOf(name);
        }
        for (const char* name : {"<\xEF\xBD\x9C"
                                 "end\xE2\x96\x81of\xE2\x96\x81sentence\xEF\xBD\x9C>",
                                 "<|end_of_text|>", "<|endoftext|>", "</s>", "<eos>"}) {
            if (!impl->eos) impl->eos = idOf(name);
        }
        return Tokenizer(std::move(impl));
    } catch (const Error& e) {
        throw Error(where + e.problem(), e.fix());
    } catch (const json::exception& e) {
        throw Error(where + "unexpected structure (" + std::string(e.what()) + ").",
                    json_access::kFixCorrupt);
    }
}

void Tokenizer::loadAddedTokenSidecar(const fs::path& sidecarJson) {
    const std::string fix =
        "Regenerate the sidecar from the same tokenizer the model was fine-tuned with (dump "
        "{token: id} of every added token from the Python processor).";
    const json sidecar = readJson(sidecarJson, "Added-token sidecar", fix);
    const std::string where = "Added-token sidecar " + sidecarJson.string() + ": ";
    if (!sidecar.is_object()) {
        throw Error(where + "it should be an object {\"<token>\": id, ...} but is " +
                        sidecar.type_name() + ".",
                    fix);
    }
    // Check everything first, so a bad sidecar leaves the tokenizer as it was.
    std::unordered_map<int32_t, std::string> claimed;
    std::vector<AddedToken> toAdd;
    for (const auto& [content, value] : sidecar.items()) {
        if (!value.is_number_integer() || value.get<int64_t>() < 0 ||
            value.get<int64_t>() > INT32_MAX) {
            throw Error(where + "the id of \"" + content +
                            "\" should be a non-negative integer but is " + value.dump() + ".",
                        fix);
        }
        const auto id = value.get<int32_t>();
        const auto existing = impl_->idOf(content);
        if (existing && *existing != id) {
            throw Error(where + "it gives \"" + content + "\" the id " + std::to_string(id) +
                            ", but the tokenizer already has that token as id " +
                            std::to_string(*existing) + ".",
                        fix);
        }
        std::string occupant;
        if (const AddedToken* token = impl_->added.byId(id)) {
            occupant = token->content;
        } else if (static_cast<size_t>(id) < impl_->model.tokens().size()) {
            occupant = impl_->model.tokens()[static_cast<size_t>(id)];
        }
        if (const auto it = claimed.find(id); it != claimed.end()) occupant = it->second;
        if (!occupant.empty() && occupant != content) {
            throw Error(where + "it gives \"" + content + "\" the id " + std::to_string(id) +
                            ", which already belongs to \"" + occupant + "\".",
                        fix);
        }
        claimed.emplace(id, content);
        if (existing && impl_->added.idOf(content)) continue;  // already an added token
        AddedToken token;
        token.content = content;
        token.id = id;
        token.special = true;  // Uni-AdGen adds them with add_special_tokens / special=True
        token.normalized = false;
        toAdd.push_back(token);
    }
    for (const AddedToken& token : toAdd) impl_->registerAdded(token);
    impl_->added.rebuild(impl_->normalizer);
}

int32_t Tokenizer::addToken(const std::string& content, bool special) {
    if (const auto id = impl_->added.idOf(content)) return *id;
    AddedToken token;
    token.content = content;
    token.special = special;
    token.normalized = !special;
    if (const auto id = impl_->model.tokenId(content)) {
        // Already in the base vocabulary: it keeps its id but is now matched as a whole.
        token.id = *id;
    } else {
        int32_t maxAdded = -1;
        for (const AddedToken& existing : impl_->added.tokens()) {
            maxAdded = std::max(maxAdded, existing.id);
        }
        const int32_t vocabSize = impl_->model.vocabSize();
        token.id = (maxAdded >= 0 && maxAdded >= vocabSize) ? maxAdded + 1 : vocabSize;
    }
    impl_->registerAdded(token);
    if (const auto base = impl_->model.tokenId(content); base && *base == token.id) {
        // registerAdded wrote the verbatim text; a base token decodes through the byte table.
        impl_->bytesById[static_cast<size_t>(token.id)].clear();
        if (!impl_->byteLevelDecoder ||
            !ByteLevel::instance().decodeAppend(content,
                                                impl_->bytesById[static_cast<size_t>(token.id)])) {
            impl_->bytesById[static_cast<size_t>(token.id)] = content;
        }
    }
    impl_->added.rebuild(impl_->normalizer);
    return token.id;
}

std::vector<int32_t> Tokenizer::encode(std::string_view text, bool addSpecialTokens) const {
    std::string repaired;
    if (!utf8::isValid(text)) {
        repaired = utf8::repairLossy(text);
        text = repaired;
    }
    std::vector<int32_t> ids;
    ids.reserve(text.size() / 2 + 2);
    std::vector<AddedVocabulary::Segment> rawSegments, normalizedSegments;
    std::vector<std::string> pieces;
    impl_->added.split(text, false, rawSegments);
    for (const auto& segment : rawSegments) {
        if (segment.id >= 0) {
            ids.push_back(segment.id);
            continue;
        }
        const std::string normalized = impl_->normalizer.isIdentity()
                                           ? std::string(segment.text)
                                           : impl_->normalizer.apply(segment.text);
        normalizedSegments.clear();
        impl_->added.split(normalized, true, normalizedSegments);
        for (const auto& part : normalizedSegments) {
            if (part.id >= 0) {
                ids.push_back(part.id);
                continue;
            }
            pieces.clear();
            impl_->preTokenizer.split(part.text, pieces);
            for (const std::string& piece : pieces) impl_->model.encodePiece(piece, ids);
        }
    }
    if (addSpecialTokens) impl_->postProcessor.apply(ids);
    return ids;
}

std::string Tokenizer::decode(const std::vector<int32_t>& ids, bool skipSpecialTokens) const {
    std::string bytes;
    for (const int32_t id : ids) {
        if (id < 0 || static_cast<size_t>(id) >= impl_->bytesById.size()) continue;
        if (skipSpecialTokens && impl_->specialById[static_cast<size_t>(id)]) continue;
        bytes += impl_->bytesById[static_cast<size_t>(id)];
    }
    return utf8::isValid(bytes) ? bytes : utf8::repairLossy(bytes);
}

std::optional<int32_t> Tokenizer::tokenId(std::string_view tokenContent) const {
    return impl_->idOf(tokenContent);
}

const std::string& Tokenizer::tokenBytes(int32_t id) const {
    static const std::string kNone;
    if (id < 0 || static_cast<size_t>(id) >= impl_->bytesById.size()) return kNone;
    return impl_->bytesById[static_cast<size_t>(id)];
}

bool Tokenizer::isSpecial(int32_t id) const {
    return id >= 0 && static_cast<size_t>(id) < impl_->specialById.size() &&
           impl_->specialById[static_cast<size_t>(id)] != 0;
}

int32_t Tokenizer::size() const {
    return static_cast<int32_t>(impl_->bytesById.size());
}
std::optional<int32_t> Tokenizer::bosId() const {
    return impl_->bos;
}
std::optional<int32_t> Tokenizer::eosId() const {
    return impl_->eos;
}

}  // namespace adgen::text
