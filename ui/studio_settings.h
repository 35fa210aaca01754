#pragma once

#include "generation_defaults.h"

#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>

class ModelController;
class QSettings;

// The studio's settings, kept in QSettings: the model (directory, device, dtype, CPU threads)
// and the generation defaults. The properties are what the Settings dialog edits; apply() makes
// them the saved settings. A change of model is saved only once the model has loaded with it, so
// a directory that cannot be loaded never becomes the one the next start tries: a failed load
// keeps the previous model (ModelController's rule) and the previous saved settings, and
// ModelController's `error` says why. Saved values that are no longer usable (an unknown
// device, a directory that is gone) are replaced on reading, and `notice` says by what and why.
// Not `final`: QML types may be instantiated through a subclass (QQmlPrivate::QQmlElement).
class StudioSettings : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(StudioSettings)
    // The model.
    Q_PROPERTY(QString modelDirectory READ modelDirectory WRITE setModelDirectory NOTIFY changed)
    Q_PROPERTY(QString defaultModelDirectory READ defaultModelDirectory CONSTANT)
    Q_PROPERTY(QString device READ device WRITE setDevice NOTIFY changed)  // "cpu" or "cuda"
    // "float32", "bfloat16" or "float16"; one of `dtypes`.
    Q_PROPERTY(QString dtype READ dtype WRITE setDType NOTIFY changed)
    // The dtypes that make sense on `device`, and why the others are left out (a tooltip).
    Q_PROPERTY(QStringList dtypes READ dtypes NOTIFY changed)
    Q_PROPERTY(QString dtypeHint READ dtypeHint NOTIFY changed)
    Q_PROPERTY(int threads READ threads WRITE setThreads NOTIFY changed)  // CPU threads; 0: all cores
    Q_PROPERTY(int maxThreads READ maxThreads CONSTANT)
    Q_PROPERTY(bool cudaAvailable READ cudaAvailable CONSTANT)
    // Why CUDA cannot be chosen; empty when it can.
    Q_PROPERTY(QString cudaUnavailableReason READ cudaUnavailableReason CONSTANT)
    // Generation defaults.
    Q_PROPERTY(int variantCount READ variantCount WRITE setVariantCount NOTIFY changed)
    Q_PROPERTY(bool randomSeeds READ randomSeeds WRITE setRandomSeeds NOTIFY changed)
    // Decimal text: 64-bit seeds exceed JavaScript numbers.
    Q_PROPERTY(QString baseSeed READ baseSeed WRITE setBaseSeed NOTIFY changed)
    Q_PROPERTY(int historyLength READ historyLength WRITE setHistoryLength NOTIFY changed)  // -1: the model's
    Q_PROPERTY(QString sampling READ sampling WRITE setSampling NOTIFY changed)  // "pss", "random", "most-similar"
    Q_PROPERTY(bool factualCopy READ factualCopy WRITE setFactualCopy NOTIFY changed)
    // True: the model's own temperatures and CFG; false: the three below.
    Q_PROPERTY(bool useModelSampling READ useModelSampling WRITE setUseModelSampling NOTIFY changed)
    Q_PROPERTY(double titleTemperature READ titleTemperature WRITE setTitleTemperature NOTIFY changed)
    Q_PROPERTY(double imageTemperature READ imageTemperature WRITE setImageTemperature NOTIFY changed)
    Q_PROPERTY(double cfgWeight READ cfgWeight WRITE setCfgWeight NOTIFY changed)
    // The loaded model's own temperatures and CFG, as one line ("" before a model is loaded).
    Q_PROPERTY(QString modelSampling READ modelSampling NOTIFY changed)
    // State.
    Q_PROPERTY(bool modified READ modified NOTIFY changed)  // edits not applied yet
    // apply() would load the model (directory, device, dtype or threads changed, or none loaded
    // nor loading).
    Q_PROPERTY(bool modelChangePending READ modelChangePending NOTIFY changed)
    Q_PROPERTY(bool applying READ applying NOTIFY applyingChanged)  // apply() waits for its load
    // Saved values that could not be used and what was used instead, one line each.
    Q_PROPERTY(QString notice READ notice NOTIFY noticeChanged)
    // A setter refused a value (e.g. CUDA where there is none); cleared by the next edit or apply.
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    // How the last apply() ended, for the dialog ("Settings saved.", "Not saved: …").
    Q_PROPERTY(QString status READ status NOTIFY statusChanged)

public:
    // Reads the application's QSettings (organization "AdGen", application "AdGen Studio").
    // `defaultModelDirectory` is the model used when none was saved, or the saved one is gone.
    StudioSettings(ModelController* model, const QString& defaultModelDirectory, QObject* parent = nullptr);
    // The same on an INI file of its own (tests).
    StudioSettings(ModelController* model, const QString& defaultModelDirectory, const QString& iniFile,
                   QObject* parent = nullptr);
    ~StudioSettings() override;

    QString modelDirectory() const { return edited_.directory; }
    void setModelDirectory(const QString& directoryOrUrl);
    QString defaultModelDirectory() const { return defaultModelDirectory_; }
    QString device() const { return edited_.device; }
    void setDevice(const QString& device);
    QString dtype() const { return edited_.dtype; }
    void setDType(const QString& dtype);
    QStringList dtypes() const { return dtypesFor(edited_.device); }
    QString dtypeHint() const;
    int threads() const { return edited_.threads; }
    void setThreads(int threads);
    int maxThreads() const;
    bool cudaAvailable() const { return cudaAvailable_; }
    QString cudaUnavailableReason() const { return cudaUnavailableReason_; }

    int variantCount() const { return edited_.generation.variantCount; }
    void setVariantCount(int count);
    bool randomSeeds() const { return edited_.generation.randomSeeds; }
    void setRandomSeeds(bool random);
    QString baseSeed() const { return QString::number(edited_.generation.baseSeed); }
    void setBaseSeed(const QString& seed);
    int historyLength() const { return edited_.generation.historyLength; }
    void setHistoryLength(int length);
    QString sampling() const { return edited_.generation.sampling; }
    void setSampling(const QString& sampling);
    bool factualCopy() const { return edited_.generation.factualCopy; }
    void setFactualCopy(bool on);
    bool useModelSampling() const { return edited_.generation.useModelSampling; }
    // Turning it off starts the three values below from the loaded model's own.
    void setUseModelSampling(bool on);
    double titleTemperature() const { return edited_.generation.titleTemperature; }
    void setTitleTemperature(double t);
    double imageTemperature() const { return edited_.generation.imageTemperature; }
    void setImageTemperature(double t);
    double cfgWeight() const { return edited_.generation.cfgWeight; }
    void setCfgWeight(double w);
    QString modelSampling() const;

    bool modified() const { return !(edited_ == saved_); }
    bool modelChangePending() const;
    bool applying() const { return applying_; }
    QString notice() const { return notices_.join(QLatin1Char('\n')); }
    QString error() const { return error_; }
    QString status() const { return status_; }

    // The saved generation defaults (not the unapplied edits), for GenerationController.
    GenerationDefaults generationDefaults() const { return saved_.generation; }
    // The dtypes offered on `device` ("cpu" or "cuda").
    static QStringList dtypesFor(const QString& device);

    // Loads the saved model with the saved device, dtype and threads, or `directoryOverride`
    // instead of the saved directory (the studio's --model option: used, not saved).
    void loadSavedModel(const QString& directoryOverride = QString());
    // Makes the edits the saved settings. When the model changes (modelChangePending), loads it
    // first and saves only if it loaded: applied(false) and nothing saved when the load fails
    // or is cancelled. Without a model change it saves at once. Returns false if an apply is
    // already waiting for its load.
    Q_INVOKABLE bool apply();
    // Drops the edits: the properties show the saved settings again.
    Q_INVOKABLE void revert();

Q_SIGNALS:
    void changed();
    void applyingChanged();
    void noticeChanged();
    void errorChanged();
    void statusChanged();
    // apply() ended: saved, or not (the load failed or was cancelled).
    void applied(bool saved);
    // The saved generation defaults changed (an apply saved new ones).
    void generationDefaultsChanged();

private:
    struct Values {
        QString directory;
        QString device;
        QString dtype;
        int threads = 0;
        GenerationDefaults generation;
        friend bool operator==(const Values& a, const Values& b) {
            return a.directory == b.directory && a.device == b.device && a.dtype == b.dtype &&
                   a.threads == b.threads && a.generation == b.generation;
        }
    };

    void read();
    void save();
    void onApplyLoadFinished(bool loaded);
    void commit(const Values& values);
    // Applies `change` to the edits; emits `changed` if it changed anything.
    void edit(const std::function<void(Values&)>& change);
    void setError(const QString& error);
    void setStatus(const QString& status);

    ModelController* model_;
    QString defaultModelDirectory_;
    std::unique_ptr<QSettings> settings_;
    bool cudaAvailable_ = false;
    QString cudaUnavailableReason_;
    Values saved_;   // as read (usable values only) or as last saved
    Values edited_;  // what the properties show
    QStringList notices_;
    QString error_;
    QString status_;
    bool applying_ = false;
    Values pending_;  // the values an apply's load is for
};
