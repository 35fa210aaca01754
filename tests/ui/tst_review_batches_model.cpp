// ReviewBatchesModel: the review batches, newest first, each with its reviewed count and the
// available rate of the chosen reviewer (pooled without one), following the store in place.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "review_batches_model.h"
#include "review_fixtures.h"
#include "review_store.h"

namespace {

QList<ReviewItem> items(int count) {
    QList<ReviewItem> list;
    for (int i = 1; i <= count; ++i)
        list << reviewItem(i, QStringLiteral("m"), QStringLiteral("ana"));
    return list;
}

}  // namespace

class TestReviewBatchesModel : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void listsBatchesNewestFirstWithTheirCounts() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        const qint64 first = store.createBatch(QStringLiteral("First"), QStringLiteral("import"),
                                               QStringLiteral("/ads"), items(2));
        ReviewBatchesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store);
        QCOMPARE(model.rowCount(), 1);
        const qint64 second = store.createBatchFromGeneration(7, finishedGeneration());
        QCOMPARE(model.rowCount(), 2);
        QCOMPARE(model.idAt(0), second);
        QCOMPARE(model.rowOf(first), 1);
        const QModelIndex row = model.index(1);
        QCOMPARE(row.data(ReviewBatchesModel::BatchIdRole).toLongLong(), first);
        QCOMPARE(row.data(ReviewBatchesModel::NameRole).toString(), QStringLiteral("First"));
        QCOMPARE(row.data(ReviewBatchesModel::SourceKindRole).toString(), QStringLiteral("import"));
        QCOMPARE(row.data(ReviewBatchesModel::SourceRole).toString(), QStringLiteral("/ads"));
        QCOMPARE(row.data(ReviewBatchesModel::ItemCountRole).toInt(), 2);
        QCOMPARE(row.data(ReviewBatchesModel::ReviewedCountRole).toInt(), 0);
        QVERIFY(!row.data(ReviewBatchesModel::AvailableRateRole)
                     .isValid());  // undefined while nothing is decided
        QVERIFY(row.data(ReviewBatchesModel::CreatedRole).toDateTime().isValid());
        const QHash<int, QByteArray> roles = model.roleNames();
        for (const char* name :
             {"batchId", "name", "created", "itemCount", "reviewedCount", "availableRate"})
            QVERIFY2(roles.values().contains(name), name);
        QVERIFY(store.renameBatch(first, QStringLiteral("Renamed")));
        QCOMPARE(model.index(1).data(ReviewBatchesModel::NameRole).toString(),
                 QStringLiteral("Renamed"));
        QVERIFY(store.deleteBatch(second));
        QCOMPARE(model.rowCount(), 1);
        QCOMPARE(model.idAt(0), first);
    }

    void aVerdictUpdatesItsBatchsRateAtOnce() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        const qint64 batch =
            store.createBatch(QStringLiteral("B"), QStringLiteral("import"), {}, items(3));
        const qint64 other =
            store.createBatch(QStringLiteral("Other"), QStringLiteral("import"), {}, items(1));
        const QList<ReviewItem> ads = store.items(batch);
        ReviewBatchesModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store);
        model.setReviewer(QStringLiteral("ana"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY(store.acceptAll(ads[0].id, QStringLiteral("ana")));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toModelIndex().row(), model.rowOf(batch));
        const QModelIndex row = model.index(model.rowOf(batch));
        QCOMPARE(row.data(ReviewBatchesModel::ReviewedCountRole).toInt(), 1);
        QCOMPARE(row.data(ReviewBatchesModel::AvailableRateRole).toDouble(), 1.0);
        QVERIFY(store.setVerdict(ads[1].id, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                 ReviewDecision::Reject));
        QCOMPARE(row.data(ReviewBatchesModel::ReviewedCountRole).toInt(), 2);
        QCOMPARE(row.data(ReviewBatchesModel::AvailableRateRole).toDouble(), 0.5);
        QCOMPARE(row.data(ReviewBatchesModel::RejectedCountRole).toInt(), 1);
        QCOMPARE(
            model.index(model.rowOf(other)).data(ReviewBatchesModel::ReviewedCountRole).toInt(), 0);
        // Another reviewer's verdict is not ana's progress...
        QVERIFY(store.acceptAll(ads[2].id, QStringLiteral("bo")));
        QCOMPARE(row.data(ReviewBatchesModel::ReviewedCountRole).toInt(), 2);
        // ...but counts when all reviewers are pooled.
        model.setReviewer(QString());
        QCOMPARE(row.data(ReviewBatchesModel::ReviewedCountRole).toInt(), 3);
        QCOMPARE(row.data(ReviewBatchesModel::AcceptedCountRole).toInt(), 2);
        QCOMPARE(row.data(ReviewBatchesModel::AvailableRateRole).toDouble(), 2.0 / 3.0);
    }
};

QTEST_GUILESS_MAIN(TestReviewBatchesModel)
#include "tst_review_batches_model.moc"
