#include "generation_controller.h"

#include "brief_controller.h"
#include "engine_images.h"
#include "generation_history_store.h"
#include "model_controller.h"
#include "profile_store.h"
#include "shopper_clicks.h"

#include "adgen/version.h"

#include <QMetaObject>
#include <QPointer>
#include <QRandomGenerator>

#include <algorithm>
#include <cmath>

namespace {

QString phaseName(adgen::Phase phase) {
    switch (phase) {
        case adgen::Phase::Queued: return GenerationController::tr("Queued");
        case adgen::Phase::Prefill: return GenerationController::tr("Reading the prompt");
        case adgen::Phase::Text: return GenerationController::tr("Writing copy");
        case adgen::Phase::Image: return GenerationController::tr("Rendering image");
        case adgen::Phase::Decoding: return GenerationController::tr("Decoding images");
        case adgen::Phase::Finished: return GenerationController::tr("Finished");
    }
    return {};
}

}  // namespace

GenerationRecipe GenerationController::recipeFor(const adgen::AdRequest& request, const adgen::ModelInfo& info) const {
    GenerationRecipe r;
    r.productPath = brief_->product()->filePath();
    r.sellingPoints = brief_->sellingPoints()->points();
    r.originalTitle = brief_->originalTitle();
    r.description = brief_->description();
    r.shopperName = shopperName_;
    r.profileId = shopperProfileId_;
    r.shopperClickCount = static_cast<int>(shopperClicks_.size());
    r.historyLength = historyLength_ >= 0 ? historyLength_ : static_cast<int>(info.historyLength);
    r.sampling = sampling_;
    r.samplingSeed = request.samplingSeed;
    r.titleTemperature = titleTemperature_;
    r.imageTemperature = imageTemperature_;
    r.cfgWeight = cfgWeight_;
    r.factualCopy = factualCopy_;
    for (size_t v = 0; v < request.seeds.size(); ++v)
        r.variants.append({static_cast<int>(v) + 1, request.seeds[v], {}, QStringLiteral("running")});
    r.modelName = QString::fromStdString(info.name);
    r.modelDirectory = QString::fromStdString(info.directory);
    r.modelFingerprint = model_->fingerprint();
    r.device = QString::fromStdString(adgen::toString(info.device));
    r.dtype = QString::fromStdString(adgen::toString(info.dtype));
    r.appVersion = QString::fromStdString(adgen::versionString());
    r.created = QDateTime::currentDateTimeUtc();
    return r;
}

GenerationController::GenerationController(BriefController* brief, ModelController* model, QObject* parent)
    : QObject(parent), brief_(brief), model_(model) {
    connect(model_, &ModelController::modelChanged, this, &GenerationController::applyModelDefaults);
    applyModelDefaults();
}

GenerationController::~GenerationController() {
    // The engine (owned by the model controller) may still run our job; its callback only holds
    // a QPointer to this object, so late events are dropped.
    if (job_ != 0) model_->engine().cancel(job_);
}

void GenerationController::applyModelDefaults() {
    const auto info = model_->engine().modelInfo();
    if (!info) return;
    titleTemperature_ = info->textTemperatureDefault;
    imageTemperature_ = info->imageTemperatureDefault;
    cfgWeight_ = info->cfgWeightDefault;
    if (samplingDefaults_) {
        titleTemperature_ = samplingDefaults_->titleTemperature;
        imageTemperature_ = samplingDefaults_->imageTemperature;
        cfgWeight_ = samplingDefaults_->cfgWeight;
    }
    Q_EMIT settingsChanged();
}

void GenerationController::applyDefaults(const GenerationDefaults& defaults) {
    setVariantCount(defaults.variantCount);
    setRandomSeeds(defaults.randomSeeds);
    setBaseSeed(QString::number(defaults.baseSeed));
    setHistoryLength(defaults.historyLength);
    setSampling(defaults.sampling);
    setFactualCopy(defaults.factualCopy);
    samplingDefaults_.reset();
    if (!defaults.useModelSampling) {
        samplingDefaults_ = defaults;
        setTitleTemperature(defaults.titleTemperature);
        setImageTemperature(defaults.imageTemperature);
        setCfgWeight(defaults.cfgWeight);
    }
    applyModelDefaults();  // back to the model's own when they are used again (no model: nothing)
}

void GenerationController::setVariantCount(int count) {
    count = std::clamp(count, 1, 8);
    if (count == variantCount_) return;
    variantCount_ = count;
    Q_EMIT settingsChanged();
}

void GenerationController::setRandomSeeds(bool random) {
    if (random == randomSeeds_) return;
    randomSeeds_ = random;
    Q_EMIT settingsChanged();
}

void GenerationController::setBaseSeed(const QString& seed) {
    bool ok = false;
    const quint64 value = seed.trimmed().toULongLong(&ok);
    if (!ok) {
        setError(tr("The seed \"%1\" is not a whole number.").arg(seed), tr("Use a number from 0 to 18446744073709551615."));
        Q_EMIT settingsChanged();  // so the field shows the seed in use again
        return;
    }
    if (value == baseSeed_) return;
    baseSeed_ = value;
    Q_EMIT settingsChanged();
}

void GenerationController::setTitleTemperature(double t) {
    t = std::max(t, 0.0);
    if (qFuzzyCompare(t + 1, titleTemperature_ + 1)) return;
    titleTemperature_ = t;
    Q_EMIT settingsChanged();
}

void GenerationController::setImageTemperature(double t) {
    t = std::max(t, 0.0);
    if (qFuzzyCompare(t + 1, imageTemperature_ + 1)) return;
    imageTemperature_ = t;
    Q_EMIT settingsChanged();
}

void GenerationController::setCfgWeight(double w) {
    if (!std::isfinite(w) || qFuzzyCompare(w + 1, cfgWeight_ + 1)) return;
    cfgWeight_ = w;
    Q_EMIT settingsChanged();
}

void GenerationController::setFactualCopy(bool on) {
    if (on == factualCopy_) return;
    factualCopy_ = on;
    Q_EMIT settingsChanged();
}

void GenerationController::setHistoryLength(int length) {
    length = std::max(length, -1);
    if (length == historyLength_) return;
    historyLength_ = length;
    Q_EMIT settingsChanged();
}

void GenerationController::setSampling(const QString& sampling) {
    if (sampling == sampling_ || !adgen::parseHistorySampling(sampling.toStdString())) return;
    sampling_ = sampling;
    Q_EMIT settingsChanged();
}

void GenerationController::setShopper(const QString& name, const QList<ProfileClick>& clicks, qint64 profileId) {
    shopperName_ = name;
    shopperProfileId_ = profileId;
    shopperClicks_ = clicks;
    shopper_ = toShopperClicks(clicks);
    Q_EMIT shopperChanged();
}

void GenerationController::clearShopper() { setShopper({}, {}); }

void GenerationController::setProfileStore(ProfileStore* store) {
    if (profiles_) disconnect(profiles_, nullptr, this, nullptr);
    profiles_ = store;
    if (!profiles_) return;
    // Edits to the profile in use apply to the next generation; a deleted one is dropped.
    connect(profiles_, &ProfileStore::profileChanged, this, [this](qint64 id) {
        if (id != shopperProfileId_ || id < 0) return;
        if (profiles_->profile(id)) useProfile(id);
        else clearShopper();
    });
}

bool GenerationController::useProfile(qint64 profileId) {
    const auto summary = profiles_ ? profiles_->profile(profileId) : std::nullopt;
    if (!summary) {
        setError(tr("The shopper profile %1 is not in the library.").arg(profileId), tr("Pick a profile from the Shopper list."));
        return false;
    }
    setShopper(summary->name, profiles_->clicks(profileId), profileId);
    return true;
}

GenerationRecipe GenerationController::recipe() const {
    GenerationRecipe r = recipe_;
    for (int v = 0; v < r.variants.size() && v < variants_.rowCount(); ++v) {
        auto& variant = r.variants[v];
        variant.title = variants_.title(v);
        switch (variants_.state(v)) {
            case VariantsModel::State::Done: variant.state = QStringLiteral("done"); break;
            case VariantsModel::State::Cancelled: variant.state = QStringLiteral("cancelled"); break;
            case VariantsModel::State::Failed: variant.state = QStringLiteral("failed"); break;
            default: variant.state = QStringLiteral("running"); break;
        }
    }
    return r;
}

QVariantList GenerationController::historyUsed() const {
    QVariantList out;
    for (const int i : historyUsed_) out.append(i);
    return out;
}

QStringList GenerationController::historyUsedTitles() const { return historyUsedTitles_; }

double GenerationController::elapsedSeconds() const {
    if (running()) return static_cast<double>(clock_.elapsed()) / 1000.0;
    return finishedAfterSeconds_;
}

QString GenerationController::readout() const {
    if (phase_.isEmpty()) return {};
    if (reopenedFromHistory_) return phase_;  // nothing ran: no speed to report
    QStringList parts{phase_};
    if (timeToFirstTokenMs_ > 0) parts << tr("first token %1 ms").arg(std::lround(timeToFirstTokenMs_));
    if (tokensPerSecond_ > 0) parts << tr("%1 tokens/s").arg(tokensPerSecond_, 0, 'f', 1);
    if (running() && etaSeconds_ > 0) parts << tr("ETA %1 s").arg(etaSeconds_, 0, 'f', 1);
    if (!running()) parts << tr("%1 s in all").arg(finishedAfterSeconds_, 0, 'f', 1);
    return parts.join(QStringLiteral(" · "));
}

std::optional<adgen::AdRequest> GenerationController::requestFor(const std::vector<adgen::ShopperClick>& history,
                                                                 const std::vector<quint64>& seeds) {
    clearError();
    const auto info = model_->engine().modelInfo();
    if (!info) {
        setError(tr("No model is loaded yet."), tr("Wait for the model to finish loading, or pick a model directory in Settings."));
        return std::nullopt;
    }
    if (!info->personalized) {
        setError(tr("The model %1 cannot write personalized ads.").arg(QString::fromStdString(info->name)),
                 tr("Load a Uni-AdGen model (such as the bundled demo model)."));
        return std::nullopt;
    }
    if (!brief_->product()->loaded()) {
        setError(tr("The brief has no product image."), tr("Load the product's transparent cut-out (PNG with alpha)."));
        return std::nullopt;
    }
    if (brief_->sellingPoints()->points().isEmpty()) {
        setError(tr("The brief has no selling points, so the model has nothing to write the copy from."),
                 tr("Add the product's selling points."));
        return std::nullopt;
    }
    adgen::AdRequest request;
    request.product = toRgbaImage(brief_->product()->image());
    for (const QString& point : brief_->sellingPoints()->points()) request.sellingPoints.push_back(point.toStdString());
    request.originalTitle = brief_->originalTitle().toStdString();
    request.history = history;
    request.historyLength = historyLength_;
    request.sampling = *adgen::parseHistorySampling(sampling_.toStdString());
    request.variants = static_cast<int>(seeds.size());
    request.seeds.assign(seeds.begin(), seeds.end());
    request.titleTemperature = titleTemperature_;
    request.imageTemperature = imageTemperature_;
    request.cfgWeight = cfgWeight_;
    request.factualCopy = factualCopy_;
    return request;
}

bool GenerationController::generate() {
    // Seeds are chosen here, not by the engine, so each variant shows its seed from the start.
    std::vector<quint64> seeds;
    for (int v = 0; v < variantCount_; ++v)
        seeds.push_back(randomSeeds_ ? QRandomGenerator::global()->generate64() : baseSeed_ + static_cast<quint64>(v));
    const std::optional<adgen::AdRequest> made = requestFor(shopper_, seeds);
    if (!made) return false;
    const adgen::AdRequest& request = *made;
    const auto info = model_->engine().modelInfo();
    if (running()) cancelAll();

    recipe_ = recipeFor(request, *info);
    reopenedFromHistory_ = false;
    variants_.start(seeds, static_cast<int>(info->gridSize), static_cast<int>(info->imageSize));
    historyUsed_.clear();
    historyUsedTitles_.clear();
    Q_EMIT historyUsedChanged();
    phase_ = phaseName(adgen::Phase::Queued);
    progress_ = timeToFirstTokenMs_ = tokensPerSecond_ = etaSeconds_ = 0;
    clock_.start();

    // The callback runs on the engine thread: hand each event to this object's thread, and drop
    // it if this object is gone by then.
    QPointer<GenerationController> self(this);
    job_ = model_->engine().generateAd(request, [self](const adgen::GenerationEvent& event) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, event] {
                if (self) self->onEvent(event);
            },
            Qt::QueuedConnection);
    });
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
    return true;
}

void GenerationController::cancelAll() {
    if (!running()) return;
    model_->engine().cancel(job_);
}

void GenerationController::cancelVariant(int variant) {
    if (!running() || variant < 0 || variant >= variants_.rowCount()) return;
    model_->engine().cancelVariant(job_, variant);
}

void GenerationController::reuseSeed(int variant) {
    if (variant < 0 || variant >= variants_.rowCount()) return;
    baseSeed_ = variants_.seed(variant);
    randomSeeds_ = false;
    Q_EMIT settingsChanged();
}

void GenerationController::setHistoryStore(GenerationHistoryStore* store) { history_ = store; }

bool GenerationController::reopen(qint64 generationId) {
    clearError();
    if (running()) {
        setError(tr("A generation is running, so a generation from the history cannot be shown now."),
                 tr("Cancel the running generation first (or wait for it to finish), then reopen this one."));
        return false;
    }
    if (!history_) {
        setError(tr("There is no generation history to reopen from."), tr("The studio opens one at start; restart it."));
        return false;
    }
    const std::optional<SavedGeneration> saved = history_->load(generationId);
    if (!saved) {
        setError(history_->error(), history_->errorFix());
        return false;
    }
    const GenerationRecipe& r = saved->recipe;

    // The settings that made it, with variant 1's seed fixed: generating again reproduces
    // variant 1 (with the same brief and shopper).
    if (!r.variants.isEmpty()) {
        baseSeed_ = r.variants.first().seed;
        randomSeeds_ = false;
    }
    variantCount_ = std::clamp(static_cast<int>(r.variants.size()), 1, 8);
    titleTemperature_ = std::max(r.titleTemperature, 0.0);
    imageTemperature_ = std::max(r.imageTemperature, 0.0);
    if (std::isfinite(r.cfgWeight)) cfgWeight_ = r.cfgWeight;
    factualCopy_ = r.factualCopy;
    historyLength_ = std::max(r.historyLength, -1);
    if (adgen::parseHistorySampling(r.sampling.toStdString())) sampling_ = r.sampling;
    if (profiles_ && r.profileId >= 0 && profiles_->profile(r.profileId)) useProfile(r.profileId);

    // recipe() pairs the grid's rows with the recipe's variants: the recipe lists the rows shown.
    recipe_ = r;
    recipe_.variants.clear();
    for (const SavedVariant& v : saved->variants) recipe_.variants.append({v.number, v.seed, v.title, v.state});

    // Canvases for variants without pictures: the pictures' size, else the loaded model's.
    const auto info = model_->engine().modelInfo();
    int imageSize = 0;
    for (const SavedVariant& v : saved->variants) {
        if (!v.image.isNull()) {
            imageSize = v.image.width();
            break;
        }
    }
    if (imageSize == 0) imageSize = info ? static_cast<int>(info->imageSize) : 384;
    const int grid = info ? static_cast<int>(info->gridSize) : 24;
    variants_.restore(saved->variants, grid, imageSize);

    historyUsed_.clear();
    historyUsedTitles_.clear();
    for (const GenerationRecipe::HistoryItem& h : r.historyUsed) {
        historyUsed_.push_back(h.index);
        historyUsedTitles_ << h.title;
    }
    reopenedFromHistory_ = true;
    phase_ = tr("Reopened from the history");
    progress_ = timeToFirstTokenMs_ = tokensPerSecond_ = etaSeconds_ = finishedAfterSeconds_ = 0;
    Q_EMIT settingsChanged();
    Q_EMIT historyUsedChanged();
    Q_EMIT progressChanged();
    Q_EMIT reopened(generationId);
    return true;
}

void GenerationController::onEvent(const adgen::GenerationEvent& e) {
    using Type = adgen::GenerationEvent::Type;
    if (e.generation != job_ || job_ == 0) return;  // an earlier generation's late event
    switch (e.type) {
        case Type::HistorySelected:
            historyUsed_ = e.historyUsed;
            for (const int i : e.historyUsed) {
                if (i < 0 || i >= shopperClicks_.size()) continue;
                historyUsedTitles_ << shopperClicks_[i].title;
                recipe_.historyUsed.append({i, shopperClicks_[i].title, shopperClicks_[i].sourcePath});
            }
            Q_EMIT historyUsedChanged();
            break;
        case Type::Phase:
            setPhase(phaseName(e.phase));
            break;
        case Type::TextDelta:
            if (timeToFirstTokenMs_ == 0) timeToFirstTokenMs_ = static_cast<double>(clock_.nsecsElapsed()) / 1e6;
            variants_.apply(e.variant, e);
            Q_EMIT progressChanged();
            break;
        case Type::ImageToken:
        case Type::Preview:
            variants_.apply(e.variant, e);
            break;
        case Type::Stats:
            progress_ = e.stepsTotal > 0 ? static_cast<double>(e.stepsDone) / static_cast<double>(e.stepsTotal) : 0;
            tokensPerSecond_ = e.tokensPerSecond;
            etaSeconds_ = e.etaSeconds;
            Q_EMIT progressChanged();
            break;
        case Type::VariantDone:
            variants_.apply(e.variant, e);
            Q_EMIT variantFinished(e.variant);
            break;
        case Type::Cancelled:
            if (!variants_.apply(e.variant, e)) {  // the whole generation
                variants_.endActive(VariantsModel::State::Cancelled);
                end();
            }
            break;
        case Type::Error:
            variants_.endActive(VariantsModel::State::Failed);
            setError(QString::fromStdString(e.error), QString::fromStdString(e.errorFix));
            end();
            break;
        case Type::Done:
            // Variants that never finished (cancelled while queued) count as cancelled.
            variants_.endActive(VariantsModel::State::Cancelled);
            end();
            break;
    }
}

void GenerationController::end() {
    finishedAfterSeconds_ = static_cast<double>(clock_.elapsed()) / 1000.0;
    job_ = 0;
    etaSeconds_ = 0;
    variants_.flush();
    phase_ = variants_.finishedCount() > 0 ? phaseName(adgen::Phase::Finished)
                                           : tr("Stopped");
    Q_EMIT runningChanged();
    Q_EMIT progressChanged();
    Q_EMIT finished();
}

void GenerationController::setPhase(const QString& phase) {
    if (phase == phase_) return;
    phase_ = phase;
    Q_EMIT progressChanged();
}

void GenerationController::setError(const QString& problem, const QString& fix) {
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}

void GenerationController::clearError() {
    if (error_.isEmpty() && errorFix_.isEmpty()) return;
    setError({}, {});
}
