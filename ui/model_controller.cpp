#include "model_controller.h"

#include "model_fingerprint.h"

#include "adgen/engine.h"

#include <QDir>
#include <QFileInfo>
#include <QMetaObject>
#include <QPointer>
#include <QUrl>

#include <algorithm>
#include <thread>

#include <algorithm>

namespace {

QString localPath(const QString& pathOrUrl) {
    const QUrl url(pathOrUrl);
    return url.isLocalFile() ? url.toLocalFile() : pathOrUrl;
}

// `threads`: the CPU threads the engine was asked for (0: one per core, as the engine does).
QString describe(const adgen::ModelInfo& info, int threads) {
    const QString kind = info.personalized ? QStringLiteral("Uni-AdGen") : QString::fromStdString(info.family);
    QString text = QStringLiteral("%1 · %2 · %3 M parameters · %4 %5")
                       .arg(QString::fromStdString(info.name), kind,
                            QString::number(static_cast<double>(info.parameterCount) / 1e6, 'f', 1),
                            QString::fromStdString(adgen::toString(info.device)).toUpper(),
                            QString::fromStdString(adgen::toString(info.dtype)));
    if (info.device == adgen::Device::Cpu) {
        const int used = threads > 0 ? threads : static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
        text += used == 1 ? ModelController::tr(" · 1 thread") : ModelController::tr(" · %1 threads").arg(used);
    }
    return text;
}

}  // namespace

ModelController::ModelController(QObject* parent) : QObject(parent), engine_(std::make_unique<adgen::Engine>()) {}

ModelController::~ModelController() {
    // First: the engine cancels its jobs and joins its thread, so no callback runs while the
    // members below are destroyed.
    engine_.reset();
    // The fingerprint thread posts to this object: let it finish while the object is whole.
    if (fingerprintThread_.joinable()) fingerprintThread_.join();
}

void ModelController::load(const QString& directoryOrUrl) { startLoad(directoryOrUrl, adgen::LoadRequest{}); }

void ModelController::load(const QString& directoryOrUrl, const QString& device, const QString& dtype, int threads) {
    const auto parsedDevice = adgen::parseDevice(device.toStdString());
    const auto parsedDType = adgen::parseDType(dtype.toStdString());
    if (!parsedDevice || !parsedDType) {
        const QString keep = ready() ? tr(" The model %1 is still loaded.").arg(name_) : QString();
        if (!parsedDevice)
            setError(tr("\"%1\" is not a device AdGen can run on.").arg(device), tr("Choose cpu or cuda.") + keep);
        else
            setError(tr("\"%1\" is not a number format AdGen can load weights in.").arg(dtype),
                     tr("Choose float32, bfloat16 or float16.") + keep);
        Q_EMIT loadFinished(false);
        return;
    }
    adgen::LoadRequest request;
    request.device = *parsedDevice;
    request.dtype = *parsedDType;
    request.threads = std::max(threads, 0);
    startLoad(directoryOrUrl, request);
}

void ModelController::startLoad(const QString& directoryOrUrl, adgen::LoadRequest request) {
    const QString directory = QDir::cleanPath(QFileInfo(localPath(directoryOrUrl)).absoluteFilePath());
    if (loading()) cancelLoad();
    clearError();
    request.modelDirectory = directory.toStdString();
    loadingThreads_ = request.threads;
    // The callback runs on the engine thread: hand everything to this object's thread, and drop
    // it if this object is gone by then.
    QPointer<ModelController> self(this);
    loadJob_ = engine_->loadModel(request, [self](const adgen::LoadEvent& event) {
        QMetaObject::invokeMethod(
            self.data(),
            [self, event] {
                if (self) self->onLoadEvent(event);
            },
            Qt::QueuedConnection);
    });
    loadingDirectory_ = directory;
    progress_ = 0;
    Q_EMIT loadingChanged();
    Q_EMIT progressChanged();
}

void ModelController::cancelLoad() {
    if (!loading()) return;
    engine_->cancel(loadJob_);
}

void ModelController::onLoadEvent(const adgen::LoadEvent& event) {
    if (event.job != loadJob_) return;  // a load that was replaced by a newer one
    if (event.type == adgen::LoadEvent::Type::Progress) {
        progress_ = event.fraction;
        Q_EMIT progressChanged();
        return;
    }
    const QString attempted = loadingDirectory_;
    loadJob_ = 0;
    loadingDirectory_.clear();
    Q_EMIT loadingChanged();
    switch (event.type) {
        case adgen::LoadEvent::Type::Loaded:
            directory_ = QString::fromStdString(event.info->directory);
            name_ = QString::fromStdString(event.info->name);
            personalized_ = event.info->personalized;
            summary_ = describe(*event.info, loadingThreads_);
            Q_EMIT modelChanged();
            startFingerprint(directory_);
            break;
        case adgen::LoadEvent::Type::Failed:
            setError(tr("The model in %1 could not be loaded: %2").arg(attempted, QString::fromStdString(event.error)),
                     QString::fromStdString(event.errorFix) +
                         (ready() ? tr(" The model %1 is still loaded.").arg(name_) : QString()));
            break;
        default:  // cancelled: nothing changed
            break;
    }
    Q_EMIT loadFinished(event.type == adgen::LoadEvent::Type::Loaded);
}

void ModelController::startFingerprint(const QString& directory) {
    if (fingerprintThread_.joinable()) fingerprintThread_.join();
    const uint64_t job = ++fingerprintJob_;
    if (!fingerprint_.isEmpty()) {
        fingerprint_.clear();
        Q_EMIT fingerprintChanged();
    }
    // The destructor joins this thread before the object goes, so posting to `this` is safe; a
    // result that arrives after a newer load started is dropped by the job check.
    fingerprintThread_ = std::thread([this, job, directory] {
        QString error;
        const QString fingerprint = computeModelFingerprint(directory, &error);
        QMetaObject::invokeMethod(
            this,
            [this, job, fingerprint, error] {
                if (job != fingerprintJob_) return;
                if (fingerprint.isEmpty()) {
                    // Recipes then carry no fingerprint; generating works all the same.
                    qWarning("Model fingerprint not computed: %s", qUtf8Printable(error));
                    return;
                }
                fingerprint_ = fingerprint;
                Q_EMIT fingerprintChanged();
            },
            Qt::QueuedConnection);
    });
}

void ModelController::setError(const QString& problem, const QString& fix) {
    error_ = problem;
    errorFix_ = fix;
    Q_EMIT errorChanged();
}

void ModelController::clearError() {
    if (error_.isEmpty() && errorFix_.isEmpty()) return;
    setError({}, {});
}
