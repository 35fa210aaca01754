// Review exports: verdicts and statistics as CSV (stable columns, quoted where needed) and JSON,
// and a reviewed ad as PNG carrying its recipe and its review, read back from the file.
#include <QJsonArray>
#include <QTemporaryDir>
#include <QtTest>

#include "review_export.h"
#include "review_fixtures.h"
#include "review_store.h"

namespace {

QDateTime at(int minute) {
    return QDateTime(QDate(2026, 12, 6), QTime(11, minute, 0), Qt::UTC);
}

// Two ads of batch 3 "Mugs, round 1"; ana rejected the first on factuality with a note, and bo
// passed its size; the second is not judged.
ReviewData smallData() {
    ReviewData data;
    ReviewData::Item first;
    first.id = 31;
    first.batchId = 3;
    first.batchName = QStringLiteral("Mugs, round 1");
    first.position = 1;
    first.modelName = QStringLiteral("adgen-demo");
    first.shopperName = QStringLiteral("ana");
    first.copy = QStringLiteral("The \"best\" mug, 大容量");
    ReviewData::Item second = first;
    second.id = 32;
    second.position = 2;
    second.copy = QStringLiteral("Plain");
    data.items = {first, second};
    ReviewVerdict v;
    v.itemId = 31;
    v.reviewer = QStringLiteral("ana");
    v.criterion = ReviewCriterion::Factuality;
    v.decision = ReviewDecision::Reject;
    v.note = QStringLiteral("\"best\" is not\na selling point");
    v.created = at(1);
    v.modified = at(2);
    data.verdicts.append(v);
    v.reviewer = QStringLiteral("bo");
    v.criterion = ReviewCriterion::SizeMismatch;
    v.decision = ReviewDecision::Pass;
    v.note.clear();
    v.created = v.modified = at(3);
    data.verdicts.append(v);
    return data;
}

}  // namespace

class TestReviewExport : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void verdictsAsCsvOneLinePerVerdict() {
        const QByteArray expected =
            "batch_id,batch_name,item_id,position,model,shopper,copy,reviewer,overall,criterion,"
            "decision,note,created,modified\r\n"
            "3,\"Mugs, round 1\",31,1,adgen-demo,ana,\"The \"\"best\"\" mug, "
            "大容量\",ana,rejected,factuality,reject,"
            "\"\"\"best\"\" is not\na selling "
            "point\",2026-12-06T11:01:00.000Z,2026-12-06T11:02:00.000Z\r\n"
            "3,\"Mugs, round 1\",31,1,adgen-demo,ana,\"The \"\"best\"\" mug, "
            "大容量\",bo,open,size-mismatch,pass,,"
            "2026-12-06T11:03:00.000Z,2026-12-06T11:03:00.000Z\r\n";
        QCOMPARE(QString::fromUtf8(reviewVerdictsCsv(smallData())), QString::fromUtf8(expected));
    }

    void verdictsAsJsonByItemAndReviewer() {
        const QJsonObject json = reviewVerdictsJson(smallData());
        QCOMPARE(json.value("format").toString(), QStringLiteral("adgen-review-verdicts"));
        QCOMPARE(json.value("version").toInt(), 1);
        const QJsonArray items = json.value("items").toArray();
        QCOMPARE(items.size(), 2);
        const QJsonObject first = items[0].toObject();
        QCOMPARE(first.value("item_id").toInteger(), 31);
        QCOMPARE(first.value("batch_name").toString(), QStringLiteral("Mugs, round 1"));
        QCOMPARE(first.value("copy").toString(), QStringLiteral("The \"best\" mug, 大容量"));
        const QJsonArray reviews = first.value("reviews").toArray();
        QCOMPARE(reviews.size(), 2);
        QCOMPARE(reviews[0].toObject().value("reviewer").toString(), QStringLiteral("ana"));
        QCOMPARE(reviews[0].toObject().value("overall").toString(), QStringLiteral("rejected"));
        const QJsonObject verdict = reviews[0].toObject().value("verdicts").toArray()[0].toObject();
        QCOMPARE(verdict.value("criterion").toString(), QStringLiteral("factuality"));
        QCOMPARE(verdict.value("decision").toString(), QStringLiteral("reject"));
        QCOMPARE(verdict.value("note").toString(),
                 QStringLiteral("\"best\" is not\na selling point"));
        QCOMPARE(verdict.value("modified").toString(), QStringLiteral("2026-12-06T11:02:00.000Z"));
        QVERIFY(items[1].toObject().value("reviews").toArray().isEmpty());
    }

    void ratesAsCsvWithAnEmptyRateWhenUndefined() {
        ReviewRate decided;
        decided.scope = ReviewScope::Batch;
        decided.key = QStringLiteral("3");
        decided.label = QStringLiteral("Mugs, round 1");
        decided.reviewer = QStringLiteral("ana");
        decided.items = 4;
        decided.decidedItems = 3;
        decided.accepted = 2;
        decided.rejected = 1;
        decided.open = 1;
        ReviewRate open;
        open.scope = ReviewScope::Criterion;
        open.key = open.label = QStringLiteral("readability");
        open.items = open.open = 2;
        QCOMPARE(reviewRatesCsv({decided, open}),
                 QByteArray(
                     "scope,key,label,reviewer,items,decided_items,accepted,rejected,open,rate\r\n"
                     "batch,3,\"Mugs, round 1\",ana,4,3,2,1,1,0.666667\r\n"
                     "criterion,readability,readability,,2,0,0,0,2,\r\n"));
    }

    void agreementAsCsv() {
        ReviewAgreement kappa{QStringLiteral("ana"),
                              QStringLiteral("bo"),
                              QStringLiteral("overall"),
                              {50, 0.7, 0.5, 0.4}};
        ReviewAgreement none{
            QStringLiteral("ana"), QStringLiteral("bo"), QStringLiteral("factuality"), {}};
        QCOMPARE(reviewAgreementCsv({kappa, none}),
                 QByteArray("reviewer_a,reviewer_b,criterion,items,observed_agreement,expected_"
                            "agreement,kappa\r\n"
                            "ana,bo,overall,50,0.700000,0.500000,0.400000\r\n"
                            "ana,bo,factuality,0,,,\r\n"));
    }

    void statisticsAsJson() {
        const QJsonObject json = reviewStatisticsJson(smallData());
        QCOMPARE(json.value("format").toString(), QStringLiteral("adgen-review-statistics"));
        QCOMPARE(json.value("reviewers").toArray(),
                 (QJsonArray{QStringLiteral("ana"), QStringLiteral("bo")}));
        const QJsonArray rates = json.value("rates").toArray();
        QCOMPARE(rates.size(), int(reviewRates(smallData()).size()));
        const QJsonObject anaAll = rates[1].toObject();
        QCOMPARE(anaAll.value("scope").toString(), QStringLiteral("all"));
        QCOMPARE(anaAll.value("reviewer").toString(), QStringLiteral("ana"));
        QCOMPARE(anaAll.value("items").toInt(), 2);
        QCOMPARE(anaAll.value("rejected").toInt(), 1);
        QCOMPARE(anaAll.value("rate").toDouble(), 0.0);
        QVERIFY(rates[2].toObject().value("rate").isNull());  // bo decided nothing as a whole
        const QJsonArray agreement = json.value("agreement").toArray();
        QCOMPARE(agreement.size(), 7);  // ana and bo both judged ad 31
        QCOMPARE(agreement[6].toObject().value("criterion").toString(), QStringLiteral("overall"));
        QCOMPARE(agreement[6].toObject().value("items").toInt(), 0);
        QVERIFY(agreement[6].toObject().value("kappa").isNull());
    }

    void aReviewedPngCarriesTheRecipeAndTheReview() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        const SavedGeneration generation = finishedGeneration();
        const qint64 batchId = store.createBatchFromGeneration(7, generation);
        const qint64 itemId = store.items(batchId)[1].id;  // variant 3
        QVERIFY(store.acceptAll(itemId, QStringLiteral("ana")));
        QVERIFY(store.setVerdict(itemId, QStringLiteral("ana"), ReviewCriterion::Readability,
                                 ReviewDecision::Reject, QStringLiteral("repeats 大容量")));
        QVERIFY(store.setVerdict(itemId, QStringLiteral("bo"), ReviewCriterion::Readability,
                                 ReviewDecision::Pass));
        const auto item = store.item(itemId, true);
        QVERIFY(item);
        const QJsonObject review = reviewJson(*item, store.batch(batchId)->name,
                                              QStringLiteral("ana"), store.verdicts(itemId));
        QCOMPARE(review.value("reviewer").toString(), QStringLiteral("ana"));
        QCOMPARE(review.value("overall").toString(), QStringLiteral("rejected"));
        const QJsonArray criteria = review.value("criteria").toArray();
        QCOMPARE(criteria.size(), 6);
        QCOMPARE(criteria[5].toObject().value("decision").toString(), QStringLiteral("reject"));
        QCOMPARE(criteria[5].toObject().value("note").toString(), QStringLiteral("repeats 大容量"));
        QCOMPARE(criteria[0].toObject().value("decision").toString(), QStringLiteral("pass"));
        QVERIFY(!review.value("reviewed").toString().isEmpty());
        QCOMPARE(review.value("item").toObject().value("copy").toString(),
                 QStringLiteral("大容量 mug"));

        const QString path = dir.filePath(QStringLiteral("reviewed.png"));
        ExportProblem problem;
        QVERIFY2(writeReviewedPng(path, *item, AdImage::Fusion, review, &problem),
                 qPrintable(problem.problem));
        QString why;
        const auto read = readReviewFromPng(path, &why);
        QVERIFY2(read, qPrintable(why));
        QCOMPARE(*read, review);
        const auto recipe = readExportedRecipeFromPng(path);
        QVERIFY(recipe);
        QCOMPARE(recipe->recipe.toJson(), generation.recipe.toJson());
        QCOMPARE(recipe->variant, 3);
        QCOMPARE(recipe->image, AdImage::Fusion);
        QVERIFY(samePixels(QImage(path), generation.variants[2].fusionImage));
    }

    void anImportedAdWithoutRecipeCarriesOnlyTheReview() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        const qint64 batchId =
            store.createBatch(QStringLiteral("b"), QStringLiteral("import"), {},
                              {reviewItem(1, QStringLiteral("sdxl"), QString())});
        const qint64 itemId = store.items(batchId)[0].id;
        const auto item = store.item(itemId, true);
        const QString path = dir.filePath(QStringLiteral("ad.png"));
        QVERIFY(
            writeReviewedPng(path, *item, AdImage::Fusion,
                             reviewJson(*item, QStringLiteral("b"), QStringLiteral("ana"), {})));
        QString why;
        QVERIFY(!readRecipeFromPng(path, &why));
        const auto review = readReviewFromPng(path);
        QVERIFY(review);
        QCOMPARE(review->value("overall").toString(), QStringLiteral("open"));
        QVERIFY(review->value("reviewed").isNull());
        QVERIFY(review->value("criteria").toArray()[0].toObject().value("decision").isNull());
        QVERIFY(samePixels(QImage(path), adPicture(1)));  // the raw picture: it has no fusion

        QVERIFY(!readReviewFromPng(dir.filePath(QStringLiteral("missing.png")), &why));
        QVERIFY(why.contains(QStringLiteral("missing.png")));
    }
};

QTEST_GUILESS_MAIN(TestReviewExport)
#include "tst_review_export.moc"
