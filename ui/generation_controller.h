#pragma once

#include "adgen/engine.h"
#include "generation_defaults.h"
#include "generation_recipe.h"
#include "profile_click.h"
#include "variants_model.h"

#include <QElapsedTimer>
#include <QObject>
#include <QString>
#include <QStringList>
#include <QVariantList>

#include <cstdint>
#include <optional>
#include <vector>

class BriefController;
class GenerationHistoryStore;
class ModelController;
class ProfileStore;

// Generates ads for the brief and the chosen shopper with the loaded model: the settings the
// designer picks, one generation at a time on the engine thread, its variants streaming into
// `variants`, and the read-outs (phase, time to first token, tokens/s, ETA). Every call returns
// at once: the engine's events come back to this object's thread as queued calls.
// Not `final`: QML instantiates it through a subclass (QQmlPrivate::QQmlElement).
class GenerationController : public QObject {
    Q_OBJECT
    Q_DISABLE_COPY_MOVE(GenerationController)
    Q_PROPERTY(VariantsModel* variants READ variants CONSTANT)
    // Settings.
    Q_PROPERTY(int variantCount READ variantCount WRITE setVariantCount NOTIFY settingsChanged)
    Q_PROPERTY(bool randomSeeds READ randomSeeds WRITE setRandomSeeds NOTIFY settingsChanged)
    // With fixed seeds, variant i uses baseSeed + i (decimal text: 64-bit seeds exceed JavaScript numbers).
    Q_PROPERTY(QString baseSeed READ baseSeed WRITE setBaseSeed NOTIFY settingsChanged)
    Q_PROPERTY(double titleTemperature READ titleTemperature WRITE setTitleTemperature NOTIFY settingsChanged)
    Q_PROPERTY(double imageTemperature READ imageTemperature WRITE setImageTemperature NOTIFY settingsChanged)
    Q_PROPERTY(double cfgWeight READ cfgWeight WRITE setCfgWeight NOTIFY settingsChanged)
    Q_PROPERTY(bool factualCopy READ factualCopy WRITE setFactualCopy NOTIFY settingsChanged)
    // Clicks that condition the ad; -1: the model's own history length.
    Q_PROPERTY(int historyLength READ historyLength WRITE setHistoryLength NOTIFY settingsChanged)
    // "pss", "random" or "most-similar".
    Q_PROPERTY(QString sampling READ sampling WRITE setSampling NOTIFY settingsChanged)
    // The shopper.
    Q_PROPERTY(QString shopperName READ shopperName NOTIFY shopperChanged)
    // The library profile in use (-1: none, or clicks that are not in the library).
    Q_PROPERTY(qint64 shopperProfileId READ shopperProfileId NOTIFY shopperChanged)
    Q_PROPERTY(int shopperClickCount READ shopperClickCount NOTIFY shopperChanged)
    // The clicks the history sampling picked for the current generation (indices into the
    // shopper's clicks, and their titles).
    Q_PROPERTY(QVariantList historyUsed READ historyUsed NOTIFY historyUsedChanged)
    Q_PROPERTY(QStringList historyUsedTitles READ historyUsedTitles NOTIFY historyUsedChanged)
    // Progress and read-outs.
    Q_PROPERTY(bool running READ running NOTIFY runningChanged)
    Q_PROPERTY(QString phase READ phase NOTIFY progressChanged)
    Q_PROPERTY(double progress READ progress NOTIFY progressChanged)
    Q_PROPERTY(double timeToFirstTokenMs READ timeToFirstTokenMs NOTIFY progressChanged)
    Q_PROPERTY(double tokensPerSecond READ tokensPerSecond NOTIFY progressChanged)
    Q_PROPERTY(double etaSeconds READ etaSeconds NOTIFY progressChanged)
    Q_PROPERTY(double elapsedSeconds READ elapsedSeconds NOTIFY progressChanged)
    Q_PROPERTY(QString readout READ readout NOTIFY progressChanged)
    Q_PROPERTY(QString error READ error NOTIFY errorChanged)
    Q_PROPERTY(QString errorFix READ errorFix NOTIFY errorChanged)

public:
    GenerationController(BriefController* brief, ModelController* model, QObject* parent = nullptr);
    ~GenerationController() override;

    VariantsModel* variants() { return &variants_; }

    int variantCount() const { return variantCount_; }
    void setVariantCount(int count);
    bool randomSeeds() const { return randomSeeds_; }
    void setRandomSeeds(bool random);
    QString baseSeed() const { return QString::number(baseSeed_); }
    void setBaseSeed(const QString& seed);
    double titleTemperature() const { return titleTemperature_; }
    void setTitleTemperature(double t);
    double imageTemperature() const { return imageTemperature_; }
    void setImageTemperature(double t);
    double cfgWeight() const { return cfgWeight_; }
    void setCfgWeight(double w);
    bool factualCopy() const { return factualCopy_; }
    void setFactualCopy(bool on);
    int historyLength() const { return historyLength_; }
    void setHistoryLength(int length);
    QString sampling() const { return sampling_; }
    void setSampling(const QString& sampling);
    // Takes the studio's saved defaults: variants, seeds, history, sampling and copy mode now;
    // temperatures and CFG now and after every model load, unless they are the model's own
    // (`useModelSampling`), which each load sets as before.
    void applyDefaults(const GenerationDefaults& defaults);

    QString shopperName() const { return shopperName_; }
    qint64 shopperProfileId() const { return shopperProfileId_; }
    int shopperClickCount() const { return static_cast<int>(shopper_.size()); }
    QVariantList historyUsed() const;
    QStringList historyUsedTitles() const;

    bool running() const { return job_ != 0; }
    QString phase() const { return phase_; }
    double progress() const { return progress_; }
    double timeToFirstTokenMs() const { return timeToFirstTokenMs_; }
    double tokensPerSecond() const { return tokensPerSecond_; }
    double etaSeconds() const { return etaSeconds_; }
    double elapsedSeconds() const;
    // One line for the status area: phase, time to first token, tokens/s, ETA.
    QString readout() const;
    QString error() const { return error_; }
    QString errorFix() const { return errorFix_; }

    // The shopper whose clicks condition the next generations (no clicks: not personalized).
    void setShopper(const QString& name, const QList<ProfileClick>& clicks, qint64 profileId = -1);
    Q_INVOKABLE void clearShopper();
    // Where useProfile() reads profiles from; it follows their edits.
    void setProfileStore(ProfileStore* store);
    // Uses the library profile `profileId` as the shopper; false (and `error`) if it is unknown.
    Q_INVOKABLE bool useProfile(qint64 profileId);

    // The current (or last) generation's recipe: settings, seeds, history used, and each
    // variant's copy and state so far.
    GenerationRecipe recipe() const;

    // A request for the brief with the current settings, `history` as the shopper's clicks and
    // one variant per seed; nothing (and `error` set) when the model, product or selling points
    // are missing. The shopper grid uses it to make the same ad for several shoppers.
    std::optional<adgen::AdRequest> requestFor(const std::vector<adgen::ShopperClick>& history,
                                               const std::vector<quint64>& seeds);

    // Starts a generation of `variantCount` variants (a running one is cancelled first).
    // Returns false and sets `error` when something needed is missing.
    Q_INVOKABLE bool generate();
    Q_INVOKABLE void cancelAll();
    Q_INVOKABLE void cancelVariant(int variant);
    // Fixes the seeds to the variant's, so the next generation reproduces it as variant 1.
    Q_INVOKABLE void reuseSeed(int variant);

    // Where reopen() reads generations from.
    void setHistoryStore(GenerationHistoryStore* store);
    // Shows a generation from the history in `variants` (its saved variants: copy, seeds, states
    // and pictures) and takes its settings: seeds fixed to variant 1's, temperatures, CFG,
    // factual copy, history length and sampling, the variant count, and its shopper profile when
    // the library still has it. The brief is left as it is. `recipe()` is then the generation's,
    // so its variants can be exported. False (and `error`) while a generation runs, or when the
    // history has no such generation.
    Q_INVOKABLE bool reopen(qint64 generationId);
    Q_INVOKABLE void clearError();

Q_SIGNALS:
    void settingsChanged();
    void shopperChanged();
    void historyUsedChanged();
    void runningChanged();
    void progressChanged();
    void errorChanged();
    // A variant finished with its copy and images (history and export keep it).
    void variantFinished(int variant);
    // The generation ended: every variant done, cancelled or failed (for tests and scripts).
    void finished();
    // reopen() put the history's generation `generationId` in the variants grid.
    void reopened(qint64 generationId);

private:
    void onEvent(const adgen::GenerationEvent& event);
    void end();
    void setPhase(const QString& phase);
    void setError(const QString& problem, const QString& fix);
    void applyModelDefaults();
    GenerationRecipe recipeFor(const adgen::AdRequest& request, const adgen::ModelInfo& info) const;

    BriefController* brief_;
    ModelController* model_;
    VariantsModel variants_;

    int variantCount_ = 2;
    bool randomSeeds_ = true;
    quint64 baseSeed_ = 1;
    double titleTemperature_ = 1.0;
    double imageTemperature_ = 1.0;
    double cfgWeight_ = 5.0;
    bool factualCopy_ = false;
    int historyLength_ = -1;
    QString sampling_ = QStringLiteral("pss");
    std::optional<GenerationDefaults> samplingDefaults_;  // the designer's temperatures and CFG

    QString shopperName_;
    qint64 shopperProfileId_ = -1;
    QList<ProfileClick> shopperClicks_;      // titles and sources, for the recipe
    std::vector<adgen::ShopperClick> shopper_;  // the same clicks as the engine takes them
    ProfileStore* profiles_ = nullptr;
    GenerationHistoryStore* history_ = nullptr;
    bool reopenedFromHistory_ = false;  // the variants shown come from the history, not a run
    GenerationRecipe recipe_;
    std::vector<int> historyUsed_;
    QStringList historyUsedTitles_;

    uint64_t job_ = 0;
    QElapsedTimer clock_;
    double finishedAfterSeconds_ = 0;
    QString phase_;
    double progress_ = 0;
    double timeToFirstTokenMs_ = 0;
    double tokensPerSecond_ = 0;
    double etaSeconds_ = 0;
    QString error_;
    QString errorFix_;
};
