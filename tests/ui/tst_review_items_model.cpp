// ReviewItemsModel: one batch's ads with one reviewer's checklist. Decisions, accept all, reject
// with a reason and bulk decisions go through the store at once and show in the rows; another
// reviewer sees their own checklist; bad input is refused with a message.
#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "review_fixtures.h"
#include "review_items_model.h"
#include "review_store.h"

class TestReviewItemsModel : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    ReviewStore store_;
    qint64 batch_ = -1;

private Q_SLOTS:
    void init() {
        store_.close();
        QFile::remove(dir_.filePath(QStringLiteral("studio.sqlite")));
        QVERIFY(store_.open(dir_.filePath(QStringLiteral("studio.sqlite"))));
        QList<ReviewItem> items;
        for (int i = 1; i <= 4; ++i)
            items << reviewItem(i, QStringLiteral("m"), QStringLiteral("ana"));
        batch_ = store_.createBatch(QStringLiteral("B"), QStringLiteral("import"), {}, items);
        QVERIFY(batch_ > 0);
    }

    void rowsShowTheAdsOfTheBatch() {
        ReviewItemsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store_);
        QCOMPARE(model.rowCount(), 0);  // no batch chosen yet
        model.setBatchId(batch_);
        QCOMPARE(model.rowCount(), 4);
        const QModelIndex row = model.index(2);
        const qint64 id = store_.items(batch_)[2].id;
        QCOMPARE(row.data(ReviewItemsModel::ItemIdRole).toLongLong(), id);
        QCOMPARE(row.data(ReviewItemsModel::PositionRole).toInt(), 3);
        QCOMPARE(row.data(ReviewItemsModel::CopyRole).toString(), QStringLiteral("Copy 3"));
        QCOMPARE(row.data(ReviewItemsModel::SellingPointsRole).toStringList(),
                 (QStringList{QStringLiteral("Keeps Warm"), QStringLiteral("Light")}));
        QCOMPARE(row.data(ReviewItemsModel::ModelNameRole).toString(), QStringLiteral("m"));
        QCOMPARE(row.data(ReviewItemsModel::ShopperNameRole).toString(), QStringLiteral("ana"));
        QCOMPARE(row.data(ReviewItemsModel::ThumbnailSourceRole).toString(),
                 QStringLiteral("image://review/%1").arg(id));
        QCOMPARE(row.data(ReviewItemsModel::RawThumbnailSourceRole).toString(),
                 QStringLiteral("image://review-raw/%1").arg(id));
        QCOMPARE(row.data(ReviewItemsModel::OverallRole).toString(), QStringLiteral("open"));
        QCOMPARE(row.data(ReviewItemsModel::SizeMismatchRole).toString(), QString());
        QCOMPARE(model.rowOf(id), 2);
        const QVariantList criteria = ReviewItemsModel::criteria();
        QCOMPARE(criteria.size(), 6);
        QCOMPARE(criteria[0].toMap().value("id").toString(), QStringLiteral("size-mismatch"));
        QVERIFY(criteria[0].toMap().value("image").toBool());
        QVERIFY(!criteria[5].toMap().value("image").toBool());
        QVERIFY(!criteria[4].toMap().value("definition").toString().isEmpty());
    }

    void decisionsAreStoredAndShownAtOnce() {
        ReviewItemsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store_);
        model.setBatchId(batch_);
        model.setReviewer(QStringLiteral("ana"));
        QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
        QVERIFY2(model.setDecision(0, QStringLiteral("space-mismatch"), QStringLiteral("unsure")),
                 qPrintable(model.error()));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(model.index(0).data(ReviewItemsModel::SpaceMismatchRole).toString(),
                 QStringLiteral("unsure"));
        QCOMPARE(store_.verdicts(model.idAt(0), QStringLiteral("ana")).size(),
                 1);  // in the store already

        QVERIFY(model.acceptAll(1));
        const QModelIndex accepted = model.index(1);
        QCOMPARE(accepted.data(ReviewItemsModel::OverallRole).toString(),
                 QStringLiteral("accepted"));
        QCOMPARE(accepted.data(ReviewItemsModel::JudgedCountRole).toInt(), 6);
        QCOMPARE(
            accepted.data(ReviewItemsModel::DecisionsRole).toMap().value("readability").toString(),
            QStringLiteral("pass"));

        QVERIFY(model.rejectWithReason(1, QStringLiteral("factuality"),
                                       QStringLiteral(" claims \"No. 1\" ")));
        QCOMPARE(accepted.data(ReviewItemsModel::FactualityRole).toString(),
                 QStringLiteral("reject"));
        QCOMPARE(accepted.data(ReviewItemsModel::OverallRole).toString(),
                 QStringLiteral("rejected"));
        QCOMPARE(accepted.data(ReviewItemsModel::NotesRole).toMap().value("factuality").toString(),
                 QStringLiteral("claims \"No. 1\""));
        QCOMPARE(accepted.data(ReviewItemsModel::NoteRole).toString(),
                 QStringLiteral("Factuality: claims \"No. 1\""));
        QVERIFY(model.setNote(1, QStringLiteral("factuality"), QStringLiteral("superlative")));
        QCOMPARE(accepted.data(ReviewItemsModel::NotesRole).toMap().value("factuality").toString(),
                 QStringLiteral("superlative"));

        QVERIFY(model.setDecision(1, QStringLiteral("factuality"), QString()));  // cleared
        QCOMPARE(accepted.data(ReviewItemsModel::FactualityRole).toString(), QString());
        QCOMPARE(accepted.data(ReviewItemsModel::OverallRole).toString(), QStringLiteral("open"));
        QVERIFY(model.clearRow(1));
        QCOMPARE(accepted.data(ReviewItemsModel::JudgedCountRole).toInt(), 0);
    }

    void aDecisionAppliesToASelectionInOneGo() {
        ReviewItemsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store_);
        model.setBatchId(batch_);
        model.setReviewer(QStringLiteral("ana"));
        QSignalSpy storeChanged(&store_, &ReviewStore::verdictsChanged);
        QVERIFY(model.applyToRows({0, 2, 3, 2}, QStringLiteral("readability"),
                                  QStringLiteral("reject")));
        QCOMPARE(storeChanged.size(), 1);  // one transaction
        QCOMPARE(model.index(0).data(ReviewItemsModel::ReadabilityRole).toString(),
                 QStringLiteral("reject"));
        QCOMPARE(model.index(1).data(ReviewItemsModel::ReadabilityRole).toString(), QString());
        QCOMPARE(model.index(3).data(ReviewItemsModel::OverallRole).toString(),
                 QStringLiteral("rejected"));
        // A bad row refuses the whole selection.
        QVERIFY(!model.applyToRows({1, 9}, QStringLiteral("readability"), QStringLiteral("pass")));
        QVERIFY(model.error().contains(QStringLiteral("10")));
        QCOMPARE(model.index(1).data(ReviewItemsModel::ReadabilityRole).toString(), QString());
        QVERIFY(!model.applyToRows({}, QStringLiteral("readability"), QStringLiteral("pass")));
    }

    void eachReviewerSeesTheirOwnChecklist() {
        ReviewItemsModel ana, bo;
        QAbstractItemModelTester anaTester(&ana,
                                           QAbstractItemModelTester::FailureReportingMode::QtTest);
        QAbstractItemModelTester boTester(&bo,
                                          QAbstractItemModelTester::FailureReportingMode::QtTest);
        for (ReviewItemsModel* m : {&ana, &bo}) {
            m->setStore(&store_);
            m->setBatchId(batch_);
        }
        ana.setReviewer(QStringLiteral("ana"));
        bo.setReviewer(QStringLiteral("bo"));
        QVERIFY(ana.acceptAll(0));
        QCOMPARE(bo.index(0).data(ReviewItemsModel::OverallRole).toString(),
                 QStringLiteral("open"));
        // A second view of ana's checklist follows the store.
        bo.setReviewer(QStringLiteral("ana"));
        QCOMPARE(bo.index(0).data(ReviewItemsModel::OverallRole).toString(),
                 QStringLiteral("accepted"));
        QVERIFY(ana.setDecision(0, QStringLiteral("size-mismatch"), QStringLiteral("reject")));
        QCOMPARE(bo.index(0).data(ReviewItemsModel::SizeMismatchRole).toString(),
                 QStringLiteral("reject"));
        // Deleting the batch empties the list.
        QVERIFY(store_.deleteBatch(batch_));
        QCOMPARE(ana.rowCount(), 0);
    }

    void badInputIsRefusedWithAMessage() {
        ReviewItemsModel model;
        QAbstractItemModelTester tester(&model,
                                        QAbstractItemModelTester::FailureReportingMode::QtTest);
        model.setStore(&store_);
        model.setBatchId(batch_);
        QVERIFY(!model.acceptAll(0));  // no reviewer yet
        QVERIFY(model.error().contains(QStringLiteral("reviewer")));
        QVERIFY(!model.errorFix().isEmpty());
        model.setReviewer(QStringLiteral("ana"));
        QVERIFY(!model.setDecision(0, QStringLiteral("colour"), QStringLiteral("pass")));
        QVERIFY(model.error().contains(QStringLiteral("colour")));
        QVERIFY(!model.setDecision(0, QStringLiteral("factuality"), QStringLiteral("maybe")));
        QVERIFY(!model.setDecision(7, QStringLiteral("factuality"), QStringLiteral("pass")));
        QVERIFY(!model.setNote(0, QStringLiteral("factuality"), QStringLiteral("no verdict yet")));
        QVERIFY(model.acceptAll(0));
        QVERIFY(model.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReviewItemsModel)
#include "tst_review_items_model.moc"
