#include "studio_settings.h"

#include "model_controller.h"

#include "adgen/engine.h"
#include "adgen/runtime_info.h"

#include <QDir>
#include <QFileInfo>
#include <QSettings>
#include <QThread>
#include <QUrl>

#include <algorithm>
#include <cmath>
#include <limits>

namespace {

// The keys in QSettings. Devices and dtypes are stored as the engine spells them.
const QString kDirectory = QStringLiteral("model/directory");
const QString kDevice = QStringLiteral("model/device");
const QString kDType = QStringLiteral("model/dtype");
const QString kThreads = QStringLiteral("model/threads");
const QString kVariantCount = QStringLiteral("generation/variantCount");
const QString kRandomSeeds = QStringLiteral("generation/randomSeeds");
const QString kBaseSeed = QStringLiteral("generation/baseSeed");
const QString kHistoryLength = QStringLiteral("generation/historyLength");
const QString kSampling = QStringLiteral("generation/sampling");
const QString kFactualCopy = QStringLiteral("generation/factualCopy");
const QString kUseModelSampling = QStringLiteral("generation/useModelSampling");
const QString kTitleTemperature = QStringLiteral("generation/titleTemperature");
const QString kImageTemperature = QStringLiteral("generation/imageTemperature");
const QString kCfgWeight = QStringLiteral("generation/cfgWeight");

constexpr int kMaxVariants = 8;  // as GenerationController allows

QString absoluteDirectory(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    const QString path = url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
    return QDir::cleanPath(QFileInfo(path).absoluteFilePath());
}

// The engine's spelling of a device or dtype ("gpu" -> "cuda", "bf16" -> "bfloat16"), or empty.
QString canonicalDevice(const QString& text) {
    const auto device = adgen::parseDevice(text.trimmed().toLower().toStdString());
    return device ? QString::fromStdString(adgen::toString(*device)) : QString();
}

QString canonicalDType(const QString& text) {
    const auto dtype = adgen::parseDType(text.trimmed().toLower().toStdString());
    return dtype ? QString::fromStdString(adgen::toString(*dtype)) : QString();
}

QString canonicalSampling(const QString& text) {
    const auto sampling = adgen::parseHistorySampling(text.trimmed().toStdString());
    return sampling ? QString::fromStdString(adgen::toString(*sampling)) : QString();
}

}  // namespace

StudioSettings::StudioSettings(ModelController* model, const QString& defaultModelDirectory, QObject* parent)
    : StudioSettings(model, defaultModelDirectory, QString(), parent) {}

StudioSettings::StudioSettings(ModelController* model, const QString& defaultModelDirectory, const QString& iniFile,
                               QObject* parent)
    : QObject(parent),
      model_(model),
      defaultModelDirectory_(absoluteDirectory(defaultModelDirectory)),
      settings_(iniFile.isEmpty() ? std::make_unique<QSettings>() : std::make_unique<QSettings>(iniFile, QSettings::IniFormat)) {
    const adgen::RuntimeInfo runtime = adgen::runtimeInfo();
    cudaAvailable_ = runtime.cudaAvailable;
    if (!cudaAvailable_) {
        cudaUnavailableReason_ = tr("No CUDA device: libtorch %1 in this build finds none (a CPU-only build, or no NVIDIA "
                                    "GPU and driver).")
                                     .arg(QString::fromStdString(runtime.torchVersion));
    }
    read();
    edited_ = saved_;
    // Whether apply() has to load depends on whether a model is loaded at all.
    connect(model_, &ModelController::modelChanged, this, &StudioSettings::changed);
    connect(model_, &ModelController::loadingChanged, this, &StudioSettings::changed);
}

StudioSettings::~StudioSettings() = default;

QStringList StudioSettings::dtypesFor(const QString& device) {
    // float16 is left out on the CPU: see dtypeHint().
    if (canonicalDevice(device) == QLatin1String("cuda"))
        return {QStringLiteral("float32"), QStringLiteral("bfloat16"), QStringLiteral("float16")};
    return {QStringLiteral("float32"), QStringLiteral("bfloat16")};
}

QString StudioSettings::dtypeHint() const {
    if (edited_.device == QLatin1String("cuda"))
        return tr("float16 and bfloat16 halve the memory the weights take and run faster on the GPU (bfloat16 needs "
                  "an Ampere or newer card); float32 is the most accurate.");
    // Checked on libtorch 1.13.1: a float16 forward pass on the CPU stops at the first clamp
    // ("clamp_min_cpu" not implemented for 'Half').
    return tr("float16 is not offered on the CPU: libtorch 1.13's CPU kernels lack float16 versions of operations "
              "the model uses, so generating would fail. bfloat16 halves the memory the weights take; float32 is the "
              "most accurate.");
}

int StudioSettings::maxThreads() const { return std::max(1, QThread::idealThreadCount()); }

bool StudioSettings::modelChangePending() const {
    // With no model and none on its way (the one at start failed), Apply tries again.
    return (!model_->ready() && !model_->loading()) || edited_.directory != saved_.directory || edited_.device != saved_.device ||
           edited_.dtype != saved_.dtype || edited_.threads != saved_.threads;
}

void StudioSettings::read() {
    QSettings& s = *settings_;
    Values v;
    QStringList notices;

    v.directory = defaultModelDirectory_;
    const QString directory = s.value(kDirectory).toString();
    if (!directory.isEmpty()) {
        if (QFileInfo(directory).isDir())
            v.directory = absoluteDirectory(directory);
        else
            notices << tr("The saved model directory %1 does not exist any more; the bundled model %2 is used instead.")
                           .arg(directory, defaultModelDirectory_);
    }

    v.device = QStringLiteral("cpu");
    const QString device = s.value(kDevice).toString();
    if (!device.isEmpty()) {
        const QString known = canonicalDevice(device);
        if (known.isEmpty())
            notices << tr("The saved device \"%1\" is not one AdGen can run on; the CPU is used instead.").arg(device);
        else if (known == QLatin1String("cuda") && !cudaAvailable_)
            notices << tr("The saved device is CUDA. %1 The CPU is used instead.").arg(cudaUnavailableReason_);
        else
            v.device = known;
    }

    v.dtype = QStringLiteral("float32");
    const QString dtype = s.value(kDType).toString();
    if (!dtype.isEmpty()) {
        const QString known = canonicalDType(dtype);
        if (known.isEmpty())
            notices << tr("The saved dtype \"%1\" is not one AdGen can load weights in; float32 is used instead.").arg(dtype);
        else if (!dtypesFor(v.device).contains(known))
            notices << tr("The saved dtype %1 is not offered on the %2; float32 is used instead.")
                           .arg(known, v.device == QLatin1String("cuda") ? QStringLiteral("GPU") : QStringLiteral("CPU"));
        else
            v.dtype = known;
    }

    if (s.contains(kThreads)) {
        bool ok = false;
        const int threads = s.value(kThreads).toInt(&ok);
        if (!ok || threads < 0)
            notices << tr("The saved CPU thread count \"%1\" is not a number of threads; all cores are used.")
                           .arg(s.value(kThreads).toString());
        else
            v.threads = std::min(threads, maxThreads());
    }

    GenerationDefaults& g = v.generation;
    const GenerationDefaults fallback;
    g.variantCount = std::clamp(s.value(kVariantCount, fallback.variantCount).toInt(), 1, kMaxVariants);
    g.randomSeeds = s.value(kRandomSeeds, fallback.randomSeeds).toBool();
    if (s.contains(kBaseSeed)) {
        bool ok = false;
        const quint64 seed = s.value(kBaseSeed).toString().trimmed().toULongLong(&ok);
        if (ok)
            g.baseSeed = seed;
        else
            notices << tr("The saved seed \"%1\" is not a whole number; seed %2 is used instead.")
                           .arg(s.value(kBaseSeed).toString())
                           .arg(fallback.baseSeed);
    }
    g.historyLength = std::max(s.value(kHistoryLength, fallback.historyLength).toInt(), -1);
    if (s.contains(kSampling)) {
        const QString sampling = canonicalSampling(s.value(kSampling).toString());
        if (!sampling.isEmpty())
            g.sampling = sampling;
        else
            notices << tr("The saved history sampling \"%1\" is not one AdGen knows; product similarity (PSS) is used.")
                           .arg(s.value(kSampling).toString());
    }
    g.factualCopy = s.value(kFactualCopy, fallback.factualCopy).toBool();
    g.useModelSampling = s.value(kUseModelSampling, fallback.useModelSampling).toBool();
    const auto readNumber = [&](const QString& key, double byDefault, double minimum) {
        bool ok = false;
        const double value = s.value(key, byDefault).toDouble(&ok);
        return ok && std::isfinite(value) ? std::max(value, minimum) : byDefault;
    };
    g.titleTemperature = readNumber(kTitleTemperature, fallback.titleTemperature, 0.0);
    g.imageTemperature = readNumber(kImageTemperature, fallback.imageTemperature, 0.0);
    g.cfgWeight = readNumber(kCfgWeight, fallback.cfgWeight, std::numeric_limits<double>::lowest());

    saved_ = v;
    if (notices != notices_) {
        notices_ = notices;
        Q_EMIT noticeChanged();
    }
}

void StudioSettings::save() {
    QSettings& s = *settings_;
    s.setValue(kDirectory, saved_.directory);
    s.setValue(kDevice, saved_.device);
    s.setValue(kDType, saved_.dtype);
    s.setValue(kThreads, saved_.threads);
    const GenerationDefaults& g = saved_.generation;
    s.setValue(kVariantCount, g.variantCount);
    s.setValue(kRandomSeeds, g.randomSeeds);
    s.setValue(kBaseSeed, QString::number(g.baseSeed));  // as text: 64-bit seeds survive every format
    s.setValue(kHistoryLength, g.historyLength);
    s.setValue(kSampling, g.sampling);
    s.setValue(kFactualCopy, g.factualCopy);
    s.setValue(kUseModelSampling, g.useModelSampling);
    s.setValue(kTitleTemperature, g.titleTemperature);
    s.setValue(kImageTemperature, g.imageTemperature);
    s.setValue(kCfgWeight, g.cfgWeight);
    s.sync();  // now, so a studio started next (or a crash) sees it
    if (s.status() != QSettings::NoError)
        setError(tr("The settings could not be written to %1; they apply until the studio closes.").arg(s.fileName()));
}

void StudioSettings::loadSavedModel(const QString& directoryOverride) {
    model_->load(directoryOverride.isEmpty() ? saved_.directory : directoryOverride, saved_.device, saved_.dtype,
                 saved_.threads);
}

bool StudioSettings::apply() {
    if (applying_) return false;
    setError({});
    if (!modelChangePending()) {
        commit(edited_);
        setStatus(tr("Settings saved."));
        Q_EMIT applied(true);
        return true;
    }
    pending_ = edited_;
    applying_ = true;
    Q_EMIT applyingChanged();
    setStatus(tr("Loading the model from %1…").arg(pending_.directory));
    // The next load to finish is this one: ModelController drops the results of loads it has
    // replaced, and load() below replaces any load still running (e.g. the one at start).
    connect(model_, &ModelController::loadFinished, this, &StudioSettings::onApplyLoadFinished,
            Qt::SingleShotConnection);
    model_->load(pending_.directory, pending_.device, pending_.dtype, pending_.threads);
    return true;
}

void StudioSettings::onApplyLoadFinished(bool loaded) {
    applying_ = false;
    Q_EMIT applyingChanged();
    if (loaded) {
        // The dialog shows what was saved, unless the designer edited on meanwhile; a dialog
        // closed during the load has reverted to the old settings, which are no longer saved.
        if (edited_ == saved_) edited_ = pending_;
        commit(pending_);
        setStatus(tr("Loaded %1 and saved the settings.").arg(model_->name()));
    } else if (model_->error().isEmpty()) {
        setStatus(tr("Loading was cancelled. Nothing was saved: the previous model and settings are kept."));
    } else {
        setStatus(tr("Nothing was saved: the model could not be loaded, so the previous model and settings are kept."));
    }
    Q_EMIT applied(loaded);
}

void StudioSettings::commit(const Values& values) {
    const bool generationChanged = values.generation != saved_.generation;
    saved_ = values;
    save();
    // What was saved is usable: the notices about the values read before no longer hold.
    if (!notices_.isEmpty()) {
        notices_.clear();
        Q_EMIT noticeChanged();
    }
    Q_EMIT changed();  // `modified` and `modelChangePending`
    if (generationChanged) Q_EMIT generationDefaultsChanged();
}

void StudioSettings::revert() {
    setError({});
    if (edited_ == saved_) return;
    edited_ = saved_;
    Q_EMIT changed();
}

void StudioSettings::edit(const std::function<void(Values&)>& change) {
    setError({});
    Values next = edited_;
    change(next);
    if (next == edited_) return;
    edited_ = next;
    Q_EMIT changed();
}

void StudioSettings::setModelDirectory(const QString& directoryOrUrl) {
    if (directoryOrUrl.trimmed().isEmpty()) {
        setError(tr("Choose the folder that holds the model's config.json."));
        Q_EMIT changed();  // so the field shows the directory in use again
        return;
    }
    const QString directory = absoluteDirectory(directoryOrUrl.trimmed());
    edit([&](Values& v) { v.directory = directory; });
}

void StudioSettings::setDevice(const QString& device) {
    const QString known = canonicalDevice(device);
    if (known.isEmpty()) {
        setError(tr("\"%1\" is not a device AdGen can run on: choose cpu or cuda.").arg(device));
        Q_EMIT changed();
        return;
    }
    if (known == QLatin1String("cuda") && !cudaAvailable_) {
        setError(cudaUnavailableReason_);
        Q_EMIT changed();
        return;
    }
    edit([&](Values& v) {
        v.device = known;
        if (!dtypesFor(known).contains(v.dtype)) v.dtype = QStringLiteral("float32");
    });
}

void StudioSettings::setDType(const QString& dtype) {
    const QString known = canonicalDType(dtype);
    if (known.isEmpty() || !dtypes().contains(known)) {
        setError(known.isEmpty() ? tr("\"%1\" is not a dtype AdGen can load weights in.").arg(dtype) : dtypeHint());
        Q_EMIT changed();
        return;
    }
    edit([&](Values& v) { v.dtype = known; });
}

void StudioSettings::setThreads(int threads) {
    threads = std::clamp(threads, 0, maxThreads());
    edit([&](Values& v) { v.threads = threads; });
}

void StudioSettings::setVariantCount(int count) {
    count = std::clamp(count, 1, kMaxVariants);
    edit([&](Values& v) { v.generation.variantCount = count; });
}

void StudioSettings::setRandomSeeds(bool random) {
    edit([&](Values& v) { v.generation.randomSeeds = random; });
}

void StudioSettings::setBaseSeed(const QString& seed) {
    bool ok = false;
    const quint64 value = seed.trimmed().toULongLong(&ok);
    if (!ok) {
        setError(tr("The seed \"%1\" is not a whole number from 0 to 18446744073709551615.").arg(seed));
        Q_EMIT changed();
        return;
    }
    edit([&](Values& v) { v.generation.baseSeed = value; });
}

void StudioSettings::setHistoryLength(int length) {
    length = std::max(length, -1);
    edit([&](Values& v) { v.generation.historyLength = length; });
}

void StudioSettings::setSampling(const QString& sampling) {
    const QString known = canonicalSampling(sampling);
    if (known.isEmpty()) {
        setError(tr("\"%1\" is not a history sampling: choose pss, most-similar or random.").arg(sampling));
        Q_EMIT changed();
        return;
    }
    edit([&](Values& v) { v.generation.sampling = known; });
}

void StudioSettings::setFactualCopy(bool on) {
    edit([&](Values& v) { v.generation.factualCopy = on; });
}

void StudioSettings::setUseModelSampling(bool on) {
    const auto info = model_->engine().modelInfo();
    edit([&](Values& v) {
        // The designer's own values start from the model's: a small change from there is the
        // usual wish, not a jump from whatever was saved for another model.
        if (v.generation.useModelSampling && !on && info) {
            v.generation.titleTemperature = info->textTemperatureDefault;
            v.generation.imageTemperature = info->imageTemperatureDefault;
            v.generation.cfgWeight = info->cfgWeightDefault;
        }
        v.generation.useModelSampling = on;
    });
}

QString StudioSettings::modelSampling() const {
    const auto info = model_->engine().modelInfo();
    if (!info) return {};
    return tr("%1: copy T %2 · image T %3 · CFG %4")
        .arg(QString::fromStdString(info->name), QString::number(info->textTemperatureDefault, 'f', 2),
             QString::number(info->imageTemperatureDefault, 'f', 2), QString::number(info->cfgWeightDefault, 'f', 1));
}

void StudioSettings::setTitleTemperature(double t) {
    if (!std::isfinite(t)) return;
    t = std::max(t, 0.0);
    edit([&](Values& v) { v.generation.titleTemperature = t; });
}

void StudioSettings::setImageTemperature(double t) {
    if (!std::isfinite(t)) return;
    t = std::max(t, 0.0);
    edit([&](Values& v) { v.generation.imageTemperature = t; });
}

void StudioSettings::setCfgWeight(double w) {
    if (!std::isfinite(w)) return;
    edit([&](Values& v) { v.generation.cfgWeight = w; });
}

void StudioSettings::setError(const QString& error) {
    if (error == error_) return;
    error_ = error;
    Q_EMIT errorChanged();
}

void StudioSettings::setStatus(const QString& status) {
    if (status == status_) return;
    status_ = status;
    Q_EMIT statusChanged();
}
