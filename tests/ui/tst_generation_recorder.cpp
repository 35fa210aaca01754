// GenerationRecorder and reopening, with the bundled demo model: each variant is in the history
// the moment it finishes, a cancelled variant keeps its copy, a generation replaced mid-way is
// recorded as it stood, a studio killed mid-generation loses only what had not finished, and a
// recorded generation reopens into the variants grid with its settings.
#include <QAbstractItemModelTester>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "brief_controller.h"
#include "demo_samples.h"
#include "generation_controller.h"
#include "generation_history_store.h"
#include "generation_recorder.h"
#include "model_controller.h"

namespace {

bool samePixels(const QImage& a, const QImage& b) {
    return !a.isNull() && a.convertToFormat(QImage::Format_ARGB32) == b.convertToFormat(QImage::Format_ARGB32);
}

}  // namespace

class TestGenerationRecorder : public QObject {
    Q_OBJECT

    ModelController model_;
    BriefController brief_;
    QTemporaryDir dir_;
    GenerationHistoryStore store_;
    qint64 recorded_ = -1;  // the first test's generation, reopened by the later ones

private Q_SLOTS:
    void initTestCase() {
        QSignalSpy loaded(&model_, &ModelController::loadFinished);
        model_.load(kDemoModel);
        QVERIFY(loaded.wait(60000));
        QVERIFY(model_.ready());
        QVERIFY(brief_.open(kSamples + QStringLiteral("/products/bottle-02.adgen.json")));
        QVERIFY(dir_.isValid());
        QVERIFY(store_.open(dir_.filePath(QStringLiteral("studio.sqlite"))));
    }

    void eachVariantIsSavedAsItFinishesAndACancelledOneKeepsItsCopy() {
        GenerationController generation(&brief_, &model_);
        generation.setShopper(QStringLiteral("shopper-001"), sampleShopper(QStringLiteral("shopper-001")));
        generation.setVariantCount(2);
        generation.setRandomSeeds(false);
        generation.setBaseSeed(QStringLiteral("11"));
        generation.setHistoryLength(5);
        GenerationRecorder recorder(&generation, &store_);
        VariantsModel& variants = *generation.variants();
        bool cancelled = false;
        // Cancel the second variant as soon as its image starts to render.
        connect(&variants, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& i) {
            if (!cancelled && i.row() == 1 && variants.state(1) == VariantsModel::State::Rendering) {
                cancelled = true;
                generation.cancelVariant(1);
            }
        });
        // What the file holds the moment a variant is saved, read back through the store.
        QList<int> savedNumbers;
        std::optional<SavedGeneration> atSave;
        connect(&recorder, &GenerationRecorder::variantSaved, this, [&](qint64 id, int number) {
            savedNumbers.append(number);
            atSave = store_.load(id);
        });
        QSignalSpy recorded(&recorder, &GenerationRecorder::generationRecorded);

        QVERIFY(generation.generate());
        QVERIFY(recorder.recording());
        const qint64 id = recorder.generationId();
        QVERIFY(id > 0);
        QCOMPARE(store_.generation(id)->state, QStringLiteral("running"));  // in the file from the start
        QCOMPARE(store_.generation(id)->variantCount, 2);
        QVERIFY(waitFor(generation));
        QVERIFY(cancelled);
        QCOMPARE(variants.state(0), VariantsModel::State::Done);
        QCOMPARE(variants.state(1), VariantsModel::State::Cancelled);

        QCOMPARE(savedNumbers, QList<int>{1});
        QVERIFY(atSave);
        QCOMPARE(atSave->summary.state, QStringLiteral("running"));
        QCOMPARE(atSave->variants.size(), size_t(1));
        QVERIFY(samePixels(atSave->variants[0].image, variants.image(0)));
        QCOMPARE(atSave->recipe.historyUsed.size(), 5);  // the recipe went with the variant
        QCOMPARE(recorded.count(), 1);
        QCOMPARE(recorded.first().at(0).toLongLong(), id);
        QVERIFY(!recorder.recording());
        QCOMPARE(recorder.generationId(), id);

        const auto saved = store_.load(id);
        QVERIFY2(saved, qPrintable(store_.error()));
        QCOMPARE(saved->summary.state, QStringLiteral("finished"));
        QCOMPARE(saved->summary.shopperName, QStringLiteral("shopper-001"));
        QCOMPARE(saved->summary.productName, brief_.originalTitle());
        QCOMPARE(saved->summary.modelName, QStringLiteral("adgen-demo"));
        QCOMPARE(saved->summary.finishedCount, 1);
        QCOMPARE(saved->recipe.toJson(), generation.recipe().toJson());
        QCOMPARE(saved->variants.size(), size_t(2));
        const SavedVariant& done = saved->variants[0];
        QCOMPARE(done.state, QStringLiteral("done"));
        QCOMPARE(done.seed, quint64(11));
        QCOMPARE(done.title, variants.title(0));
        QVERIFY(samePixels(done.image, variants.image(0)));
        QVERIFY(samePixels(done.fusionImage, variants.fusionImage(0)));
        QCOMPARE(done.image.size(), QSize(96, 96));
        const SavedVariant& stopped = saved->variants[1];
        QCOMPARE(stopped.state, QStringLiteral("cancelled"));
        QCOMPARE(stopped.seed, quint64(12));
        QVERIFY(!stopped.title.isEmpty());  // the copy it had written
        QCOMPARE(stopped.title, variants.title(1));
        QVERIFY(stopped.image.isNull());
        QVERIFY(stopped.fusionImage.isNull());
        recorded_ = id;
    }

    void reopenShowsTheSavedVariantsAndTakesTheirSettings() {
        QVERIFY(recorded_ > 0);
        const auto saved = store_.load(recorded_);
        QVERIFY(saved);
        GenerationController generation(&brief_, &model_);
        generation.setHistoryStore(&store_);
        generation.setVariantCount(4);
        generation.setTitleTemperature(1.5);
        generation.setCfgWeight(7);
        generation.setHistoryLength(2);
        generation.setSampling(QStringLiteral("random"));
        QVERIFY(generation.randomSeeds());
        QAbstractItemModelTester tester(generation.variants(), QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy reopened(&generation, &GenerationController::reopened);
        QSignalSpy settings(&generation, &GenerationController::settingsChanged);

        QVERIFY2(generation.reopen(recorded_), qPrintable(generation.error()));
        QCOMPARE(reopened.count(), 1);
        QCOMPARE(reopened.first().at(0).toLongLong(), recorded_);
        QVERIFY(settings.count() >= 1);

        const VariantsModel& variants = *generation.variants();
        QCOMPARE(variants.rowCount(), 2);
        QCOMPARE(variants.state(0), VariantsModel::State::Done);
        QCOMPARE(variants.data(variants.index(0), VariantsModel::NumberRole).toInt(), 1);
        QCOMPARE(variants.data(variants.index(0), VariantsModel::SeedRole).toString(), QStringLiteral("11"));
        QCOMPARE(variants.data(variants.index(0), VariantsModel::ProgressRole).toDouble(), 1.0);
        QCOMPARE(variants.title(0), saved->variants[0].title);
        QVERIFY(samePixels(variants.image(0), saved->variants[0].image));
        QVERIFY(samePixels(variants.fusionImage(0), saved->variants[0].fusionImage));
        QCOMPARE(variants.state(1), VariantsModel::State::Cancelled);
        QCOMPARE(variants.data(variants.index(1), VariantsModel::NumberRole).toInt(), 2);
        QCOMPARE(variants.title(1), saved->variants[1].title);
        QCOMPARE(variants.image(1).size(), QSize(96, 96));  // a blank canvas of the pictures' size
        QCOMPARE(variants.finishedCount(), 1);
        QCOMPARE(variants.activeCount(), 0);

        // The settings that made it: variant 1's seed, fixed.
        QVERIFY(!generation.randomSeeds());
        QCOMPARE(generation.baseSeed(), QStringLiteral("11"));
        QCOMPARE(generation.variantCount(), 2);
        QCOMPARE(generation.titleTemperature(), 0.6);  // the demo model's defaults it ran with
        QCOMPARE(generation.imageTemperature(), 0.5);
        QCOMPARE(generation.cfgWeight(), 3.0);
        QCOMPARE(generation.historyLength(), 5);
        QCOMPARE(generation.sampling(), QStringLiteral("pss"));
        QVERIFY(!generation.factualCopy());
        QCOMPARE(generation.historyUsedTitles().size(), 5);
        QCOMPARE(generation.historyUsedTitles().first(), saved->recipe.historyUsed.first().title);
        // Its recipe is the saved one, so its variants export as they were made.
        QCOMPARE(generation.recipe().toJson(), saved->recipe.toJson());
        QVERIFY(!generation.running());
        QCOMPARE(generation.readout(), QStringLiteral("Reopened from the history"));
        QVERIFY(generation.error().isEmpty());
    }

    void reopenWaitsForTheRunningGenerationAndAReplacedOneIsRecordedAsItStood() {
        QVERIFY(recorded_ > 0);
        GenerationController generation(&brief_, &model_);
        generation.setHistoryStore(&store_);
        generation.setVariantCount(1);
        GenerationRecorder recorder(&generation, &store_);
        QVERIFY(generation.generate());
        const qint64 first = recorder.generationId();
        QTRY_VERIFY_WITH_TIMEOUT(!generation.variants()->title(0).isEmpty(), 60000);

        QVERIFY(!generation.reopen(recorded_));
        QVERIFY2(generation.errorFix().contains(QStringLiteral("Cancel")), qPrintable(generation.errorFix()));
        QVERIFY(generation.running());
        QCOMPARE(generation.variants()->state(0), VariantsModel::State::Writing);  // the grid was left alone

        // Generating again replaces the running generation without ending it: the recorder keeps
        // it as it stood, its unfinished variant cancelled with the copy it had.
        const QString partial = generation.variants()->title(0);
        QVERIFY(generation.generate());
        const qint64 second = recorder.generationId();
        QVERIFY(second > first);
        QVERIFY(recorder.recording());
        const auto replaced = store_.load(first);
        QVERIFY(replaced);
        QCOMPARE(replaced->summary.state, QStringLiteral("finished"));
        QCOMPARE(replaced->variants.size(), size_t(1));
        QCOMPARE(replaced->variants[0].state, QStringLiteral("cancelled"));
        QCOMPARE(replaced->variants[0].title, partial);
        QVERIFY(replaced->variants[0].image.isNull());

        generation.cancelAll();
        QVERIFY(waitFor(generation));
        QVERIFY(!recorder.recording());
        QCOMPARE(store_.generation(second)->state, QStringLiteral("finished"));
        QCOMPARE(store_.load(second)->variants[0].state, QStringLiteral("cancelled"));
        QVERIFY(generation.reopen(recorded_));  // now it may
    }

    void reopenNamesWhatIsMissing() {
        GenerationController generation(&brief_, &model_);
        QVERIFY(!generation.reopen(recorded_));
        QVERIFY2(generation.error().contains(QStringLiteral("no generation history")), qPrintable(generation.error()));
        generation.setHistoryStore(&store_);
        QVERIFY(!generation.reopen(987654));
        QVERIFY2(generation.error().contains(QStringLiteral("no generation 987654")), qPrintable(generation.error()));
        QVERIFY(!generation.errorFix().isEmpty());
        QCOMPARE(generation.variants()->rowCount(), 0);
    }

    void killingTheStudioMidGenerationKeepsTheVariantSavedBeforeTheKill() {
        QTemporaryDir dir;
        const QString database = dir.filePath(QStringLiteral("studio.sqlite"));
        QProcess child;
        child.start(QStringLiteral(HISTORY_WRITER_CHILD), {database});
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        QByteArray out;
        QElapsedTimer clock;
        clock.start();
        while (!out.contains('\n') && clock.elapsed() < 180000 && child.state() == QProcess::Running) {
            child.waitForReadyRead(1000);
            out += child.readAllStandardOutput();
        }
        QVERIFY2(out.startsWith("saved "), qPrintable(QString::fromUtf8(out + child.readAllStandardError())));
        const QList<QByteArray> fields = out.trimmed().split(' ');
        QCOMPARE(fields.size(), 3);
        const qint64 id = fields[1].toLongLong();
        const int number = fields[2].toInt();

        child.kill();  // SIGKILL: nothing runs after it, no destructor, no checkpoint
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        QVERIFY(QFile::exists(database + QStringLiteral("-wal")));  // the commits were left in the WAL

        GenerationHistoryStore store;
        QVERIFY2(store.open(database), qPrintable(store.error()));
        QCOMPARE(store.interruptedAtOpen(), 1);
        const auto saved = store.load(id);
        QVERIFY2(saved, qPrintable(store.error()));
        QCOMPARE(saved->summary.state, QStringLiteral("interrupted"));
        QCOMPARE(saved->summary.variantCount, 2);
        QCOMPARE(saved->summary.finishedCount, 1);
        QCOMPARE(saved->variants.size(), size_t(1));
        const SavedVariant& variant = saved->variants[0];
        QCOMPARE(variant.number, number);
        QCOMPARE(variant.state, QStringLiteral("done"));
        QCOMPARE(variant.seed, quint64(5 + number - 1));
        QVERIFY(!variant.title.trimmed().isEmpty());
        QCOMPARE(variant.image.size(), QSize(96, 96));
        QCOMPARE(variant.fusionImage.size(), QSize(96, 96));
        QCOMPARE(saved->recipe.variants.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestGenerationRecorder)
#include "tst_generation_recorder.moc"
