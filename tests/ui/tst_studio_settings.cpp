// StudioSettings: the studio's saved model and generation defaults. Usable defaults, values that
// survive a restart, saved values that can no longer be used replaced with a message, and a
// model change saved only when the model loaded with it; GenerationController takes the defaults.
#include <QFile>
#include <QSettings>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

#include "adgen/engine.h"
#include "adgen/runtime_info.h"
#include "brief_controller.h"
#include "generation_controller.h"
#include "model_controller.h"
#include "studio_settings.h"

namespace {

const QString kDemoModel = QDir::cleanPath(QStringLiteral(ADGEN_DEMO_MODEL_DIR));

// Waits for apply()'s load to end (its result arrives as a queued call); the apply's outcome.
bool applyAndWait(StudioSettings& settings) {
    QSignalSpy applied(&settings, &StudioSettings::applied);
    if (!settings.apply()) return false;
    if (applied.isEmpty() && !applied.wait(60000)) return false;
    return applied.first().first().toBool();
}

bool loadAndWait(ModelController& model, const QString& directory) {
    QSignalSpy finished(&model, &ModelController::loadFinished);
    model.load(directory);
    return finished.wait(60000) && finished.first().first().toBool();
}

// A model directory whose config.json is not JSON.
void writeBrokenModel(const QString& directory) {
    QFile config(directory + QStringLiteral("/config.json"));
    QVERIFY(config.open(QIODevice::WriteOnly));
    config.write("{ not json");
}

}  // namespace

class TestStudioSettings : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString ini_;  // each test's own settings file

private Q_SLOTS:
    void initTestCase() {
        // Anything that reaches the default QSettings lands in a test folder, never the user's.
        QStandardPaths::setTestModeEnabled(true);
        QVERIFY(dir_.isValid());
    }

    void init() {
        static int n = 0;
        ini_ = dir_.filePath(QStringLiteral("settings-%1.ini").arg(++n));
    }

    void startsWithTheBundledModelOnTheCpuAndTheModelsOwnSampling() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QCOMPARE(settings.modelDirectory(), kDemoModel);
        QCOMPARE(settings.defaultModelDirectory(), kDemoModel);
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QCOMPARE(settings.dtype(), QStringLiteral("float32"));
        QCOMPARE(settings.threads(), 0);
        QCOMPARE(settings.variantCount(), 2);
        QVERIFY(settings.randomSeeds());
        QCOMPARE(settings.baseSeed(), QStringLiteral("1"));
        QCOMPARE(settings.historyLength(), -1);
        QCOMPARE(settings.sampling(), QStringLiteral("pss"));
        QVERIFY(!settings.factualCopy());
        QVERIFY(settings.useModelSampling());
        QVERIFY(!settings.modified());
        QVERIFY(settings.notice().isEmpty());
        QVERIFY(settings.error().isEmpty());
        QVERIFY(settings.generationDefaults() == GenerationDefaults{});
        QVERIFY(!QFile::exists(ini_));  // nothing is written before an apply
    }

    void appliedSettingsSurviveARestart() {
        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        {
            StudioSettings settings(&model, kDemoModel, ini_);
            settings.setVariantCount(5);
            settings.setRandomSeeds(false);
            settings.setBaseSeed(QStringLiteral("18446744073709551615"));  // the largest 64-bit seed
            settings.setHistoryLength(3);
            settings.setSampling(QStringLiteral("most-similar"));
            settings.setFactualCopy(true);
            settings.setUseModelSampling(false);
            settings.setTitleTemperature(0.4);
            settings.setImageTemperature(0.9);
            settings.setCfgWeight(3.5);
            QVERIFY(settings.modified());
            QVERIFY(!settings.modelChangePending());  // the same model: saved at once, no reload
            QSignalSpy defaultsChanged(&settings, &StudioSettings::generationDefaultsChanged);
            QVERIFY(applyAndWait(settings));
            QCOMPARE(defaultsChanged.count(), 1);
            QVERIFY(!settings.modified());
            QCOMPARE(settings.status(), QStringLiteral("Settings saved."));
        }
        StudioSettings restarted(&model, kDemoModel, ini_);
        QCOMPARE(restarted.variantCount(), 5);
        QVERIFY(!restarted.randomSeeds());
        QCOMPARE(restarted.baseSeed(), QStringLiteral("18446744073709551615"));
        QCOMPARE(restarted.historyLength(), 3);
        QCOMPARE(restarted.sampling(), QStringLiteral("most-similar"));
        QVERIFY(restarted.factualCopy());
        QVERIFY(!restarted.useModelSampling());
        QCOMPARE(restarted.titleTemperature(), 0.4);
        QCOMPARE(restarted.imageTemperature(), 0.9);
        QCOMPARE(restarted.cfgWeight(), 3.5);
        QCOMPARE(restarted.generationDefaults().baseSeed, std::numeric_limits<quint64>::max());
        QVERIFY(restarted.notice().isEmpty());
    }

    void unappliedEditsAreNeitherSavedNorKeptByRevert() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        settings.setVariantCount(7);
        settings.setDType(QStringLiteral("bfloat16"));
        QVERIFY(settings.modified());
        settings.revert();
        QVERIFY(!settings.modified());
        QCOMPARE(settings.variantCount(), 2);
        QCOMPARE(settings.dtype(), QStringLiteral("float32"));
        QVERIFY(!QFile::exists(ini_));
    }

    void unusableSavedValuesFallBackAndSayWhy() {
        {
            QSettings file(ini_, QSettings::IniFormat);
            file.setValue(QStringLiteral("model/directory"), dir_.filePath(QStringLiteral("gone-model")));
            file.setValue(QStringLiteral("model/device"), QStringLiteral("tpu"));
            file.setValue(QStringLiteral("model/dtype"), QStringLiteral("int4"));
            file.setValue(QStringLiteral("model/threads"), QStringLiteral("many"));
            file.setValue(QStringLiteral("generation/sampling"), QStringLiteral("astrology"));
            file.setValue(QStringLiteral("generation/baseSeed"), QStringLiteral("-3"));
            file.setValue(QStringLiteral("generation/variantCount"), 99);
        }
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QCOMPARE(settings.modelDirectory(), kDemoModel);
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QCOMPARE(settings.dtype(), QStringLiteral("float32"));
        QCOMPARE(settings.threads(), 0);
        QCOMPARE(settings.sampling(), QStringLiteral("pss"));
        QCOMPARE(settings.baseSeed(), QStringLiteral("1"));
        QCOMPARE(settings.variantCount(), 8);  // the most there can be
        const QString notice = settings.notice();
        QVERIFY2(notice.contains(QStringLiteral("gone-model")) && notice.contains(QStringLiteral("does not exist")) &&
                     notice.contains(kDemoModel),
                 qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("\"tpu\" is not one AdGen can run on; the CPU is used instead")),
                 qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("\"int4\" is not one AdGen can load weights in; float32 is used instead")),
                 qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("\"many\"")), qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("\"astrology\"")), qPrintable(notice));
        QVERIFY2(notice.contains(QStringLiteral("\"-3\"")), qPrintable(notice));
        QCOMPARE(notice.count(QLatin1Char('\n')), 5);  // one line each
        // The fallbacks are what apply() saves; the notice goes once they are saved.
        QVERIFY(loadAndWait(model, kDemoModel));
        QVERIFY(applyAndWait(settings));
        QVERIFY(settings.notice().isEmpty());
        QCOMPARE(QSettings(ini_, QSettings::IniFormat).value(QStringLiteral("model/device")).toString(), QStringLiteral("cpu"));
    }

    void aSavedDeviceOrDTypeThisMachineCannotUseFallsBack() {
        {
            QSettings file(ini_, QSettings::IniFormat);
            file.setValue(QStringLiteral("model/device"), adgen::runtimeInfo().cudaAvailable ? QStringLiteral("cpu")
                                                                                            : QStringLiteral("cuda"));
            file.setValue(QStringLiteral("model/dtype"), QStringLiteral("fp16"));
        }
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QCOMPARE(settings.dtype(), QStringLiteral("float32"));  // float16 is not offered on the CPU
        QVERIFY2(settings.notice().contains(QStringLiteral("float16 is not offered on the CPU")), qPrintable(settings.notice()));
        if (!settings.cudaAvailable())
            QVERIFY2(settings.notice().contains(QStringLiteral("The saved device is CUDA. No CUDA device")),
                     qPrintable(settings.notice()));
    }

    void theCudaChoiceFollowsTheRuntime() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        const adgen::RuntimeInfo runtime = adgen::runtimeInfo();
        QCOMPARE(settings.cudaAvailable(), runtime.cudaAvailable);
        QCOMPARE(settings.cudaUnavailableReason().isEmpty(), runtime.cudaAvailable);
        QCOMPARE(settings.dtypes(), QStringList({QStringLiteral("float32"), QStringLiteral("bfloat16")}));
        QVERIFY2(settings.dtypeHint().contains(QStringLiteral("float16 is not offered on the CPU")), qPrintable(settings.dtypeHint()));
        QCOMPARE(StudioSettings::dtypesFor(QStringLiteral("cuda")),
                 QStringList({QStringLiteral("float32"), QStringLiteral("bfloat16"), QStringLiteral("float16")}));

        settings.setDevice(QStringLiteral("cuda"));
        if (runtime.cudaAvailable) {
            QCOMPARE(settings.device(), QStringLiteral("cuda"));
            settings.setDType(QStringLiteral("float16"));
            QCOMPARE(settings.dtype(), QStringLiteral("float16"));
            settings.setDevice(QStringLiteral("cpu"));  // float16 does not come along to the CPU
            QCOMPARE(settings.dtype(), QStringLiteral("float32"));
        } else {
            QCOMPARE(settings.device(), QStringLiteral("cpu"));
            QVERIFY2(settings.error().contains(QStringLiteral("No CUDA device")), qPrintable(settings.error()));
        }
        settings.setDType(QStringLiteral("float16"));
        QCOMPARE(settings.dtype(), QStringLiteral("float32"));
        QVERIFY2(settings.error().contains(QStringLiteral("float16 is not offered on the CPU")), qPrintable(settings.error()));
        settings.setDType(QStringLiteral("bf16"));
        QCOMPARE(settings.dtype(), QStringLiteral("bfloat16"));
        QVERIFY(settings.error().isEmpty());
        settings.setDevice(QStringLiteral("tpu"));
        QCOMPARE(settings.device(), QStringLiteral("cpu"));
        QVERIFY2(settings.error().contains(QStringLiteral("\"tpu\"")), qPrintable(settings.error()));
    }

    void applyingAGoodModelLoadsItThenSaves() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QVERIFY(settings.modelChangePending());  // nothing loaded yet
        settings.loadSavedModel();
        QVERIFY(model.loading());
        QVERIFY(!settings.modelChangePending());  // ...but on its way
        // A change replaces the load at start.
        settings.setDType(QStringLiteral("bfloat16"));
        settings.setThreads(1);
        QSignalSpy applying(&settings, &StudioSettings::applyingChanged);
        QVERIFY(applyAndWait(settings));
        QCOMPARE(applying.count(), 2);  // on while loading, off after
        QVERIFY(!settings.applying());
        QVERIFY(model.ready());
        QVERIFY2(model.summary().contains(QStringLiteral("CPU bfloat16")), qPrintable(model.summary()));
        QVERIFY(!settings.modelChangePending());
        QCOMPARE(settings.status(), QStringLiteral("Loaded adgen-demo and saved the settings."));
        const QSettings file(ini_, QSettings::IniFormat);
        QCOMPARE(file.value(QStringLiteral("model/directory")).toString(), kDemoModel);
        QCOMPARE(file.value(QStringLiteral("model/dtype")).toString(), QStringLiteral("bfloat16"));
        QCOMPARE(file.value(QStringLiteral("model/threads")).toInt(), 1);

        // The next start loads what was saved.
        ModelController next;
        StudioSettings restarted(&next, kDemoModel, ini_);
        QSignalSpy finished(&next, &ModelController::loadFinished);
        restarted.loadSavedModel();
        QVERIFY(finished.wait(60000));
        QVERIFY2(next.summary().contains(QStringLiteral("CPU bfloat16")), qPrintable(next.summary()));
    }

    void aModelThatFailsToLoadKeepsThePreviousModelAndSettings() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QVERIFY(applyAndWait(settings));  // the demo model, saved
        const QByteArray savedBefore = [&] {
            QFile f(ini_);
            return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
        }();
        QVERIFY(!savedBefore.isEmpty());

        QTemporaryDir broken;
        writeBrokenModel(broken.path());
        settings.setModelDirectory(QUrl::fromLocalFile(broken.path()).toString());  // as a folder dialog gives it
        settings.setVariantCount(4);
        QCOMPARE(settings.modelDirectory(), QDir::cleanPath(broken.path()));
        QVERIFY(settings.modelChangePending());
        QSignalSpy defaultsChanged(&settings, &StudioSettings::generationDefaultsChanged);
        QVERIFY(!applyAndWait(settings));

        // The model says why, and that the previous one still works.
        QVERIFY2(model.error().contains(broken.path()) && model.error().contains(QStringLiteral("not valid JSON")),
                 qPrintable(model.error()));
        QVERIFY2(model.errorFix().contains(QStringLiteral("adgen-demo is still loaded")), qPrintable(model.errorFix()));
        QCOMPARE(model.name(), QStringLiteral("adgen-demo"));
        QCOMPARE(QDir(model.directory()), QDir(kDemoModel));
        QVERIFY2(settings.status().startsWith(QStringLiteral("Nothing was saved")), qPrintable(settings.status()));
        // Nothing was saved, not even the other edits; the edits stay in the dialog to be fixed.
        QFile file(ini_);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QCOMPARE(file.readAll(), savedBefore);
        QCOMPARE(defaultsChanged.count(), 0);
        QCOMPARE(settings.generationDefaults().variantCount, 2);
        QCOMPARE(settings.modelDirectory(), QDir::cleanPath(broken.path()));
        QVERIFY(settings.modified());
        StudioSettings restarted(&model, kDemoModel, ini_);
        QCOMPARE(restarted.modelDirectory(), kDemoModel);
        QCOMPARE(restarted.variantCount(), 2);

        // Back to the saved settings: nothing to reload.
        settings.revert();
        QVERIFY(!settings.modelChangePending());
    }

    void aDialogClosedWhileTheModelLoadsShowsWhatWasSaved() {
        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        StudioSettings settings(&model, kDemoModel, ini_);
        settings.setDType(QStringLiteral("bfloat16"));
        QSignalSpy applied(&settings, &StudioSettings::applied);
        QVERIFY(settings.apply());
        settings.revert();  // Close, while the load runs on
        QVERIFY(applied.wait(60000));
        QVERIFY(applied.first().first().toBool());
        QCOMPARE(settings.dtype(), QStringLiteral("bfloat16"));
        QVERIFY(!settings.modified());
        QVERIFY(!settings.modelChangePending());
    }

    void ownSamplingStartsFromTheModels() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QVERIFY(settings.modelSampling().isEmpty());  // no model yet
        QVERIFY(loadAndWait(model, kDemoModel));
        QVERIFY2(settings.modelSampling().startsWith(QStringLiteral("adgen-demo: copy T")), qPrintable(settings.modelSampling()));
        settings.setUseModelSampling(false);
        const auto info = model.engine().modelInfo();
        QCOMPARE(settings.titleTemperature(), info->textTemperatureDefault);
        QCOMPARE(settings.imageTemperature(), info->imageTemperatureDefault);
        QCOMPARE(settings.cfgWeight(), info->cfgWeightDefault);
    }

    void theGenerationControllerTakesTheSavedDefaults() {
        ModelController model;
        BriefController brief;
        GenerationController generation(&brief, &model);
        GenerationDefaults defaults;
        defaults.variantCount = 4;
        defaults.randomSeeds = false;
        defaults.baseSeed = 77;
        defaults.historyLength = 5;
        defaults.sampling = QStringLiteral("random");
        defaults.factualCopy = true;
        generation.applyDefaults(defaults);
        QCOMPARE(generation.variantCount(), 4);
        QVERIFY(!generation.randomSeeds());
        QCOMPARE(generation.baseSeed(), QStringLiteral("77"));
        QCOMPARE(generation.historyLength(), 5);
        QCOMPARE(generation.sampling(), QStringLiteral("random"));
        QVERIFY(generation.factualCopy());

        // The model's own temperatures and CFG come with each load...
        QVERIFY(loadAndWait(model, kDemoModel));
        const auto info = model.engine().modelInfo();
        QCOMPARE(generation.titleTemperature(), info->textTemperatureDefault);
        QCOMPARE(generation.cfgWeight(), info->cfgWeightDefault);
        // ...unless the designer chose others: then those, now and after every load.
        defaults.useModelSampling = false;
        defaults.titleTemperature = 0.25;
        defaults.imageTemperature = 0.75;
        defaults.cfgWeight = 2.5;
        generation.applyDefaults(defaults);
        QCOMPARE(generation.titleTemperature(), 0.25);
        QVERIFY(loadAndWait(model, kDemoModel));
        QCOMPARE(generation.titleTemperature(), 0.25);
        QCOMPARE(generation.imageTemperature(), 0.75);
        QCOMPARE(generation.cfgWeight(), 2.5);
        defaults.useModelSampling = true;
        generation.applyDefaults(defaults);
        QCOMPARE(generation.titleTemperature(), info->textTemperatureDefault);
        QCOMPARE(generation.imageTemperature(), info->imageTemperatureDefault);
    }

    void aCancelledLoadSavesNothing() {
        ModelController model;
        QVERIFY(loadAndWait(model, kDemoModel));
        StudioSettings settings(&model, kDemoModel, ini_);
        settings.setDType(QStringLiteral("bfloat16"));
        QSignalSpy applied(&settings, &StudioSettings::applied);
        QVERIFY(settings.apply());
        QVERIFY(settings.applying());
        QVERIFY(!settings.apply());  // one at a time
        model.cancelLoad();
        QVERIFY(applied.wait(60000));
        // The load may have finished before the cancel reached it; then it was saved.
        if (!applied.first().first().toBool()) {
            QVERIFY2(settings.status().startsWith(QStringLiteral("Loading was cancelled")), qPrintable(settings.status()));
            QVERIFY(!QFile::exists(ini_));
            QVERIFY2(model.summary().contains(QStringLiteral("CPU float32")), qPrintable(model.summary()));
        }
        QVERIFY(!settings.applying());
    }

    void settingsRefuseValuesTheyCannotUse() {
        ModelController model;
        StudioSettings settings(&model, kDemoModel, ini_);
        QSignalSpy changed(&settings, &StudioSettings::changed);
        settings.setBaseSeed(QStringLiteral("twelve"));
        QCOMPARE(settings.baseSeed(), QStringLiteral("1"));
        QVERIFY(!settings.error().isEmpty());
        QCOMPARE(changed.count(), 1);  // so a field shows the value in use again
        settings.setSampling(QStringLiteral("astrology"));
        QCOMPARE(settings.sampling(), QStringLiteral("pss"));
        settings.setModelDirectory(QStringLiteral("  "));
        QCOMPARE(settings.modelDirectory(), kDemoModel);
        QVERIFY2(settings.error().contains(QStringLiteral("config.json")), qPrintable(settings.error()));
        settings.setThreads(100000);
        QCOMPARE(settings.threads(), settings.maxThreads());
        settings.setThreads(-2);
        QCOMPARE(settings.threads(), 0);
        settings.setVariantCount(0);
        QCOMPARE(settings.variantCount(), 1);
        QVERIFY(settings.error().isEmpty());  // the next good edit clears it
    }
};

QTEST_GUILESS_MAIN(TestStudioSettings)
#include "tst_studio_settings.moc"
