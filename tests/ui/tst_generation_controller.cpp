// GenerationController: personalized ads with the bundled demo model for a sample product and a
// sample shopper, streamed into the variants model; seeds reproduce, cancelling stops only what
// was cancelled, and missing inputs are named before anything runs.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QtTest>

#include "brief_controller.h"
#include "demo_samples.h"
#include "generation_controller.h"
#include "model_controller.h"

class TestGenerationController : public QObject {
    Q_OBJECT

    ModelController model_;
    BriefController brief_;

private Q_SLOTS:
    void initTestCase() {
        QSignalSpy loaded(&model_, &ModelController::loadFinished);
        model_.load(kDemoModel);
        QVERIFY(loaded.wait(60000));
        QVERIFY(model_.ready());
        QVERIFY(brief_.open(kSamples + QStringLiteral("/products/bottle-02.adgen.json")));
        QVERIFY(brief_.product()->loaded());
    }

    void takesItsSamplingDefaultsFromTheModel() {
        GenerationController generation(&brief_, &model_);
        // The demo model's config: title temperature 0.6, image temperature 0.5, CFG 3.
        QCOMPARE(generation.titleTemperature(), 0.6);
        QCOMPARE(generation.imageTemperature(), 0.5);
        QCOMPARE(generation.cfgWeight(), 3.0);
    }

    void generatesVariantsWhoseCopyStreamsInAndWhoseImagesFinish() {
        GenerationController generation(&brief_, &model_);
        const auto clicks = sampleShopper(QStringLiteral("shopper-001"));
        QVERIFY(clicks.size() > 5);
        generation.setShopper(QStringLiteral("shopper-001"), clicks);
        generation.setVariantCount(2);
        generation.setRandomSeeds(false);
        generation.setBaseSeed(QStringLiteral("11"));
        generation.setHistoryLength(5);

        VariantsModel& variants = *generation.variants();
        int titleUpdatesWhileWriting = 0;
        connect(&variants, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& i, const QModelIndex&, const QList<int>& roles) {
            if (roles.contains(VariantsModel::TitleRole) && variants.state(i.row()) == VariantsModel::State::Writing)
                ++titleUpdatesWhileWriting;
        });
        QSignalSpy running(&generation, &GenerationController::runningChanged);
        QVERIFY(generation.generate());
        QVERIFY(generation.running());  // generate() returned before the ad was made
        QVERIFY(waitFor(generation));
        QVERIFY(!generation.running());
        QCOMPARE(running.count(), 2);

        QVERIFY2(generation.error().isEmpty(), qPrintable(generation.error()));
        QCOMPARE(variants.rowCount(), 2);
        QVERIFY(titleUpdatesWhileWriting >= 2);  // the copy arrived in pieces, not at the end
        for (int v = 0; v < 2; ++v) {
            QCOMPARE(variants.state(v), VariantsModel::State::Done);
            QCOMPARE(variants.seed(v), quint64(11 + v));
            QVERIFY(!variants.title(v).trimmed().isEmpty());
            QCOMPARE(variants.image(v).size(), QSize(96, 96));
            QCOMPARE(variants.fusionImage(v).size(), QSize(96, 96));
            QVERIFY(variants.image(v) != variants.fusionImage(v));  // the product was composited back
        }
        // Five clicks picked, each one of the shopper's.
        QCOMPARE(generation.historyUsed().size(), 5);
        QCOMPARE(generation.historyUsedTitles().size(), 5);
        for (const QString& title : generation.historyUsedTitles()) {
            const bool known = std::any_of(clicks.begin(), clicks.end(), [&](const ProfileClick& c) { return c.title == title; });
            QVERIFY2(known, qPrintable(title));
        }
        QVERIFY(generation.timeToFirstTokenMs() > 0);
        QVERIFY(generation.timeToFirstTokenMs() < generation.elapsedSeconds() * 1000);
        QVERIFY(generation.tokensPerSecond() > 0);
        QCOMPARE(generation.progress(), 1.0);
        QVERIFY2(generation.readout().contains(QStringLiteral("first token")), qPrintable(generation.readout()));

        // The recipe says how the ads were made.
        const GenerationRecipe recipe = generation.recipe();
        QCOMPARE(recipe.shopperName, QStringLiteral("shopper-001"));
        QCOMPARE(recipe.historyLength, 5);
        QCOMPARE(recipe.historyUsed.size(), 5);
        QCOMPARE(recipe.historyUsed[0].title, generation.historyUsedTitles()[0]);
        QVERIFY(recipe.historyUsed[0].sourcePath.endsWith(QStringLiteral(".png")));
        QCOMPARE(recipe.sellingPoints, brief_.sellingPoints()->points());
        QCOMPARE(recipe.variants.size(), 2);
        QCOMPARE(recipe.variants[1].seed, quint64(12));
        QCOMPARE(recipe.variants[1].title, variants.title(1));
        QCOMPARE(recipe.variants[1].state, QStringLiteral("done"));
        QCOMPARE(recipe.modelName, QStringLiteral("adgen-demo"));
        QCOMPARE(recipe.cfgWeight, 3.0);
        QVERIFY(recipe.productPath.endsWith(QStringLiteral("bottle-02.png")));
        // ... and reads back as it was written.
        const auto again = GenerationRecipe::fromJson(recipe.toJson());
        QVERIFY(again);
        QCOMPARE(again->toJson(), recipe.toJson());
    }

    void fixedSeedsReproduceTheSameAds() {
        GenerationController generation(&brief_, &model_);
        generation.setShopper(QStringLiteral("shopper-039"), sampleShopper(QStringLiteral("shopper-039")));
        generation.setVariantCount(1);
        generation.setRandomSeeds(false);
        generation.setBaseSeed(QStringLiteral("4242"));
        QVERIFY(generation.generate());
        QVERIFY(waitFor(generation));
        const QString title = generation.variants()->title(0);
        const QImage image = generation.variants()->image(0);
        QVERIFY(generation.generate());
        QVERIFY(waitFor(generation));
        QCOMPARE(generation.variants()->title(0), title);
        QCOMPARE(generation.variants()->image(0), image);

        generation.setBaseSeed(QStringLiteral("4243"));
        QVERIFY(generation.generate());
        QVERIFY(waitFor(generation));
        QVERIFY(generation.variants()->image(0) != image);  // another seed, another ad
    }

    void randomSeedsDifferAndAreShownFromTheStart() {
        GenerationController generation(&brief_, &model_);
        generation.setVariantCount(2);
        QVERIFY(generation.randomSeeds());
        QVERIFY(generation.generate());
        const quint64 a = generation.variants()->seed(0), b = generation.variants()->seed(1);
        QVERIFY(a != b);
        QVERIFY(waitFor(generation));
        generation.reuseSeed(1);
        QVERIFY(!generation.randomSeeds());
        QCOMPARE(generation.baseSeed(), QString::number(b));
    }

    void cancellingOneVariantLetsTheOthersFinish() {
        GenerationController generation(&brief_, &model_);
        generation.setShopper(QStringLiteral("shopper-001"), sampleShopper(QStringLiteral("shopper-001")));
        generation.setVariantCount(3);
        VariantsModel& variants = *generation.variants();
        bool cancelled = false;
        // Cancel the third variant as soon as its image starts to render.
        connect(&variants, &QAbstractItemModel::dataChanged, this, [&](const QModelIndex& i) {
            if (!cancelled && i.row() == 2 && variants.state(2) == VariantsModel::State::Rendering) {
                cancelled = true;
                generation.cancelVariant(2);
            }
        });
        QVERIFY(generation.generate());
        QVERIFY(waitFor(generation));
        QVERIFY(cancelled);
        QCOMPARE(variants.state(0), VariantsModel::State::Done);
        QCOMPARE(variants.state(1), VariantsModel::State::Done);
        QCOMPARE(variants.state(2), VariantsModel::State::Cancelled);
        QVERIFY(variants.data(variants.index(2), VariantsModel::ProgressRole).toDouble() < 1.0);
        QVERIFY(!variants.title(2).isEmpty());  // it keeps the copy it wrote
    }

    void cancelAllStopsEveryVariant() {
        GenerationController generation(&brief_, &model_);
        generation.setVariantCount(2);
        QVERIFY(generation.generate());
        QTRY_VERIFY_WITH_TIMEOUT(generation.variants()->state(0) != VariantsModel::State::Queued, 60000);
        generation.cancelAll();
        QVERIFY(waitFor(generation));
        QCOMPARE(generation.variants()->activeCount(), 0);
        QCOMPARE(generation.variants()->state(0), VariantsModel::State::Cancelled);
        QCOMPARE(generation.variants()->state(1), VariantsModel::State::Cancelled);
        QCOMPARE(generation.phase(), QStringLiteral("Stopped"));
    }

    void missingInputsAreNamedBeforeAnythingRuns() {
        BriefController empty;
        GenerationController generation(&empty, &model_);
        QVERIFY(!generation.generate());
        QVERIFY(!generation.running());
        QVERIFY2(generation.error().contains(QStringLiteral("no product image")), qPrintable(generation.error()));
        QVERIFY(empty.loadProduct(kSamples + QStringLiteral("/products/mug-11.png")));
        QVERIFY(!generation.generate());
        QVERIFY2(generation.error().contains(QStringLiteral("no selling points")), qPrintable(generation.error()));
        QVERIFY(!generation.errorFix().isEmpty());

        ModelController noModel;
        GenerationController withoutModel(&brief_, &noModel);
        QVERIFY(!withoutModel.generate());
        QVERIFY2(withoutModel.error().contains(QStringLiteral("No model")), qPrintable(withoutModel.error()));
    }

    void aBadSeedIsRefusedAndTheOldOneKept() {
        GenerationController generation(&brief_, &model_);
        generation.setBaseSeed(QStringLiteral("77"));
        generation.setBaseSeed(QStringLiteral("seven"));
        QCOMPARE(generation.baseSeed(), QStringLiteral("77"));
        QVERIFY2(generation.error().contains(QStringLiteral("seven")), qPrintable(generation.error()));
    }
};

QTEST_GUILESS_MAIN(TestGenerationController)
#include "tst_generation_controller.moc"
