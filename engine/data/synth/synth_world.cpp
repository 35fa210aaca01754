// writeSynthWorld: builds the world model (world.cpp), draws every product and ad image in
// parallel (each image has its own random stream, so the files do not depend on the thread
// count), and writes the PAd1M splits, the catalog and the shoppers.

#include "adgen/synth_world.h"

#include "adgen/error.h"
#include "adgen/image_files.h"
#include "adgen/pad1m.h"
#include "adgen/product_cutout.h"
#include "json_file.h"
#include "personalize/history_sampling.h"
#include "synth/product_painter.h"
#include "synth/raster.h"
#include "synth/scene_painter.h"
#include "synth/world.h"

#include <nlohmann/json.hpp>
#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <atomic>
#include <cmath>
#include <cstdio>
#include <exception>
#include <filesystem>
#include <fstream>
#include <functional>
#include <mutex>
#include <set>
#include <thread>

namespace adgen {
namespace fs = std::filesystem;
using ojson = nlohmann::ordered_json;
using namespace synth;

namespace {

constexpr int kFormatVersion = 1;
constexpr const char* kManifest = "synth.json";

void parallelFor(size_t n, const std::function<void(size_t)>& job) {
    const unsigned threads = std::max(1u, std::min(std::thread::hardware_concurrency(), 16u));
    std::atomic<size_t> next{0};
    std::exception_ptr error;
    std::mutex mutex;
    auto worker = [&] {
        for (;;) {
            const size_t i = next++;
            if (i >= n) return;
            try {
                job(i);
            } catch (...) {
                std::lock_guard<std::mutex> lock(mutex);
                if (!error) error = std::current_exception();
                next = n;
            }
        }
    };
    std::vector<std::thread> pool;
    for (unsigned t = 1; t < threads; ++t) pool.emplace_back(worker);
    worker();
    for (auto& t : pool) t.join();
    if (error) std::rethrow_exception(error);
}

RgbaImage renderProduct(const Product& p, int size) {
    Canvas canvas(size, size);
    paintProduct(canvas, p);
    return canvas.toRgba();
}

// The ad: the scene with the product's contact shadow, then the product layer composited over it.
RgbImage renderAd(uint64_t seed, const std::string& name, const Product& p, const SceneStyle& scene,
                  const RgbaImage& productLayer, RgbImage* background) {
    const int size = productLayer.width;
    Canvas canvas(size, size);
    auto jitter = SynthRandom::stream(seed, "image:" + name);
    paintScene(canvas, scene, jitter);
    paintContactShadow(canvas, scene, productFootprint(p), p.placement.baseY);
    RgbImage ad{size, size, canvas.toRgb()};
    if (background) *background = ad;
    compositeOver(ad.pixels, productLayer);
    return ad;
}

void writeText(const fs::path& path, const std::string& text) { data::writeFileAtomically(path.string(), text); }

ojson text(const Text& t) { return ojson{{"en", t.en}, {"zh", t.zh}}; }

ojson sceneJson(const SceneStyle& s) {
    return ojson{{"family", sceneFamilyNames()[static_cast<size_t>(s.family)]}, {"palette", paletteName(s.family, s.palette)}};
}

ojson styleJson(const TitleStyle& s) {
    return ojson{{"order", name(s.order)}, {"length", name(s.length)}, {"brand", name(s.brand)}, {"brackets", name(s.brackets)}};
}

std::string hexColour(uint32_t rgb) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "#%06X", rgb);
    return buf;
}

std::string optionError(const std::string& option, const std::string& value, const std::string& problem) {
    return "--" + option + " " + value + " " + problem;
}

std::string num(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", v);
    return buf;
}

ojson optionsJson(const SynthOptions& o) {
    return ojson{{"seed", o.seed},
                 {"products_per_category", o.productsPerCategory},
                 {"categories", o.categories.empty() ? synthCategoryNames() : o.categories},
                 {"shoppers", o.shoppers},
                 {"min_clicks", o.minClicks},
                 {"max_clicks", o.maxClicks},
                 {"noisy_click_share", o.noisyClickShare},
                 {"records_per_shopper", o.recordsPerShopper},
                 {"ad_size", o.adSize},
                 {"product_size", o.productSize},
                 {"split", {o.trainFraction, o.valFraction, o.testFraction}},
                 {"languages", o.languages},
                 {"min_titles", o.minTitles},
                 {"max_titles", o.maxTitles},
                 {"backgrounds", o.writeBackgrounds},
                 {"contact_sheet", o.contactSheet},
                 {"text_similarity", o.textSimilarity}};
}

// Refuses folders that hold something else; clears the generated files of an earlier world.
void prepareFolder(const fs::path& out) {
    std::error_code ec;
    if (fs::exists(out, ec) && !fs::is_directory(out, ec))
        throw Error("The output " + out.string() + " is a file, not a folder.", "Choose a new or empty folder with --out.");
    if (fs::is_directory(out, ec) && !fs::is_empty(out, ec) && !fs::exists(out / kManifest, ec))
        throw Error("The output folder " + out.string() + " is not empty and holds no synthetic world (" + kManifest + ").",
                    "Choose a new or empty folder with --out, so nothing of yours is overwritten.");
    fs::create_directories(out, ec);
    if (ec || !fs::is_directory(out))
        throw Error("Cannot create the output folder " + out.string() + ": " + (ec ? ec.message() : "unknown error") + ".",
                    "Choose a folder you can write to with --out.");
    const fs::path probe = out / ".adgen-synth-probe";
    {
        std::ofstream f(probe);
        f << "probe";
        if (!f)
            throw Error("Cannot write into the output folder " + out.string() + ".",
                        "Check its permissions, or choose another folder with --out.");
    }
    fs::remove(probe, ec);
    for (const char* old : {"images/products", "images/ads", "images/backgrounds"}) fs::remove_all(out / old, ec);
    for (const char* old : {"train.json", "val.json", "test.json", "catalog.json", "shoppers.json", "README.md", "contact-sheet.png"})
        fs::remove(out / old, ec);
}

// 8 columns: every scene family (column) x palette (row) with a product, then product cut-outs
// over a checkerboard, each cell 128 px.
void writeContactSheet(const fs::path& path, uint64_t seed, const std::vector<Product>& products) {
    constexpr int kCell = 128, kGap = 4, kCols = 8;
    const int productRows = 3;
    const int rows = kPalettesPerFamily + productRows;
    cv::Mat sheet(rows * (kCell + kGap) + kGap, kCols * (kCell + kGap) + kGap, CV_8UC3, cv::Scalar(255, 255, 255));
    auto place = [&](const std::vector<uint8_t>& rgb, int size, int row, int col) {
        cv::Mat img(size, size, CV_8UC3, const_cast<uint8_t*>(rgb.data()));
        cv::Mat small;
        cv::resize(img, small, cv::Size(kCell, kCell), 0, 0, cv::INTER_AREA);
        small.copyTo(sheet(cv::Rect(kGap + col * (kCell + kGap), kGap + row * (kCell + kGap), kCell, kCell)));
    };
    const int size = 256;
    int categories = 0;
    for (const auto& p : products) categories += p.indexInCategory == 0 ? 1 : 0;
    const int perCategory = static_cast<int>(products.size()) / categories;
    for (int f = 0; f < kSceneFamilies; ++f)
        for (int pal = 0; pal < kPalettesPerFamily; ++pal) {
            // a different category in every column of a row, another product of it in the next row
            const Product& p = products[static_cast<size_t>(((f + pal) % categories) * perCategory + pal % perCategory)];
            const auto layer = renderProduct(p, size);
            const auto ad = renderAd(seed, "contact-sheet", p, {f, pal}, layer, nullptr);
            place(ad.pixels, size, pal, f);
        }
    // cut-outs: up to three per category, spread over the catalogue
    std::vector<const Product*> shown;
    for (int k = 0; k < 3; ++k)
        for (const auto& p : products)
            if (p.indexInCategory == k && shown.size() < static_cast<size_t>(productRows * kCols)) shown.push_back(&p);
    for (size_t i = 0; i < shown.size(); ++i) {
        const auto layer = renderProduct(*shown[i], size);
        std::vector<uint8_t> rgb(static_cast<size_t>(size) * size * 3);
        for (int y = 0; y < size; ++y)
            for (int x = 0; x < size; ++x) {
                const size_t p = static_cast<size_t>(y) * size + static_cast<size_t>(x);
                const uint8_t check = ((x / 16 + y / 16) % 2) ? 204 : 238;
                for (int ch = 0; ch < 3; ++ch) rgb[p * 3 + static_cast<size_t>(ch)] = check;
            }
        compositeOver(rgb, layer);
        place(rgb, size, kPalettesPerFamily + static_cast<int>(i) / kCols, static_cast<int>(i) % kCols);
    }
    RgbImage out{sheet.cols, sheet.rows, std::vector<uint8_t>(sheet.data, sheet.data + sheet.total() * 3)};
    writePngFile(path.string(), out);
}

std::string readme(const SynthOptions& o, const SynthSummary& s) {
    std::string t;
    t += "# Synthetic shopping world\n\n";
    t += "Written by `adgen synth` (see docs/synth.md in AdGen Studio). Same options and seed give the same bytes.\n\n";
    t += "| | |\n|---|---|\n";
    t += "| seed | " + std::to_string(o.seed) + " |\n";
    t += "| products | " + std::to_string(s.products) + " (" + std::to_string(o.productsPerCategory) + " per category) |\n";
    t += "| shoppers | " + std::to_string(s.shoppers) + " |\n";
    t += "| records | " + std::to_string(s.records) + " |\n";
    t += "| history clicks | " + std::to_string(s.historyClicks) + " (" + std::to_string(s.noisyClicks) + " noisy, share " + num(o.noisyClickShare) + ") |\n";
    t += "| ad images | " + std::to_string(s.adImages) + " at " + std::to_string(o.adSize) + " px |\n";
    t += "| product cut-outs | " + std::to_string(s.productImages) + " at " + std::to_string(o.productSize) + " px |\n\n";
    t += "| split | shoppers | products | records | file |\n|---|---|---|---|---|\n";
    for (const auto& sp : s.splits)
        t += "| " + sp.name + " | " + std::to_string(sp.shoppers) + " | " + std::to_string(sp.products) + " | " +
             std::to_string(sp.records) + " | " + sp.name + ".json |\n";
    t += "\nShoppers and products are split separately: a record's shopper and product are always in the record's\n"
         "split, so val/test shoppers and products never appear as training targets. Every shopper's click history\n"
         "shows training products only (never one of the shopper's own targets).\n\n"
         "Files: `train.json`, `val.json`, `test.json` (PAd1M), `images/products/` (RGBA cut-outs, the product at the\n"
         "place and scale it has in its ads), `images/ads/` (`SHOPPER-adNN.png` ground truth, `SHOPPER-clickNN.png`\n"
         "history), `catalog.json` (products, English and Chinese), `shoppers.json` (latent preferences, clicks\n"
         "with their noisy flags, targets), `synth.json` (the options), `contact-sheet.png`.\n";
    return t;
}

}  // namespace

std::vector<std::string> synthCategoryNames() {
    std::vector<std::string> out;
    for (const auto& c : catalogCategories()) out.push_back(c.id);
    return out;
}

std::vector<std::string> synthSceneFamilies() { return sceneFamilyNames(); }

int synthPalettesPerFamily() { return kPalettesPerFamily; }

void validateSynthOptions(const SynthOptions& o) {
    std::vector<std::string> problems;
    std::string fix;
    auto bad = [&](const std::string& problem, const std::string& howToFix) {
        problems.push_back(problem);
        if (fix.empty()) fix = howToFix;
    };
    if (o.productsPerCategory < 1)
        bad(optionError("products-per-category", std::to_string(o.productsPerCategory), "leaves the catalogue empty."),
            "Use at least 1 product per category (12 by default; 3 or more to fill train, val and test).");
    if (o.shoppers < 1)
        bad(optionError("shoppers", std::to_string(o.shoppers), "leaves the world without shoppers."),
            "Use at least 1 shopper (60 by default; 3 or more to fill train, val and test).");
    if (o.minClicks < 1 || o.maxClicks < o.minClicks || o.maxClicks > 500)
        bad("--clicks " + std::to_string(o.minClicks) + "-" + std::to_string(o.maxClicks) + " is not a range of history lengths.",
            "Give MIN-MAX with 1 <= MIN <= MAX <= 500, e.g. --clicks 10-20.");
    if (!(o.noisyClickShare >= 0.0 && o.noisyClickShare <= 1.0))
        bad(optionError("noise", num(o.noisyClickShare), "is not a share of the clicks."),
            "Use a value from 0 (every click follows the shopper's taste) to 1 (every click is random), e.g. 0.2.");
    if (o.recordsPerShopper < 1)
        bad(optionError("records-per-shopper", std::to_string(o.recordsPerShopper), "gives no ground-truth ads."),
            "Use at least 1 record per shopper (8 by default).");
    if (o.adSize < 32 || o.adSize > 2048)
        bad(optionError("ad-size", std::to_string(o.adSize), "is outside 32..2048 pixels."), "Use e.g. 256 (the default) or 512.");
    if (o.productSize < 32 || o.productSize > 2048)
        bad(optionError("product-size", std::to_string(o.productSize), "is outside 32..2048 pixels."),
            "Use e.g. 256 (the default) or 512.");
    const double sum = o.trainFraction + o.valFraction + o.testFraction;
    if (!(o.trainFraction > 0.0 && o.valFraction >= 0.0 && o.testFraction >= 0.0) || !(std::fabs(sum - 1.0) < 1e-6))
        bad("--split " + num(o.trainFraction) + "," + num(o.valFraction) + "," + num(o.testFraction) +
                " is not a split: train must be above 0, val and test at least 0, and the three must add up to 1.",
            "Use e.g. --split 0.8,0.1,0.1 (the default).");
    if (o.languages.empty())
        bad("--languages is empty.", "Use en, zh or en,zh (the default: shoppers alternate between English and Chinese).");
    for (const auto& l : o.languages)
        if (l != "en" && l != "zh") bad("--languages names \"" + l + "\", which the world does not write.", "Use en, zh or en,zh.");
    const auto known = synthCategoryNames();
    std::set<std::string> seen;
    for (const auto& c : o.categories) {
        if (std::find(known.begin(), known.end(), c) == known.end()) {
            std::string list;
            for (const auto& k : known) list += (list.empty() ? "" : ",") + k;
            bad("--categories names \"" + c + "\", which is not a category of the world.", "Choose from " + list + ".");
        }
        if (!seen.insert(c).second) bad("--categories names \"" + c + "\" twice.", "Name each category once.");
    }
    if (o.minTitles < 1 || o.maxTitles < o.minTitles || o.maxTitles > 4)
        bad("--titles " + std::to_string(o.minTitles) + "-" + std::to_string(o.maxTitles) + " is not a range of titles per record.",
            "Give MIN-MAX with 1 <= MIN <= MAX <= 4, e.g. --titles 2-3.");
    if (!problems.empty()) {
        std::string all = problems.front();
        for (size_t i = 1; i < problems.size(); ++i) all += " " + problems[i];
        throw Error(all, fix);
    }
}

SynthSummary writeSynthWorld(const SynthOptions& o, const std::string& outDir, void (*progress)(const std::string&)) {
    validateSynthOptions(o);
    auto say = [&](const std::string& line) {
        if (progress) progress(line);
    };
    const World world = buildWorld(o);  // before touching the folder: option errors come first
    const fs::path out = fs::absolute(outDir).lexically_normal();
    prepareFolder(out);
    writeText(out / kManifest, ojson{{"format", "adgen-synth"}, {"version", kFormatVersion}, {"options", optionsJson(o)}}.dump(2) + "\n");

    // Products: the layer at ad size (for compositing) and the cut-out file at product size.
    const auto& products = world.products;
    say("drawing " + std::to_string(products.size()) + " products");
    std::vector<RgbaImage> layers(products.size());
    std::vector<PixelRect> boxes(products.size()), cutoutBoxes(products.size());
    parallelFor(products.size(), [&](size_t i) {
        layers[i] = renderProduct(products[i], o.adSize);
        boxes[i] = inspectRgba(layers[i], true).productBox;
        const RgbaImage cutout = o.productSize == o.adSize ? layers[i] : renderProduct(products[i], o.productSize);
        cutoutBoxes[i] = inspectRgba(cutout, true).productBox;
        writePngFile((out / "images/products" / (products[i].id + ".png")).string(), cutout);
    });

    // Every ad image: history clicks and targets.
    struct AdJob {
        const std::string* image;
        int product;
        SceneStyle scene;
        bool target;
    };
    std::vector<AdJob> jobs;
    for (const auto& s : world.shoppers) {
        for (const auto& c : s.clicks) jobs.push_back({&c.image, c.product, c.scene, false});
        for (const auto& t : s.targets) jobs.push_back({&t.image, t.product, s.scene, true});
    }
    say("drawing " + std::to_string(jobs.size()) + " ads");
    parallelFor(jobs.size(), [&](size_t i) {
        const auto& job = jobs[i];
        const auto& p = products[static_cast<size_t>(job.product)];
        RgbImage background;
        const bool withBackground = o.writeBackgrounds && job.target;
        const auto ad = renderAd(o.seed, *job.image, p, job.scene, layers[static_cast<size_t>(job.product)],
                                 withBackground ? &background : nullptr);
        writePngFile((out / *job.image).string(), ad);
        if (withBackground)
            writePngFile((out / "images/backgrounds" / fs::path(*job.image).filename()).string(), background);
    });

    // PAd1M splits.
    say("writing the PAd1M splits, catalog and shoppers");
    SynthSummary summary;
    summary.outDir = out.string();
    summary.products = static_cast<int>(products.size());
    summary.shoppers = static_cast<int>(world.shoppers.size());
    summary.productImages = static_cast<int>(products.size());
    const char* const splitNames[] = {"train", "val", "test"};
    for (const char* splitName : splitNames) {
        SynthSplitSummary split;
        split.name = splitName;
        split.file = (out / (split.name + ".json")).string();
        for (const auto& p : products) split.products += p.split == split.name ? 1 : 0;
        std::vector<Pad1mRecord> records;
        for (const auto& s : world.shoppers) {
            if (s.split != split.name) continue;
            ++split.shoppers;
            std::vector<std::string> historyImages, historyTitles;
            for (const auto& c : s.clicks) {
                historyImages.push_back((out / c.image).string());
                historyTitles.push_back(c.title);
            }
            for (const auto& t : s.targets) {
                const auto& p = products[static_cast<size_t>(t.product)];
                const auto& box = boxes[static_cast<size_t>(t.product)];
                Pad1mRecord r;
                r.adImage = (out / t.image).string();
                r.productCutout = (out / "images/products" / (p.id + ".png")).string();
                r.productBoxes = {{static_cast<double>(box.x), static_cast<double>(box.y), static_cast<double>(box.x + box.width),
                                   static_cast<double>(box.y + box.height)}};
                r.width = o.adSize;
                r.height = o.adSize;
                r.caption = sceneCaption(s.scene, p);
                r.category = p.cat().id;
                r.productTitle = originalTitle(p, s.language);
                for (size_t k = 0; k < t.titles.size(); ++k) r.adTitles += (k ? kTitleSplit : "") + t.titles[k];
                r.sellingPoints = wordList(p, s.language);
                r.maxRatio = 1.0;  // the cut-out already has the ad's size and place: recentring keeps it
                r.historyImages = historyImages;
                r.historyTitles = historyTitles;
                if (o.textSimilarity) r.textSimilarity = personalize::computeSimilarities(r.productTitle, historyTitles);
                r.url = "synth://" + s.id + "/" + p.id;
                records.push_back(std::move(r));
            }
            summary.historyClicks += static_cast<int>(s.clicks.size());
            for (const auto& c : s.clicks) summary.noisyClicks += c.noisy ? 1 : 0;
        }
        split.records = static_cast<int>(records.size());
        summary.records += split.records;
        savePad1m(records, split.file);
        summary.splits.push_back(split);
    }
    summary.adImages = static_cast<int>(jobs.size());

    // Catalog and shoppers.
    ojson catalog = {{"format", "adgen-synth-catalog"}, {"version", kFormatVersion}, {"seed", o.seed}};
    catalog["categories"] = ojson::array();
    for (const auto& c : catalogCategories()) catalog["categories"].push_back({{"id", c.id}, {"name", text(c.name)}});
    catalog["scene_families"] = ojson::array();
    for (int f = 0; f < kSceneFamilies; ++f) {
        ojson pals = ojson::array();
        for (int p = 0; p < kPalettesPerFamily; ++p) pals.push_back(paletteName(f, p));
        catalog["scene_families"].push_back({{"family", sceneFamilyNames()[static_cast<size_t>(f)]}, {"palettes", pals}});
    }
    catalog["products"] = ojson::array();
    for (size_t i = 0; i < products.size(); ++i) {
        const auto& p = products[i];
        ojson points = ojson::array();
        for (const int k : p.sellingPoints) points.push_back(text(p.cat().sellingPoints[static_cast<size_t>(k)]));
        const auto& cb = cutoutBoxes[i];
        catalog["products"].push_back(
            {{"id", p.id},
             {"split", p.split},
             {"category", p.cat().id},
             {"subtype", text(p.sub().name)},
             {"brand", text(p.brandName())},
             {"model", p.model},
             {"colour", {{"en", p.colourName().en}, {"zh", p.colourName().zh}, {"rgb", hexColour(namedColours()[static_cast<size_t>(p.colour)].rgb)}}},
             {"accent", {{"en", namedColours()[static_cast<size_t>(p.accent)].name.en}, {"zh", namedColours()[static_cast<size_t>(p.accent)].name.zh},
                         {"rgb", hexColour(namedColours()[static_cast<size_t>(p.accent)].rgb)}}},
             {"material", text(p.materialName())},
             {"size", text(p.sizeName())},
             {"selling_points", points},
             {"title", {{"en", originalTitle(p, Language::En)}, {"zh", originalTitle(p, Language::Zh)}}},
             {"description", {{"en", productDescription(p, Language::En)}, {"zh", productDescription(p, Language::Zh)}}},
             {"image", "images/products/" + p.id + ".png"},
             {"product_box", {cb.x, cb.y, cb.x + cb.width, cb.y + cb.height}}});
    }
    writeText(out / "catalog.json", catalog.dump(2) + "\n");

    ojson shoppers = {{"format", "adgen-synth-shoppers"}, {"version", kFormatVersion}, {"shoppers", ojson::array()}};
    for (const auto& s : world.shoppers) {
        ojson clicks = ojson::array();
        for (const auto& c : s.clicks)
            clicks.push_back({{"product", products[static_cast<size_t>(c.product)].id},
                              {"image", c.image},
                              {"title", c.title},
                              {"noisy", c.noisy},
                              {"scene", sceneJson(c.scene)},
                              {"title_style", styleJson(c.style)}});
        ojson targets = ojson::array();
        for (const auto& t : s.targets)
            targets.push_back({{"product", products[static_cast<size_t>(t.product)].id}, {"image", t.image}, {"titles", t.titles}});
        shoppers["shoppers"].push_back({{"id", s.id},
                                        {"split", s.split},
                                        {"language", name(s.language)},
                                        {"scene", sceneJson(s.scene)},
                                        {"title_style", styleJson(s.style)},
                                        {"clicks", clicks},
                                        {"targets", targets}});
    }
    writeText(out / "shoppers.json", shoppers.dump(2) + "\n");

    if (o.contactSheet) {
        say("drawing the contact sheet");
        writeContactSheet(out / "contact-sheet.png", o.seed, products);
    }
    writeText(out / "README.md", readme(o, summary));

    std::error_code ec;
    for (auto it = fs::recursive_directory_iterator(out, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec))
        if (it->is_regular_file(ec)) summary.bytesWritten += static_cast<int64_t>(it->file_size(ec));
    return summary;
}

}  // namespace adgen
