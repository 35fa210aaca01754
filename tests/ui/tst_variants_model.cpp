// VariantsModel: the variants of a generation as the grid shows them, checked with
// QAbstractItemModelTester and by the values of its roles.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QtTest>

#include "variants_model.h"

namespace {

QVariant role(const VariantsModel& model, int row, VariantsModel::Role r) { return model.data(model.index(row), r); }

}  // namespace

class TestVariantsModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void startListsQueuedVariantsWithTheirSeeds() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy count(&model, &VariantsModel::countChanged);
        model.start({7, 18446744073709551615ULL, 9}, 4, 32);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(count.count(), 1);
        QCOMPARE(role(model, 0, VariantsModel::NumberRole).toInt(), 1);
        QCOMPARE(role(model, 1, VariantsModel::SeedRole).toString(), QStringLiteral("18446744073709551615"));
        QCOMPARE(role(model, 2, VariantsModel::StateRole).toInt(), int(VariantsModel::State::Queued));
        QVERIFY(role(model, 2, VariantsModel::ActiveRole).toBool());
        QCOMPARE(role(model, 0, VariantsModel::ImageRole).value<QImage>().size(), QSize(32, 32));
        QCOMPARE(model.activeCount(), 3);
        QCOMPARE(model.finishedCount(), 0);
    }

    void copyStreamsInAndMovesTheVariantToWriting() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.start({1, 2}, 4, 32);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        model.appendTitle(1, QStringLiteral("保温"));
        model.appendTitle(1, QStringLiteral("杯 Coral"));
        QCOMPARE(role(model, 1, VariantsModel::TitleRole).toString(), QStringLiteral("保温杯 Coral"));
        QCOMPARE(model.state(1), VariantsModel::State::Writing);
        QCOMPARE(model.state(0), VariantsModel::State::Queued);
        QCOMPARE(role(model, 1, VariantsModel::StateLabelRole).toString(), QStringLiteral("Writing copy"));
        QVERIFY(changed.count() >= 2);
        for (const auto& args : changed) QCOMPARE(args.at(0).toModelIndex().row(), 1);
    }

    void imageTokensArePublishedTogetherAfterTheRefreshInterval() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.start({1}, 4, 32);
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        for (int c = 0; c < 4; ++c) model.paintToken(0, 0, c, QColor(255, 0, 0));
        const int afterStateChange = changed.count();  // Rendering is announced at once
        QCOMPARE(model.state(0), VariantsModel::State::Rendering);
        QTRY_COMPARE_WITH_TIMEOUT(changed.count(), afterStateChange + 1, 1000);  // one batched picture change
        QCOMPARE(role(model, 0, VariantsModel::ProgressRole).toDouble(), 4.0 / 16.0);
        QCOMPARE(role(model, 0, VariantsModel::ImageRole).value<QImage>().pixel(31, 7), qRgb(255, 0, 0));
        QCOMPARE(role(model, 0, VariantsModel::StateLabelRole).toString(), QStringLiteral("Rendering 25 %"));
        QVERIFY(role(model, 0, VariantsModel::RevisionRole).toInt() >= 4);
    }

    void finishSetsTheFinalTitleAndImages() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        QSignalSpy counts(&model, &VariantsModel::stateCountsChanged);
        model.start({1, 2}, 4, 32);
        model.appendTitle(0, QStringLiteral("Draft"));
        QImage raw(32, 32, QImage::Format_RGB888);
        raw.fill(QColor(1, 2, 3));
        QImage fusion(32, 32, QImage::Format_RGB888);
        fusion.fill(QColor(4, 5, 6));
        model.finish(0, QStringLiteral("Final title"), raw, fusion);
        QCOMPARE(model.state(0), VariantsModel::State::Done);
        QCOMPARE(role(model, 0, VariantsModel::TitleRole).toString(), QStringLiteral("Final title"));
        QCOMPARE(role(model, 0, VariantsModel::ImageRole).value<QImage>().pixel(0, 0), qRgb(1, 2, 3));
        QCOMPARE(role(model, 0, VariantsModel::FusionImageRole).value<QImage>().pixel(0, 0), qRgb(4, 5, 6));
        QCOMPARE(role(model, 0, VariantsModel::ProgressRole).toDouble(), 1.0);
        QVERIFY(!role(model, 0, VariantsModel::ActiveRole).toBool());
        QCOMPARE(model.finishedCount(), 1);
        QCOMPARE(model.activeCount(), 1);
        QVERIFY(counts.count() >= 2);
    }

    void anEndedVariantIgnoresLateEvents() {
        VariantsModel model;
        model.start({1, 2}, 4, 32);
        model.appendTitle(1, QStringLiteral("Half"));
        model.setState(1, VariantsModel::State::Cancelled);
        model.appendTitle(1, QStringLiteral(" more"));
        model.paintToken(1, 0, 0, QColor(255, 0, 0));
        model.finish(1, QStringLiteral("Whole"), QImage(32, 32, QImage::Format_RGB888), {});
        QCOMPARE(model.state(1), VariantsModel::State::Cancelled);
        QCOMPARE(model.title(1), QStringLiteral("Half"));  // what it had is kept
        QVERIFY(model.image(1).pixel(0, 0) != qRgb(255, 0, 0));
    }

    void endActiveEndsOnlyTheVariantsStillRunning() {
        VariantsModel model;
        model.start({1, 2, 3}, 4, 32);
        model.finish(0, QStringLiteral("T"), QImage(32, 32, QImage::Format_RGB888), {});
        model.appendTitle(1, QStringLiteral("x"));
        model.endActive(VariantsModel::State::Failed);
        QCOMPARE(model.state(0), VariantsModel::State::Done);
        QCOMPARE(model.state(1), VariantsModel::State::Failed);
        QCOMPARE(model.state(2), VariantsModel::State::Failed);
        QCOMPARE(model.activeCount(), 0);
    }

    void aNewGenerationReplacesTheVariants() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.start({1, 2, 3}, 4, 32);
        model.appendTitle(0, QStringLiteral("old"));
        model.start({5}, 2, 16);
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.title(0), QString());
        QCOMPARE(model.seed(0), quint64(5));
        QCOMPARE(model.image(0).size(), QSize(16, 16));
    }

    void restoreShowsSavedVariantsWithTheirNumbersCopyAndPictures() {
        VariantsModel model;
        QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.start({1, 2, 3}, 4, 32);
        model.appendTitle(0, QStringLiteral("running"));
        QSignalSpy count(&model, &VariantsModel::countChanged);
        QImage raw(32, 32, QImage::Format_RGB888);
        raw.fill(QColor(10, 20, 30));
        QImage fusion(32, 32, QImage::Format_RGBA8888);
        fusion.fill(QColor(40, 50, 60));
        // Variant 2 was never saved (the studio stopped): the numbers say which ones these are.
        model.restore({{7, 1, 18446744073709551615ULL, QStringLiteral("Done copy"), QStringLiteral("done"), raw, fusion},
                       {8, 3, 5, QStringLiteral("Half"), QStringLiteral("cancelled"), {}, {}},
                       {9, 4, 6, {}, QStringLiteral("failed"), {}, {}}},
                      4, 32);
        QCOMPARE(count.count(), 1);
        QCOMPARE(model.rowCount(), 3);
        QCOMPARE(role(model, 0, VariantsModel::NumberRole).toInt(), 1);
        QCOMPARE(role(model, 1, VariantsModel::NumberRole).toInt(), 3);
        QCOMPARE(model.number(2), 4);
        QCOMPARE(role(model, 0, VariantsModel::SeedRole).toString(), QStringLiteral("18446744073709551615"));
        QCOMPARE(model.state(0), VariantsModel::State::Done);
        QCOMPARE(model.title(0), QStringLiteral("Done copy"));
        QCOMPARE(model.image(0).pixel(5, 5), qRgb(10, 20, 30));
        QCOMPARE(model.fusionImage(0), fusion);
        QCOMPARE(role(model, 0, VariantsModel::ProgressRole).toDouble(), 1.0);
        QCOMPARE(model.state(1), VariantsModel::State::Cancelled);
        QCOMPARE(model.title(1), QStringLiteral("Half"));
        QCOMPARE(model.image(1).size(), QSize(32, 32));  // a blank canvas
        QVERIFY(model.fusionImage(1).isNull());
        QCOMPARE(model.state(2), VariantsModel::State::Failed);
        QCOMPARE(model.finishedCount(), 1);
        QCOMPARE(model.activeCount(), 0);
        QVERIFY(!role(model, 1, VariantsModel::ActiveRole).toBool());
        // Restored variants are final: late events of an earlier generation change nothing.
        model.appendTitle(1, QStringLiteral("more"));
        QCOMPARE(model.title(1), QStringLiteral("Half"));
    }
};

QTEST_GUILESS_MAIN(TestVariantsModel)
#include "tst_variants_model.moc"
