// ReviewStore: review batches, their ads and the reviewers' verdicts in the studio's SQLite file.
// Batches come from a generation of the history (one item per finished variant) or from an
// import; everything survives reopening; each verdict is committed when the call returns (a
// reviewer killed mid-review loses none of the verdicts it had made); thumbnails can be read
// from another thread.
#include <QElapsedTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlDatabase>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QtTest>

#include <thread>

#include "generation_history_store.h"
#include "profile_store.h"
#include "review_fixtures.h"
#include "review_store.h"

namespace {

// One statement on a connection of its own: what another program would read in the file.
QVariant rawQuery(const QString& databasePath, const QString& sql) {
    QVariant result;
    const QString name = QStringLiteral("tst-review-store-raw");
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(databasePath);
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(sql) && query.next())
                result = query.value(0);
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return result;
}

QList<ReviewItem> threeItems() {
    return {reviewItem(1, QStringLiteral("m1"), QStringLiteral("ana")),
            reviewItem(2, QStringLiteral("m1"), QStringLiteral("bo")),
            reviewItem(3, QStringLiteral("m2"), QStringLiteral("ana"))};
}

QMap<ReviewCriterion, ReviewDecision> decisionsOf(const QList<ReviewVerdict>& verdicts) {
    QMap<ReviewCriterion, ReviewDecision> map;
    for (const ReviewVerdict& v : verdicts)
        map.insert(v.criterion, v.decision);
    return map;
}

}  // namespace

class TestReviewStore : public QObject {
    Q_OBJECT

    QTemporaryDir dir_;
    QString databasePath() const { return dir_.filePath(QStringLiteral("studio.sqlite")); }

private Q_SLOTS:
    void init() { QFile::remove(databasePath()); }

    void aGenerationBecomesABatchWithOneItemPerFinishedVariant() {
        ReviewStore store;
        QVERIFY2(store.open(databasePath()), qPrintable(store.error()));
        const SavedGeneration generation = finishedGeneration();
        const qint64 batchId = store.createBatchFromGeneration(7, generation);
        QVERIFY2(batchId > 0, qPrintable(store.error()));

        const auto batch = store.batch(batchId);
        QVERIFY(batch);
        QCOMPARE(batch->name, QStringLiteral("Coral mug for ana"));
        QCOMPARE(batch->sourceKind, QStringLiteral("studio"));
        QCOMPARE(batch->source, QStringLiteral("7"));
        QCOMPARE(batch->itemCount, 2);  // the cancelled variant has no pictures to judge

        const QList<ReviewItem> items = store.items(batchId);
        QCOMPARE(items.size(), 2);
        QCOMPARE(items[0].position, 1);
        QCOMPARE(items[0].copy, QStringLiteral("Warm coral mug"));
        QCOMPARE(items[0].variantNumber, 1);
        QCOMPARE(items[1].copy, QStringLiteral("大容量 mug"));
        QCOMPARE(items[1].variantNumber, 3);
        QCOMPARE(items[1].sellingPoints, generation.recipe.sellingPoints);
        QCOMPARE(items[1].modelName, QStringLiteral("adgen-demo"));
        QCOMPARE(items[1].shopperName, QStringLiteral("ana"));
        QVERIFY(items[1].hasFusion);
        QCOMPARE(items[1].recipe, generation.recipe.toJson());
        QVERIFY(items[1].imagePng.isEmpty());  // lists come without pictures

        const auto withPictures = store.item(items[1].id, true);
        QVERIFY(withPictures);
        QVERIFY(samePixels(QImage::fromData(withPictures->imagePng), generation.variants[2].image));
        QVERIFY(samePixels(QImage::fromData(withPictures->fusionPng),
                           generation.variants[2].fusionImage));
    }

    void aBatchIsMadeFromTheHistoryInTheSameFile() {
        GenerationHistoryStore history;
        QVERIFY2(history.open(databasePath()), qPrintable(history.error()));
        SavedGeneration generation = finishedGeneration();
        const qint64 id = history.startGeneration(generation.recipe);
        QVERIFY(id > 0);
        const SavedVariant& v = generation.variants[0];
        QVERIFY(
            history.saveVariant(id, v.number, v.seed, v.title, v.state, v.image, v.fusionImage));
        QVERIFY(history.finishGeneration(id, generation.recipe));

        ReviewStore store;
        QVERIFY2(store.open(databasePath()), qPrintable(store.error()));
        const qint64 batchId =
            store.createBatchFromHistory(&history, id, QStringLiteral("Mugs for ana"));
        QVERIFY2(batchId > 0, qPrintable(store.error()));
        QCOMPARE(store.batch(batchId)->name, QStringLiteral("Mugs for ana"));
        QCOMPARE(store.items(batchId).size(), 1);
        QCOMPARE(store.items(batchId)[0].copy, v.title);

        QCOMPARE(store.createBatchFromHistory(&history, id + 100), qint64(-1));
        QVERIFY(store.error().contains(QString::number(id + 100)));
    }

    void aGenerationWithoutFinishedVariantsIsRefused() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        SavedGeneration generation = finishedGeneration();
        for (SavedVariant& v : generation.variants)
            v.state = QStringLiteral("cancelled");
        QCOMPARE(store.createBatchFromGeneration(7, generation), qint64(-1));
        QVERIFY(store.error().contains(QStringLiteral("no finished variant")));
        QVERIFY(!store.errorFix().isEmpty());
        QCOMPARE(store.batchCount(), 0);
    }

    void batchesItemsAndVerdictsSurviveReopening() {
        qint64 batchId = -1;
        QList<ReviewVerdict> before;
        {
            ReviewStore store;
            QVERIFY(store.open(databasePath()));
            batchId = store.createBatch(QStringLiteral("Imported"), QStringLiteral("import"),
                                        QStringLiteral("/ads"), threeItems());
            QVERIFY2(batchId > 0, qPrintable(store.error()));
            const qint64 item = store.items(batchId)[1].id;
            QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                     ReviewDecision::Reject,
                                     QStringLiteral("\"best\" is not a selling point")));
            QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::SizeMismatch,
                                     ReviewDecision::Pass));
            before = store.verdicts(item);
        }
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        QCOMPARE(store.batches().size(), 1);
        QCOMPARE(store.batches()[0].name, QStringLiteral("Imported"));
        QCOMPARE(store.batches()[0].source, QStringLiteral("/ads"));
        const QList<ReviewItem> items = store.items(batchId);
        QCOMPARE(items.size(), 3);
        QCOMPARE(items[2].modelName, QStringLiteral("m2"));
        QCOMPARE(items[1].shopperName, QStringLiteral("bo"));
        QCOMPARE(items[0].sellingPoints,
                 (QStringList{QStringLiteral("Keeps Warm"), QStringLiteral("Light")}));
        QVERIFY(items[0].recipe.isEmpty());
        const QList<ReviewVerdict> after = store.verdicts(items[1].id);
        QCOMPARE(after.size(), 2);
        QCOMPARE(after, before);
        QCOMPARE(after[0].criterion, ReviewCriterion::SizeMismatch);  // checklist order
        QCOMPARE(after[1].note, QStringLiteral("\"best\" is not a selling point"));
        QCOMPARE(after[1].created.timeSpec(), Qt::UTC);
    }

    void theFileIsInWalModeWithItsOwnSchemaVersion() {
        ProfileStore profiles;
        QVERIFY(profiles.open(databasePath()));
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("PRAGMA journal_mode")).toString(),
                 QStringLiteral("wal"));
        QCOMPARE(rawQuery(databasePath(),
                          QStringLiteral(
                              "SELECT version FROM schema_versions WHERE component = 'review'"))
                     .toInt(),
                 ReviewStore::kSchemaVersion);
        QCOMPARE(rawQuery(databasePath(),
                          QStringLiteral(
                              "SELECT version FROM schema_versions WHERE component = 'profiles'"))
                     .toInt(),
                 ProfileStore::kSchemaVersion);
    }

    void reviewTablesOfANewerStudioAreRefused() {
        {
            ReviewStore store;
            QVERIFY(store.open(databasePath()));
        }
        rawQuery(
            databasePath(),
            QStringLiteral("UPDATE schema_versions SET version = 99 WHERE component = 'review'"));
        ReviewStore store;
        QVERIFY(!store.open(databasePath()));
        QVERIFY(store.error().contains(QStringLiteral("newer")));
        QVERIFY(!store.isOpen());
    }

    void aVerdictIsInTheFileWhenTheCallReturns() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 batchId =
            store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {}, threeItems());
        const qint64 item = store.items(batchId)[0].id;
        QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::Readability,
                                 ReviewDecision::Unsure));
        // Another connection (another program) sees it: committed, not pending in a transaction.
        QCOMPARE(
            rawQuery(databasePath(),
                     QStringLiteral("SELECT decision FROM review_verdicts WHERE item_id = %1 AND "
                                    "criterion = 'readability'")
                         .arg(item))
                .toString(),
            QStringLiteral("unsure"));
    }

    void changingAVerdictKeepsItsCreatedTimeAndNote() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 item =
            store
                .items(store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {},
                                         threeItems()))[0]
                .id;
        QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                 ReviewDecision::Reject, QStringLiteral("claims 50% off")));
        const ReviewVerdict first = store.verdicts(item, QStringLiteral("ana"))[0];
        QTest::qWait(5);
        QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                 ReviewDecision::Unsure));
        const ReviewVerdict second = store.verdicts(item, QStringLiteral("ana"))[0];
        QCOMPARE(second.id, first.id);
        QCOMPARE(second.decision, ReviewDecision::Unsure);
        QCOMPARE(second.note, QStringLiteral("claims 50% off"));  // a null note keeps it
        QCOMPARE(second.created, first.created);
        QVERIFY(second.modified > first.modified);
        QVERIFY(store.setVerdict(item, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                 ReviewDecision::Pass, QStringLiteral("")));
        QCOMPARE(store.verdicts(item, QStringLiteral("ana"))[0].note, QString());  // "" clears it
        QVERIFY(store.setNote(item, QStringLiteral("ana"), ReviewCriterion::Factuality,
                              QStringLiteral("ok after all")));
        QCOMPARE(store.verdicts(item, QStringLiteral("ana"))[0].note,
                 QStringLiteral("ok after all"));
    }

    void theOverallDecisionRejectsOnAnyRejectAndAcceptsOnlyAllSixPasses() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 item =
            store
                .items(store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {},
                                         threeItems()))[0]
                .id;
        const QString ana = QStringLiteral("ana");
        QCOMPARE(store.overall(item, ana), ReviewOverall::Open);
        QVERIFY(store.acceptAll(item, ana));
        QCOMPARE(store.verdicts(item, ana).size(), 6);
        QCOMPARE(store.overall(item, ana), ReviewOverall::Accepted);
        QVERIFY(
            store.setVerdict(item, ana, ReviewCriterion::SpaceMismatch, ReviewDecision::Unsure));
        QCOMPARE(store.overall(item, ana), ReviewOverall::Open);
        QVERIFY(store.setVerdict(item, ana, ReviewCriterion::ShapeHallucination,
                                 ReviewDecision::Reject));
        QCOMPARE(store.overall(item, ana), ReviewOverall::Rejected);
        QVERIFY(store.clearVerdict(item, ana, ReviewCriterion::ShapeHallucination));
        QCOMPARE(store.verdicts(item, ana).size(), 5);
        QCOMPARE(store.overall(item, ana), ReviewOverall::Open);
        // Another reviewer's checklist is their own.
        QCOMPARE(store.overall(item, QStringLiteral("bo")), ReviewOverall::Open);
        QVERIFY(store.clearItemVerdicts(item, ana));
        QVERIFY(store.verdicts(item, ana).isEmpty());
    }

    void bulkDecisionsAreOneTransactionForTheSelection() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 batchId =
            store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {}, threeItems());
        const QList<ReviewItem> items = store.items(batchId);
        QSignalSpy changed(&store, &ReviewStore::verdictsChanged);
        QVERIFY(store.setVerdicts({items[0].id, items[2].id}, QStringLiteral("ana"),
                                  ReviewCriterion::VisualPerception, ReviewDecision::Reject));
        QCOMPARE(changed.size(), 1);
        QCOMPARE(changed[0][0].toLongLong(), batchId);
        QCOMPARE(changed[0][1].value<QList<qint64>>(), (QList<qint64>{items[0].id, items[2].id}));
        QCOMPARE(changed[0][2].toString(), QStringLiteral("ana"));
        QCOMPARE(decisionsOf(store.verdicts(items[2].id)).value(ReviewCriterion::VisualPerception),
                 ReviewDecision::Reject);
        QVERIFY(store.verdicts(items[1].id).isEmpty());
        // An unknown item in the selection: nothing of it is written.
        QVERIFY(!store.setVerdicts({items[1].id, 999999}, QStringLiteral("ana"),
                                   ReviewCriterion::Readability, ReviewDecision::Pass));
        QVERIFY(store.error().contains(QStringLiteral("999999")));
        QVERIFY(store.verdicts(items[1].id).isEmpty());
        QCOMPARE(changed.size(), 1);
    }

    void verdictsNeedAReviewerAndAnItem() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 item =
            store
                .items(store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {},
                                         threeItems()))[0]
                .id;
        QVERIFY(!store.setVerdict(item, QStringLiteral("  "), ReviewCriterion::Readability,
                                  ReviewDecision::Pass));
        QVERIFY(store.error().contains(QStringLiteral("reviewer")));
        QVERIFY(!store.errorFix().isEmpty());
        QVERIFY(!store.setVerdict(424242, QStringLiteral("ana"), ReviewCriterion::Readability,
                                  ReviewDecision::Pass));
        QVERIFY(store.error().contains(QStringLiteral("424242")));
        QVERIFY(!store.setNote(item, QStringLiteral("ana"), ReviewCriterion::Readability,
                               QStringLiteral("n")));
        QVERIFY(store.setVerdict(item, QStringLiteral(" ana "), ReviewCriterion::Readability,
                                 ReviewDecision::Pass));
        QVERIFY(store.error().isEmpty());
        QCOMPARE(store.verdicts(item)[0].reviewer, QStringLiteral("ana"));  // trimmed
        QCOMPARE(store.reviewers(), QStringList{QStringLiteral("ana")});
    }

    void deletingABatchDeletesItsItemsAndVerdicts() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 keep =
            store.createBatch(QStringLiteral("keep"), QStringLiteral("import"), {}, threeItems());
        const qint64 gone =
            store.createBatch(QStringLiteral("gone"), QStringLiteral("import"), {}, threeItems());
        QVERIFY(store.acceptAll(store.items(gone)[0].id, QStringLiteral("ana")));
        QVERIFY(store.acceptAll(store.items(keep)[0].id, QStringLiteral("ana")));
        QVERIFY(store.renameBatch(keep, QStringLiteral("kept")));
        QVERIFY(store.deleteBatch(gone));
        QCOMPARE(store.batchCount(), 1);
        QCOMPARE(store.batches()[0].name, QStringLiteral("kept"));
        QCOMPARE(
            rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM review_items")).toInt(),
            3);
        QCOMPARE(rawQuery(databasePath(), QStringLiteral("SELECT COUNT(*) FROM review_verdicts"))
                     .toInt(),
                 6);
        QVERIFY(!store.deleteBatch(gone));
    }

    void reviewDataHasTheItemsAndEveryReviewersVerdicts() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 a =
            store.createBatch(QStringLiteral("A"), QStringLiteral("import"), {}, threeItems());
        const qint64 b =
            store.createBatch(QStringLiteral("B"), QStringLiteral("import"), {}, threeItems());
        QVERIFY(store.acceptAll(store.items(a)[0].id, QStringLiteral("bo")));
        QVERIFY(store.setVerdict(store.items(a)[0].id, QStringLiteral("ana"),
                                 ReviewCriterion::Readability, ReviewDecision::Reject));
        QVERIFY(store.acceptAll(store.items(b)[2].id, QStringLiteral("ana")));
        const ReviewData onlyA = store.reviewData({a});
        QCOMPARE(onlyA.items.size(), 3);
        QCOMPARE(onlyA.items[0].batchName, QStringLiteral("A"));
        QCOMPARE(onlyA.items[1].shopperName, QStringLiteral("bo"));
        QCOMPARE(onlyA.verdicts.size(), 7);
        QCOMPARE(onlyA.verdicts[0].reviewer, QStringLiteral("ana"));
        QCOMPARE(onlyA.verdicts[1].criterion, ReviewCriterion::SizeMismatch);
        QCOMPARE(onlyA.verdicts[6].criterion, ReviewCriterion::Readability);
        const ReviewData all = store.reviewData();
        QCOMPARE(all.items.size(), 6);
        QCOMPARE(all.verdicts.size(), 13);
        QCOMPARE(store.reviewers(b), QStringList{QStringLiteral("ana")});
        QCOMPARE(store.reviewers(), (QStringList{QStringLiteral("ana"), QStringLiteral("bo")}));
    }

    void thumbnailsCanBeReadFromAnotherThread() {
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        const qint64 batchId = store.createBatchFromGeneration(7, finishedGeneration());
        const qint64 item = store.items(batchId)[0].id;
        QImage fromThread, rawFromThread;
        std::thread reader([&] {
            fromThread = store.thumbnail(item, 16);
            rawFromThread = store.thumbnail(item, 0, ReviewStore::Picture::Raw);
        });
        reader.join();
        QCOMPARE(fromThread.size(), QSize(16, 16));
        QVERIFY(samePixels(rawFromThread, finishedGeneration().variants[0].image));
        QVERIFY(samePixels(store.thumbnail(item), finishedGeneration().variants[0].fusionImage));
        QVERIFY(store.thumbnail(999999).isNull());
    }

    void aReviewerKilledMidReviewLosesNoVerdictItHadMade() {
        qint64 batchId = -1;
        QStringList ids;
        {
            ReviewStore store;
            QVERIFY(store.open(databasePath()));
            batchId =
                store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {}, threeItems());
            for (const ReviewItem& item : store.items(batchId))
                ids << QString::number(item.id);
        }
        QProcess child;
        child.start(QStringLiteral(REVIEW_VERDICT_CHILD), QStringList{databasePath()} + ids);
        QVERIFY2(child.waitForStarted(), qPrintable(child.errorString()));
        QByteArray out;
        QElapsedTimer clock;
        clock.start();
        while (out.count('\n') < 30 && clock.elapsed() < 60000 &&
               child.state() == QProcess::Running) {
            child.waitForReadyRead(1000);
            out += child.readAllStandardOutput();
        }
        child.kill();  // SIGKILL, between two verdicts or in the middle of one
        QVERIFY(child.waitForFinished(10000));
        QCOMPARE(child.exitStatus(), QProcess::CrashExit);
        out += child.readAllStandardOutput();
        QVERIFY2(out.count('\n') >= 30,
                 qPrintable(QString::fromUtf8(out + child.readAllStandardError())));

        // The last step printed for each item and criterion: the file holds it, or a later one
        // (made after the print and before the kill).
        QMap<QPair<qint64, QString>, long long> printed;
        QList<QByteArray> lines = out.split('\n');
        lines.removeLast();  // what follows the last line break: nothing, or a line the kill cut
        for (const QByteArray& line : lines) {
            const QList<QByteArray> f = line.split(' ');
            QCOMPARE(f.size(), 5);
            printed[{f[1].toLongLong(), QString::fromLatin1(f[2])}] = f[4].toLongLong();
        }
        ReviewStore store;
        QVERIFY(store.open(databasePath()));
        int checked = 0;
        for (auto it = printed.cbegin(); it != printed.cend(); ++it) {
            const auto criterion = parseReviewCriterion(it.key().second);
            QVERIFY(criterion);
            const QList<ReviewVerdict> verdicts =
                store.verdicts(it.key().first, QStringLiteral("kim"));
            const auto found =
                std::find_if(verdicts.begin(), verdicts.end(),
                             [&](const ReviewVerdict& v) { return v.criterion == *criterion; });
            QVERIFY2(
                found != verdicts.end(),
                qPrintable(QStringLiteral("lost %1 %2").arg(it.key().first).arg(it.key().second)));
            QVERIFY(found->note.startsWith(QStringLiteral("step ")));
            const long long step = found->note.mid(5).toLongLong();
            QVERIFY2(step >= it.value(),
                     qPrintable(QStringLiteral("%1 %2: step %3 in the file, %4 printed")
                                    .arg(it.key().first)
                                    .arg(it.key().second)
                                    .arg(step)
                                    .arg(it.value())));
            const ReviewDecision expected[] = {ReviewDecision::Pass, ReviewDecision::Reject,
                                               ReviewDecision::Unsure};
            QCOMPARE(found->decision, expected[step % 3]);
            ++checked;
        }
        QVERIFY(checked >= 6);
    }
};

QTEST_GUILESS_MAIN(TestReviewStore)
#include "tst_review_store.moc"
