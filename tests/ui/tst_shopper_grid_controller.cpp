// ShopperGridController: the same brief and seed for several library shoppers, with the demo
// model; each cell is exactly the ad the generation panel makes for that shopper with that seed.
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "brief_controller.h"
#include "generation_controller.h"
#include "model_controller.h"
#include "profile_store.h"
#include "shopper_grid_controller.h"

namespace {
const QString kSamples = QStringLiteral(ADGEN_SAMPLES_DIR);
}  // namespace

class TestShopperGridController : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    ModelController model_;
    BriefController brief_;
    ProfileStore profiles_;
    QVariantList ids_;

private Q_SLOTS:
    void initTestCase() {
        QSignalSpy loaded(&model_, &ModelController::loadFinished);
        model_.load(QStringLiteral(ADGEN_DEMO_MODEL_DIR));
        QVERIFY(loaded.wait(60000));
        QVERIFY(brief_.open(kSamples + QStringLiteral("/products/can-08.adgen.json")));
        QVERIFY(profiles_.open(dir_.filePath(QStringLiteral("studio.sqlite"))));
        QVERIFY(profiles_.seedFromSamples(kSamples) >= 3);
        for (const ProfileSummary& p : profiles_.profiles()) ids_.append(p.id);
    }

    void makesOneAdPerShopperWithOneSeed() {
        GenerationController generation(&brief_, &model_);
        generation.setProfileStore(&profiles_);
        ShopperGridController grid(&generation, &model_, &profiles_);
        grid.setSeed(QStringLiteral("77"));
        const QVariantList three = ids_.mid(0, 3);
        QSignalSpy finished(&grid, &ShopperGridController::finished);
        QVERIFY(grid.generate(three));
        QVERIFY(grid.running());
        QVERIFY(finished.wait(180000));
        QVERIFY(!grid.running());
        QVERIFY2(grid.error().isEmpty(), qPrintable(grid.error()));

        VariantsModel& cells = *grid.cells();
        QCOMPARE(cells.rowCount(), 3);
        for (int i = 0; i < 3; ++i) {
            QCOMPARE(cells.state(i), VariantsModel::State::Done);
            QCOMPARE(cells.seed(i), quint64(77));
            QCOMPARE(cells.at(i).value(QStringLiteral("label")).toString(), profiles_.profile(three[i].toLongLong())->name);
        }
        QCOMPARE(grid.finishedCount(), 3);
        // Only the shopper differs, and it changes the ads. (The demo model's history effect is
        // small: with one seed two shoppers can get the same copy, but not three the same images.)
        QVERIFY(cells.image(0) != cells.image(1) || cells.image(1) != cells.image(2));

        // A cell is the very ad the generation panel makes for that shopper with that seed.
        QVERIFY(generation.useProfile(three[1].toLongLong()));
        generation.setVariantCount(1);
        generation.setRandomSeeds(false);
        generation.setBaseSeed(QStringLiteral("77"));
        QSignalSpy done(&generation, &GenerationController::finished);
        QVERIFY(generation.generate());
        QVERIFY(done.wait(120000));
        QCOMPARE(generation.variants()->title(0), cells.title(1));
        QCOMPARE(generation.variants()->image(0), cells.image(1));
    }

    void cancelAllStopsEveryCell() {
        GenerationController generation(&brief_, &model_);
        ShopperGridController grid(&generation, &model_, &profiles_);
        QSignalSpy finished(&grid, &ShopperGridController::finished);
        QVERIFY(grid.generate(ids_.mid(0, 2)));
        grid.cancelAll();
        QVERIFY(finished.wait(60000));
        QCOMPARE(grid.cells()->activeCount(), 0);
        QCOMPARE(grid.cells()->state(1), VariantsModel::State::Cancelled);
    }

    void refusesTooFewShoppersUnknownOnesAndAMissingProduct() {
        GenerationController generation(&brief_, &model_);
        ShopperGridController grid(&generation, &model_, &profiles_);
        QVERIFY(!grid.generate(ids_.mid(0, 1)));
        QVERIFY2(grid.error().contains(QStringLiteral("2 to 8")), qPrintable(grid.error()));
        QVERIFY(!grid.generate({ids_[0], QVariant(qint64(999999))}));
        QVERIFY2(grid.error().contains(QStringLiteral("999999")), qPrintable(grid.error()));
        QVERIFY(!grid.running());

        BriefController empty;
        GenerationController noProduct(&empty, &model_);
        ShopperGridController grid2(&noProduct, &model_, &profiles_);
        QVERIFY(!grid2.generate(ids_.mid(0, 2)));
        QVERIFY2(grid2.error().contains(QStringLiteral("no product image")), qPrintable(grid2.error()));
        QCOMPARE(grid2.cells()->rowCount(), 0);
    }

    void aBadSeedIsRefused() {
        GenerationController generation(&brief_, &model_);
        ShopperGridController grid(&generation, &model_, &profiles_);
        grid.setSeed(QStringLiteral("12"));
        grid.setSeed(QStringLiteral("-4x"));
        QCOMPARE(grid.seed(), QStringLiteral("12"));
        QVERIFY(!grid.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestShopperGridController)
#include "tst_shopper_grid_controller.moc"
