// ReviewExporter: the review lane's export actions write the verdicts and the statistics of a
// batch as CSV or JSON (by the suffix) and a reviewed ad as PNG, and explain what they refuse.
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>

#include "review_export.h"
#include "review_exporter.h"
#include "review_fixtures.h"
#include "review_store.h"

namespace {

QByteArray readAll(const QString& path) {
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

}  // namespace

class TestReviewExporter : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void writesOneBatchsVerdictsStatisticsAndReviewedAds() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        const qint64 batch = store.createBatchFromGeneration(7, finishedGeneration());
        const qint64 other = store.createBatch(QStringLiteral("Other"), QStringLiteral("import"),
                                               {}, {reviewItem(1, QStringLiteral("m"), QString())});
        const QList<ReviewItem> items = store.items(batch);
        QVERIFY(store.acceptAll(items[0].id, QStringLiteral("ana")));
        QVERIFY(store.acceptAll(items[0].id, QStringLiteral("bo")));
        QVERIFY(store.setVerdict(items[1].id, QStringLiteral("ana"), ReviewCriterion::Factuality,
                                 ReviewDecision::Reject));
        QVERIFY(store.acceptAll(store.items(other)[0].id, QStringLiteral("ana")));

        ReviewExporter exporter;
        exporter.setStore(&store);
        const QString csv = dir.filePath(QStringLiteral("verdicts.csv"));
        QVERIFY2(exporter.exportVerdicts(QUrl::fromLocalFile(csv).toString(), batch),
                 qPrintable(exporter.error()));
        QCOMPARE(readAll(csv), reviewVerdictsCsv(store.reviewData({batch})));
        QCOMPARE(readAll(csv).count("\r\n"), 1 + 6 + 6 + 1);  // header, two accepts, one reject
        const QString json = dir.filePath(QStringLiteral("verdicts.json"));
        QVERIFY(exporter.exportVerdicts(json));  // every batch
        QCOMPARE(QJsonDocument::fromJson(readAll(json)).object().value("items").toArray().size(),
                 3);

        const QString stats = dir.filePath(QStringLiteral("stats.csv"));
        QVERIFY(exporter.exportStatistics(stats, batch));
        QCOMPARE(readAll(stats), reviewRatesCsv(reviewRates(store.reviewData({batch}))));
        QCOMPARE(ReviewExporter::agreementPathFor(stats),
                 dir.filePath(QStringLiteral("stats-agreement.csv")));
        QCOMPARE(readAll(ReviewExporter::agreementPathFor(stats)),
                 reviewAgreementCsv(reviewAgreements(store.reviewData({batch}))));
        QVERIFY(exporter.exportStatistics(dir.filePath(QStringLiteral("stats.json")), batch));
        QCOMPARE(
            QJsonDocument::fromJson(readAll(dir.filePath(QStringLiteral("stats.json")))).object(),
            reviewStatisticsJson(store.reviewData({batch})));

        const QString png = dir.filePath(QStringLiteral("ad.png"));
        QVERIFY(exporter.exportReviewedPng(items[1].id, QStringLiteral("ana"), png));
        const auto review = readReviewFromPng(png);
        QVERIFY(review);
        QCOMPARE(review->value("overall").toString(), QStringLiteral("rejected"));
        QCOMPARE(review->value("item").toObject().value("batch").toString(),
                 QStringLiteral("Coral mug for ana"));
        QVERIFY(samePixels(QImage(png), finishedGeneration().variants[2].fusionImage));
        QVERIFY(exporter.exportReviewedPng(items[1].id, QStringLiteral("ana"), png, false));
        QVERIFY(samePixels(QImage(png), finishedGeneration().variants[2].image));
    }

    void explainsWhatItRefuses() {
        QTemporaryDir dir;
        ReviewExporter exporter;
        QVERIFY(!exporter.exportVerdicts(dir.filePath(QStringLiteral("v.csv"))));
        QVERIFY(exporter.error().contains(QStringLiteral("No review store")));
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.sqlite"))));
        exporter.setStore(&store);
        QVERIFY(!exporter.exportVerdicts(dir.filePath(QStringLiteral("v.xlsx"))));
        QVERIFY(exporter.error().contains(QStringLiteral("v.xlsx")));
        QVERIFY(!exporter.errorFix().isEmpty());
        QVERIFY(!exporter.exportReviewedPng(12345, QStringLiteral("ana"),
                                            dir.filePath(QStringLiteral("a.png"))));
        QVERIFY(exporter.error().contains(QStringLiteral("12345")));
        QVERIFY(!exporter.exportVerdicts(dir.filePath(QStringLiteral("no/such/folder/v.csv"))));
        QVERIFY(exporter.error().contains(QStringLiteral("v.csv")));
        QVERIFY(exporter.exportVerdicts(dir.filePath(QStringLiteral("v.csv"))));
        QVERIFY(exporter.error().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestReviewExporter)
#include "tst_review_exporter.moc"
