// The statistics panel's controller: rates (overall, per batch, model, profile, criterion) and
// Cohen's kappa on a crafted review store, checked against values computed by hand; the
// presentation view's verdict lookup by history generation id.
#include <QImage>
#include <QBuffer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "review_stats_controller.h"

namespace {

QByteArray png() {
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::gray);
    QByteArray bytes;
    QBuffer buffer(&bytes);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return bytes;
}

ReviewItem item(int variant, const QString& model, const QString& shopper) {
    ReviewItem i;
    i.copy = QStringLiteral("copy %1 %2").arg(model).arg(variant);
    i.variantNumber = variant;
    i.modelName = model;
    i.shopperName = shopper;
    i.imagePng = png();
    return i;
}

QVariantMap row(const QVariantList& rows, const QString& key) {
    for (const QVariant& r : rows)
        if (r.toMap().value(QStringLiteral("key")).toString() == key) return r.toMap();
    return {};
}

QVariantMap agreementRow(const QVariantList& rows, const QString& criterion) {
    for (const QVariant& r : rows)
        if (r.toMap().value(QStringLiteral("criterion")).toString() == criterion) return r.toMap();
    return {};
}

}  // namespace

class TestReviewStatsController final : public QObject {
    Q_OBJECT

private:
    QTemporaryDir dir_;
    ReviewStore store_;
    qint64 batchA_ = -1;
    qint64 batchB_ = -1;
    QList<qint64> a_;  // items of A: 1 (m1, ana), 2 (m1, bo), 3 (m2, ana)
    qint64 b1_ = -1;   // the item of B (m2, no shopper)

private Q_SLOTS:
    void initTestCase() {
        QVERIFY(dir_.isValid());
        QVERIFY2(store_.open(dir_.filePath(QStringLiteral("studio.db"))), qPrintable(store_.error()));
        batchA_ = store_.createBatch(QStringLiteral("A"), QStringLiteral("studio"), QStringLiteral("42"),
                                     {item(1, QStringLiteral("m1"), QStringLiteral("ana")),
                                      item(2, QStringLiteral("m1"), QStringLiteral("bo")),
                                      item(3, QStringLiteral("m2"), QStringLiteral("ana"))});
        QVERIFY2(batchA_ >= 0, qPrintable(store_.error()));
        batchB_ = store_.createBatch(QStringLiteral("B"), QStringLiteral("import"), QStringLiteral("/x"),
                                     {item(1, QStringLiteral("m2"), QString())});
        QVERIFY(batchB_ >= 0);
        for (const ReviewItem& i : store_.items(batchA_)) a_.append(i.id);
        b1_ = store_.items(batchB_).constFirst().id;
        QCOMPARE(a_.size(), 3);

        const QString alice = QStringLiteral("alice");
        const QString bob = QStringLiteral("bob");
        // alice: 1 accepted, 2 rejected (factuality), 3 accepted, B1 rejected (readability only).
        QVERIFY(store_.acceptAll(a_[0], alice));
        QVERIFY(store_.acceptAll(a_[1], alice));
        QVERIFY(store_.setVerdict(a_[1], alice, ReviewCriterion::Factuality, ReviewDecision::Reject));
        QVERIFY(store_.acceptAll(a_[2], alice));
        QVERIFY(store_.setVerdict(b1_, alice, ReviewCriterion::Readability, ReviewDecision::Reject));
        // bob: 1 accepted, 2 accepted, 3 rejected (size mismatch), B1 not judged.
        QVERIFY(store_.acceptAll(a_[0], bob));
        QVERIFY(store_.acceptAll(a_[1], bob));
        QVERIFY(store_.acceptAll(a_[2], bob));
        QVERIFY(store_.setVerdict(a_[2], bob, ReviewCriterion::SizeMismatch, ReviewDecision::Reject));
    }

    void ratesOfOneReviewer() {
        ReviewStatsController c;
        c.setStore(&store_);
        c.setReviewer(QStringLiteral("alice"));
        QCOMPARE(c.reviewers(), (QStringList{QStringLiteral("alice"), QStringLiteral("bob")}));
        QCOMPARE(c.batches().size(), 2);
        // Overall 2 accepted of 4 decided.
        QCOMPARE(c.overall().value(QStringLiteral("items")).toInt(), 4);
        QCOMPARE(c.overall().value(QStringLiteral("accepted")).toInt(), 2);
        QCOMPARE(c.overall().value(QStringLiteral("rejected")).toInt(), 2);
        QCOMPARE(c.overall().value(QStringLiteral("rate")).toDouble(), 0.5);
        QCOMPARE(c.overall().value(QStringLiteral("rateText")).toString(), QStringLiteral("50.0 % (2/4)"));
        // Per batch: A 2/3, B 0/1.
        QCOMPARE(c.perBatch().size(), 2);
        const QVariantMap a = row(c.perBatch(), QString::number(batchA_));
        QCOMPARE(a.value(QStringLiteral("label")).toString(), QStringLiteral("A"));
        QCOMPARE(a.value(QStringLiteral("accepted")).toInt(), 2);
        QCOMPARE(a.value(QStringLiteral("decided")).toInt(), 3);
        QCOMPARE(a.value(QStringLiteral("rate")).toDouble(), 2.0 / 3.0);
        QCOMPARE(row(c.perBatch(), QString::number(batchB_)).value(QStringLiteral("rate")).toDouble(), 0.0);
        // Per model: m1 1/2, m2 1/2.
        QCOMPARE(c.perModel().size(), 2);
        QCOMPARE(row(c.perModel(), QStringLiteral("m1")).value(QStringLiteral("rate")).toDouble(), 0.5);
        QCOMPARE(row(c.perModel(), QStringLiteral("m2")).value(QStringLiteral("decided")).toInt(), 2);
        // Per profile: "" (no shopper) 0/1, ana 2/2, bo 0/1.
        QCOMPARE(c.perProfile().size(), 3);
        QCOMPARE(row(c.perProfile(), QString()).value(QStringLiteral("label")).toString(), QStringLiteral("(no shopper)"));
        QCOMPARE(row(c.perProfile(), QStringLiteral("ana")).value(QStringLiteral("rate")).toDouble(), 1.0);
        QCOMPARE(row(c.perProfile(), QStringLiteral("bo")).value(QStringLiteral("rate")).toDouble(), 0.0);
        // Per criterion: factuality passes on 1 and 3, rejected on 2, open on B1 (not judged).
        QCOMPARE(c.perCriterion().size(), 6);
        const QVariantMap f = row(c.perCriterion(), QStringLiteral("factuality"));
        QCOMPARE(f.value(QStringLiteral("accepted")).toInt(), 2);
        QCOMPARE(f.value(QStringLiteral("rejected")).toInt(), 1);
        QCOMPARE(f.value(QStringLiteral("open")).toInt(), 1);
        const QVariantMap r = row(c.perCriterion(), QStringLiteral("readability"));
        QCOMPARE(r.value(QStringLiteral("accepted")).toInt(), 3);
        QCOMPARE(r.value(QStringLiteral("rejected")).toInt(), 1);
        QCOMPARE(r.value(QStringLiteral("rate")).toDouble(), 0.75);
    }

    void pooledAndSelectedBatches() {
        ReviewStatsController c;
        c.setStore(&store_);
        // Pooled: alice 2 accepted + 2 rejected, bob 2 accepted + 1 rejected: 4/7.
        QCOMPARE(c.overall().value(QStringLiteral("accepted")).toInt(), 4);
        QCOMPARE(c.overall().value(QStringLiteral("rejected")).toInt(), 3);
        QCOMPARE(c.overall().value(QStringLiteral("rate")).toDouble(), 4.0 / 7.0);
        // Only batch B, for bob: nothing decided.
        c.setReviewer(QStringLiteral("bob"));
        c.setBatchIds({batchB_});
        QCOMPARE(c.perBatch().size(), 1);
        QCOMPARE(c.overall().value(QStringLiteral("items")).toInt(), 1);
        QCOMPARE(c.overall().value(QStringLiteral("rate")).toDouble(), -1.0);
        QCOMPARE(c.overall().value(QStringLiteral("rateText")).toString(), QStringLiteral("\u2014"));
        QCOMPARE(c.reviewers(), QStringList{QStringLiteral("alice")});
    }

    void kappaOfTwoReviewers() {
        ReviewStatsController c;
        c.setStore(&store_);
        QVERIFY(c.agreement().isEmpty());  // no pair chosen yet
        c.setReviewerA(QStringLiteral("alice"));
        c.setReviewerB(QStringLiteral("bob"));
        QCOMPARE(c.agreement().size(), 7);
        // Overall on 1, 2, 3: alice A R A, bob A A R: p_o = 1/3, p_e = 4/9 + 1/9 = 5/9,
        // kappa = (1/3 - 5/9) / (4/9) = -0.5.
        const QVariantMap overall = agreementRow(c.agreement(), QStringLiteral("overall"));
        QCOMPARE(overall.value(QStringLiteral("items")).toInt(), 3);
        QCOMPARE(overall.value(QStringLiteral("observed")).toDouble(), 1.0 / 3.0);
        QCOMPARE(overall.value(QStringLiteral("expected")).toDouble(), 5.0 / 9.0);
        QCOMPARE(overall.value(QStringLiteral("kappa")).toDouble(), -0.5);
        QCOMPARE(overall.value(QStringLiteral("kappaText")).toString(), QStringLiteral("-0.50"));
        QVERIFY(overall.value(QStringLiteral("enough")).toBool());
        // Factuality: alice P R P, bob P P P: p_o = 2/3, p_e = 2/3: kappa 0.
        const QVariantMap f = agreementRow(c.agreement(), QStringLiteral("factuality"));
        QCOMPARE(f.value(QStringLiteral("items")).toInt(), 3);
        QCOMPARE(f.value(QStringLiteral("kappa")).toDouble(), 0.0);
        // Readability: both pass everything they share: p_e = 1, undefined.
        const QVariantMap r = agreementRow(c.agreement(), QStringLiteral("readability"));
        QCOMPARE(r.value(QStringLiteral("items")).toInt(), 3);
        QVERIFY(!r.value(QStringLiteral("enough")).toBool());
        QCOMPARE(r.value(QStringLiteral("kappaText")).toString(), QStringLiteral("undefined (no variation)"));
        // Too few shared items.
        c.setMinSharedItems(4);
        QCOMPARE(agreementRow(c.agreement(), QStringLiteral("overall")).value(QStringLiteral("kappaText")).toString(),
                 QStringLiteral("not enough shared items"));
        QVERIFY(!agreementRow(c.agreement(), QStringLiteral("overall")).value(QStringLiteral("enough")).toBool());
    }

    void followsTheStore() {
        ReviewStatsController c;
        c.setStore(&store_);
        c.setReviewer(QStringLiteral("carol"));
        QCOMPARE(c.overall().value(QStringLiteral("decided")).toInt(), 0);
        QSignalSpy spy(&c, &ReviewStatsController::statisticsChanged);
        QVERIFY(store_.acceptAll(b1_, QStringLiteral("carol")));
        QVERIFY(spy.count() >= 1);
        QCOMPARE(c.overall().value(QStringLiteral("accepted")).toInt(), 1);
        QVERIFY(store_.clearItemVerdicts(b1_, QStringLiteral("carol")));
    }

    void ownStoreFromDatabasePath() {
        ReviewStatsController c;
        c.setDatabasePath(dir_.filePath(QStringLiteral("studio.db")));
        QCOMPARE(c.batches().size(), 2);
        QCOMPARE(c.reviewers().size(), 2);
    }

    void exports() {
        ReviewStatsController c;
        c.setStore(&store_);
        c.setBatchIds({batchA_});
        const QString json = dir_.filePath(QStringLiteral("stats.json"));
        QVERIFY2(c.exportStatistics(json), qPrintable(c.error()));
        QVERIFY(QFileInfo::exists(json));
        const QString csv = dir_.filePath(QStringLiteral("verdicts.csv"));
        QVERIFY2(c.exportVerdicts(csv), qPrintable(c.error()));
        QVERIFY(QFileInfo::exists(csv));
        QVERIFY(!c.exportStatistics(dir_.filePath(QStringLiteral("stats.txt"))));
        QVERIFY(!c.error().isEmpty());
    }

    void verdictBadges() {
        ReviewStatsController c;
        c.setStore(&store_);
        // Batch A came from history generation 42; variant 2 is item 2.
        QVariantMap v = c.verdictForGeneration(42, 2, QStringLiteral("alice"));
        QCOMPARE(v.value(QStringLiteral("state")).toString(), QStringLiteral("rejected"));
        QCOMPARE(v.value(QStringLiteral("criterion")).toString(), QStringLiteral("factuality"));
        QCOMPARE(v.value(QStringLiteral("itemId")).toLongLong(), a_[1]);
        v = c.verdictForGeneration(42, 2, QStringLiteral("bob"));
        QCOMPARE(v.value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        // No reviewer named: the first by name (alice).
        v = c.verdictForGeneration(42, 1);
        QCOMPARE(v.value(QStringLiteral("state")).toString(), QStringLiteral("accepted"));
        QCOMPARE(v.value(QStringLiteral("reviewer")).toString(), QStringLiteral("alice"));
        // Another generation, a missing variant, a reviewer who judged nothing.
        QCOMPARE(c.verdictForGeneration(43, 1).value(QStringLiteral("state")).toString(), QStringLiteral("not-reviewed"));
        QCOMPARE(c.verdictForGeneration(42, 9).value(QStringLiteral("state")).toString(), QStringLiteral("not-reviewed"));
        QCOMPARE(c.verdictForGeneration(42, 1, QStringLiteral("carol")).value(QStringLiteral("state")).toString(),
                 QStringLiteral("not-reviewed"));
        // An imported item directly.
        QCOMPARE(c.verdictForItem(b1_, QStringLiteral("alice")).value(QStringLiteral("criterionTitle")).toString(),
                 criterionTitle(ReviewCriterion::Readability));
    }
};

QTEST_GUILESS_MAIN(TestReviewStatsController)
#include "tst_review_stats_controller.moc"
