#include "synth/world.h"

#include "adgen/error.h"
#include "synth/synth_random.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

namespace adgen::synth {
namespace {

const char* const kSplits[] = {"train", "val", "test"};

TitleStyle randomTitleStyle(SynthRandom& rng) {
    TitleStyle s;
    s.order = static_cast<TitleOrder>(rng.integer(0, 2));
    s.length = static_cast<TitleLength>(rng.integer(0, 2));
    s.brand = static_cast<BrandPosition>(rng.integer(0, 2));
    s.brackets = static_cast<Brackets>(rng.integer(0, 2));
    return s;
}

bool sameStyle(const TitleStyle& a, const TitleStyle& b) {
    return a.order == b.order && a.length == b.length && a.brand == b.brand && a.brackets == b.brackets;
}

std::vector<int> categoryIndices(const SynthOptions& options) {
    std::vector<int> out;
    const auto& cats = catalogCategories();
    if (options.categories.empty()) {
        for (size_t i = 0; i < cats.size(); ++i) out.push_back(static_cast<int>(i));
        return out;
    }
    for (size_t i = 0; i < cats.size(); ++i)  // canonical order, whatever order they were given in
        if (std::find(options.categories.begin(), options.categories.end(), cats[i].id) != options.categories.end())
            out.push_back(static_cast<int>(i));
    return out;
}

}  // namespace

std::vector<int> splitCounts(int n, const SynthOptions& o, const std::string& what) {
    auto part = [n](double f) { return f > 0.0 ? std::max(1, static_cast<int>(std::lround(f * n))) : 0; };
    const int val = part(o.valFraction), test = part(o.testFraction);
    const int train = n - val - test;
    if (train < 1) {
        char buf[160];
        std::snprintf(buf, sizeof buf, "%d %s cannot fill train, val and test with the fractions %.2f / %.2f / %.2f.", n,
                      what.c_str(), o.trainFraction, o.valFraction, o.testFraction);
        throw Error(buf, "Use more " + what + ", or set --split 1,0,0 (or another split with fewer non-empty parts).");
    }
    return {train, val, test};
}

World buildWorld(const SynthOptions& o) {
    World w;
    const uint64_t seed = o.seed;

    // Products, split per category so every category is in every split.
    std::vector<std::vector<int>> pool(3);  // product indices per split
    for (const int c : categoryIndices(o)) {
        const auto counts = splitCounts(o.productsPerCategory, o, "products per category");
        auto order = SynthRandom::stream(seed, "product-split", static_cast<uint64_t>(c)).sample(o.productsPerCategory, o.productsPerCategory);
        std::vector<int> splitOf(static_cast<size_t>(o.productsPerCategory));
        for (size_t k = 0; k < order.size(); ++k)
            splitOf[static_cast<size_t>(order[k])] = static_cast<int>(k) < counts[2] ? 2 : (static_cast<int>(k) < counts[2] + counts[1] ? 1 : 0);
        for (int i = 0; i < o.productsPerCategory; ++i) {
            Product p = makeProduct(seed, c, i);
            const int s = splitOf[static_cast<size_t>(i)];
            p.split = kSplits[s];
            pool[static_cast<size_t>(s)].push_back(static_cast<int>(w.products.size()));
            w.products.push_back(std::move(p));
        }
    }

    // Shoppers: split, language in turn, scene preferences cycling through shuffled blocks of all
    // family x palette combinations (balanced), a random title style.
    const auto counts = splitCounts(o.shoppers, o, "shoppers");
    const auto order = SynthRandom::stream(seed, "shopper-split").sample(o.shoppers, o.shoppers);
    std::vector<int> splitOf(static_cast<size_t>(o.shoppers));
    for (size_t k = 0; k < order.size(); ++k)
        splitOf[static_cast<size_t>(order[k])] = static_cast<int>(k) < counts[2] ? 2 : (static_cast<int>(k) < counts[2] + counts[1] ? 1 : 0);
    constexpr int kCombos = kSceneFamilies * kPalettesPerFamily;
    std::vector<SceneStyle> combos;
    for (int i = 0; i < o.shoppers; ++i) {
        if (i % kCombos == 0) {
            combos.clear();
            for (int f = 0; f < kSceneFamilies; ++f)
                for (int p = 0; p < kPalettesPerFamily; ++p) combos.push_back({f, p});
            SynthRandom::stream(seed, "shopper-scenes", static_cast<uint64_t>(i / kCombos)).shuffle(combos);
        }
        auto rng = SynthRandom::stream(seed, "shopper", static_cast<uint64_t>(i));
        Shopper s;
        char id[32];
        std::snprintf(id, sizeof id, "shopper-%03d", i + 1);
        s.id = id;
        const int split = splitOf[static_cast<size_t>(i)];
        s.split = kSplits[split];
        s.language = o.languages[static_cast<size_t>(i) % o.languages.size()] == "zh" ? Language::Zh : Language::En;
        s.scene = combos[static_cast<size_t>(i % kCombos)];
        s.style = randomTitleStyle(rng);

        // Target ads: distinct products of the shopper's split.
        const auto& mine = pool[static_cast<size_t>(split)];
        const int records = std::min(o.recordsPerShopper, static_cast<int>(mine.size()));
        std::vector<int> targetProducts;
        for (const int k : rng.sample(static_cast<int>(mine.size()), records)) targetProducts.push_back(mine[static_cast<size_t>(k)]);

        // Click history: training products only (test products are never seen in training, in
        // any role), never the shopper's own targets.
        std::vector<int> clickPool;
        for (const int p : pool[0])
            if (std::find(targetProducts.begin(), targetProducts.end(), p) == targetProducts.end()) clickPool.push_back(p);
        if (clickPool.empty()) clickPool = pool[0];
        rng.shuffle(clickPool);
        const int n = rng.integer(o.minClicks, o.maxClicks);
        const int noisy = static_cast<int>(std::floor(o.noisyClickShare * n + 0.5));
        std::vector<bool> isNoisy(static_cast<size_t>(n), false);
        for (const int k : rng.sample(n, noisy)) isNoisy[static_cast<size_t>(k)] = true;
        for (int k = 0; k < n; ++k) {
            Click c;
            c.product = clickPool[static_cast<size_t>(k) % clickPool.size()];
            c.noisy = isNoisy[static_cast<size_t>(k)];
            c.scene = s.scene;
            c.style = s.style;
            if (c.noisy) {  // another scene family, any palette; another title style
                c.scene.family = (s.scene.family + rng.integer(1, kSceneFamilies - 1)) % kSceneFamilies;
                c.scene.palette = rng.integer(0, kPalettesPerFamily - 1);
                do c.style = randomTitleStyle(rng);
                while (sameStyle(c.style, s.style));
            }
            c.variant = rng.integer(0, 2);
            c.title = composeTitle(w.products[static_cast<size_t>(c.product)], c.style, s.language, c.variant);
            char name[64];
            std::snprintf(name, sizeof name, "images/ads/%s-click%02d.png", s.id.c_str(), k + 1);
            c.image = name;
            s.clicks.push_back(std::move(c));
        }
        for (size_t k = 0; k < targetProducts.size(); ++k) {
            TargetAd t;
            t.product = targetProducts[k];
            const int titles = rng.integer(o.minTitles, o.maxTitles);
            for (int v = 0; v < titles; ++v)
                t.titles.push_back(composeTitle(w.products[static_cast<size_t>(t.product)], s.style, s.language, v));
            char name[64];
            std::snprintf(name, sizeof name, "images/ads/%s-ad%02d.png", s.id.c_str(), static_cast<int>(k) + 1);
            t.image = name;
            s.targets.push_back(std::move(t));
        }
        w.shoppers.push_back(std::move(s));
    }
    return w;
}

}  // namespace adgen::synth
