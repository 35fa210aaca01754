#pragma once

#include <QObject>
#include <QString>

#include <cstdint>
#include <memory>
#include <thread>

namespace adgen {
class Engine;
struct LoadEvent;
struct LoadRequest;
}  // namespace adgen

// The model the studio generates with, and the engine that owns it. Loading runs on the engine
// thread; its progress and result come back to this object's thread as queued calls, so the UI
// never waits. A load that fails or is cancelled leaves the previous model loaded and working
// (the engine replaces it only on success) and sets `error`/`errorFix`.
class ModelController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(ModelController)
    Q_PROPERTY(bool loading READ loading NOTIFY loadingChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(QString loadingDirectory READ loadingDirectory NOTIFY loadingChanged)
    Q_PROPERTY(bool ready READ ready NOTIFY modelChanged)
    Q_PROPERTY(QString directory READ directory NOTIFY modelChanged)
    Q_PROPERTY(QString name READ name NOTIFY modelChanged)
    Q_PROPERTY(bool personalized READ personalized NOTIFY modelChanged)
    // One line for the status bar: name, kind, size, device and dtype ("No model loaded" before).
    Q_PROPERTY(QString summary READ summary NOTIFY modelChanged)
    // The loaded weights' identity for recipes ("sha256:…", see computeModelFingerprint); empty
    // before a load and for the moment after one, while it is computed off the UI thread.
    Q_PROPERTY(QString fingerprint READ fingerprint NOTIFY fingerprintChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    explicit ModelController(QObject* parent = nullptr);
    ~ModelController() override;

    bool loading() const { return loadJob_ != 0; }
    double progress() const { return progress_; }
    QString loadingDirectory() const { return loadingDirectory_; }
    bool ready() const { return !directory_.isEmpty(); }
    QString directory() const { return directory_; }
    QString name() const { return name_; }
    bool personalized() const { return personalized_; }
    QString summary() const { return summary_; }
    QString fingerprint() const { return fingerprint_; }
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // Starts loading the model directory (a path or file: URL) on the CPU in float32 with all
    // cores; a load already running is cancelled first.
    Q_INVOKABLE void load(const QString& directoryOrUrl);
    // The same on `device` ("cpu", "cuda") in `dtype` ("float32", "bfloat16", "float16") with
    // `threads` CPU threads (0: all cores). An unknown device or dtype starts nothing: it sets
    // `error` and ends at once with loadFinished(false), the loaded model untouched.
    Q_INVOKABLE void load(const QString& directoryOrUrl, const QString& device, const QString& dtype, int threads = 0);
    Q_INVOKABLE void cancelLoad();
    Q_INVOKABLE void clearError();

    // For the generation controllers: the engine, whose thread owns the model.
    adgen::Engine& engine() { return *engine_; }

Q_SIGNALS:
    void loadingChanged();
    void progressChanged();
    void modelChanged();
    void errorChanged();
    void fingerprintChanged();
    // A load ended: loaded, failed or cancelled (for tests and scripts).
    void loadFinished(bool loaded);

private:
    void startLoad(const QString& directoryOrUrl, adgen::LoadRequest request);
    void onLoadEvent(const adgen::LoadEvent& event);
    void setError(const QString& problem, const QString& fix);
    void startFingerprint(const QString& directory);

    std::unique_ptr<adgen::Engine> engine_;
    uint64_t loadJob_ = 0;
    double progress_ = 0;
    QString loadingDirectory_;
    int loadingThreads_ = 0;  // the load running or last started: CPU threads asked for
    QString directory_;
    QString name_;
    bool personalized_ = false;
    QString summary_ = tr("No model loaded");
    QString fingerprint_;
    // Reads at most 2 MiB per weights file, so joining it (next load, destructor) is quick.
    std::thread fingerprintThread_;
    uint64_t fingerprintJob_ = 0;  // results of older jobs are dropped
    QString error_;
    QString errorFix_;
};
