// Review statistics: the available rate (share accepted) per reviewer over batches, models,
// profiles and criteria, pooled over reviewers, and Cohen's kappa between two reviewers, checked
// against values computed by hand and textbook examples.
#include <QtTest>

#include "review_statistics.h"

namespace {

ReviewData::Item item(qint64 id, qint64 batch, const QString& batchName, const QString& model,
                      const QString& shopper) {
    ReviewData::Item i;
    i.id = id;
    i.batchId = batch;
    i.batchName = batchName;
    i.position = int(id % 10);
    i.modelName = model;
    i.shopperName = shopper;
    i.copy = QStringLiteral("copy %1").arg(id);
    return i;
}

void judge(ReviewData& data, qint64 itemId, const QString& reviewer, ReviewCriterion criterion,
           ReviewDecision decision) {
    ReviewVerdict v;
    v.itemId = itemId;
    v.reviewer = reviewer;
    v.criterion = criterion;
    v.decision = decision;
    data.verdicts.append(v);
}

void judgeAll(ReviewData& data, qint64 itemId, const QString& reviewer,
              ReviewDecision decision = ReviewDecision::Pass) {
    for (ReviewCriterion c : reviewCriteria())
        judge(data, itemId, reviewer, c, decision);
}

// Batch 1 "A": 11 (m1, ana), 12 (m1, bo), 13 (m2, ana); batch 2 "B": 21 (m2, no shopper).
// ana: 11 accepted, 12 rejected (factuality), 13 open (readability unsure), 21 not judged.
// bo: 11 rejected (size), 12 accepted, 21 accepted, 13 not judged.
ReviewData twoReviewers() {
    ReviewData data;
    data.items = {item(11, 1, QStringLiteral("A"), QStringLiteral("m1"), QStringLiteral("ana")),
                  item(12, 1, QStringLiteral("A"), QStringLiteral("m1"), QStringLiteral("bo")),
                  item(13, 1, QStringLiteral("A"), QStringLiteral("m2"), QStringLiteral("ana")),
                  item(21, 2, QStringLiteral("B"), QStringLiteral("m2"), QString())};
    const QString ana = QStringLiteral("ana"), bo = QStringLiteral("bo");
    judgeAll(data, 11, ana);
    judge(data, 12, ana, ReviewCriterion::Factuality, ReviewDecision::Reject);
    judgeAll(data, 13, ana);
    data.verdicts.last().decision = ReviewDecision::Unsure;  // readability
    judge(data, 11, bo, ReviewCriterion::SizeMismatch, ReviewDecision::Reject);
    judgeAll(data, 12, bo);
    judgeAll(data, 21, bo);
    return data;
}

// Two raters' 2x2 table as ratings: both yes, A yes B no, A no B yes, both no.
QList<QPair<QString, QString>> table(int yesYes, int yesNo, int noYes, int noNo) {
    QList<QPair<QString, QString>> ratings;
    const QString yes = QStringLiteral("yes"), no = QStringLiteral("no");
    for (int i = 0; i < yesYes; ++i)
        ratings.append({yes, yes});
    for (int i = 0; i < yesNo; ++i)
        ratings.append({yes, no});
    for (int i = 0; i < noYes; ++i)
        ratings.append({no, yes});
    for (int i = 0; i < noNo; ++i)
        ratings.append({no, no});
    return ratings;
}

bool near(double a, double b) {
    return std::abs(a - b) < 1e-9;
}

}  // namespace

class TestReviewStatistics : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void theAvailableRateIsTheShareOfDecidedItemsAccepted() {
        const ReviewData data = twoReviewers();
        QCOMPARE(reviewersOf(data), (QStringList{QStringLiteral("ana"), QStringLiteral("bo")}));
        const ReviewRate ana = reviewRate(data, QStringLiteral("ana"));
        QCOMPARE(ana.items, 4);
        QCOMPARE(ana.accepted, 1);
        QCOMPARE(ana.rejected, 1);
        QCOMPARE(ana.open, 2);  // 13 has an unsure criterion, 21 was not judged
        QCOMPARE(ana.decidedItems, 2);
        QVERIFY(near(*ana.rate(), 0.5));
        const ReviewRate bo = reviewRate(data, QStringLiteral("bo"));
        QCOMPARE(bo.accepted, 2);
        QCOMPARE(bo.rejected, 1);
        QCOMPARE(bo.open, 1);
        QVERIFY(near(*bo.rate(), 2.0 / 3.0));
    }

    void poolingCountsEveryReviewersJudgementOnce() {
        const ReviewRate pooled = reviewRate(twoReviewers(), QString());
        // 11: accepted + rejected, 12: rejected + accepted, 13: open, 21: accepted.
        QCOMPARE(pooled.items, 6);
        QCOMPARE(pooled.accepted, 3);
        QCOMPARE(pooled.rejected, 2);
        QCOMPARE(pooled.open, 1);
        QCOMPARE(pooled.decidedItems, 3);
        QVERIFY(near(*pooled.rate(), 0.6));
    }

    void ratesPerBatchModelProfileAndCriterion() {
        const ReviewData data = twoReviewers();
        const QString ana = QStringLiteral("ana"), bo = QStringLiteral("bo");
        const ReviewRate batchA = reviewRate(data, ana, ReviewScope::Batch, QStringLiteral("1"));
        QCOMPARE(batchA.label, QStringLiteral("A"));
        QCOMPARE(batchA.items, 3);
        QVERIFY(near(*batchA.rate(), 0.5));
        const ReviewRate batchB = reviewRate(data, ana, ReviewScope::Batch, QStringLiteral("2"));
        QCOMPARE(batchB.items, 1);
        QCOMPARE(batchB.open, 1);
        QVERIFY(!batchB.rate());  // nothing decided: undefined, not 0
        const ReviewRate m2 = reviewRate(data, bo, ReviewScope::Model, QStringLiteral("m2"));
        QCOMPARE(m2.items, 2);
        QCOMPARE(m2.accepted, 1);
        QCOMPARE(m2.open, 1);
        QVERIFY(near(*m2.rate(), 1.0));
        const ReviewRate shopperAna =
            reviewRate(data, ana, ReviewScope::Profile, QStringLiteral("ana"));
        QCOMPARE(shopperAna.items, 2);
        QCOMPARE(shopperAna.accepted, 1);
        QCOMPARE(reviewRate(data, bo, ReviewScope::Profile, QString()).accepted,
                 1);  // 21 has no shopper
        const ReviewRate factuality =
            reviewRate(data, ana, ReviewScope::Criterion, QStringLiteral("factuality"));
        QCOMPARE(factuality.accepted, 2);  // 11 and 13 pass it
        QCOMPARE(factuality.rejected, 1);
        QCOMPARE(factuality.open, 1);
        QVERIFY(near(*factuality.rate(), 2.0 / 3.0));
        const ReviewRate readability =
            reviewRate(data, ana, ReviewScope::Criterion, QStringLiteral("readability"));
        QCOMPARE(readability.accepted, 1);
        QCOMPARE(readability.rejected, 0);
        QCOMPARE(readability.open, 3);  // unsure on 13, not judged on 12 and 21
        const ReviewRate size =
            reviewRate(data, bo, ReviewScope::Criterion, QStringLiteral("size-mismatch"));
        QCOMPARE(size.accepted, 2);
        QCOMPARE(size.rejected, 1);
    }

    void everyRateIsListedInAStableOrder() {
        const QList<ReviewRate> rates = reviewRates(twoReviewers());
        // (all + 2 batches + 2 models + 3 profiles + 6 criteria) x (pooled, ana, bo)
        QCOMPARE(rates.size(), (1 + 2 + 2 + 3 + 6) * 3);
        QCOMPARE(rates[0].scope, ReviewScope::All);
        QCOMPARE(rates[0].reviewer, QString());
        QCOMPARE(rates[1].reviewer, QStringLiteral("ana"));
        QCOMPARE(rates[3].scope, ReviewScope::Batch);
        QCOMPARE(rates[3].key, QStringLiteral("1"));
        QCOMPARE(rates[6].key, QStringLiteral("2"));
        QCOMPARE(rates[9].scope, ReviewScope::Model);
        QCOMPARE(rates[15].scope, ReviewScope::Profile);
        QCOMPARE(rates[15].key, QString());
        QCOMPARE(rates[24].scope, ReviewScope::Criterion);
        QCOMPARE(rates[24].key, QStringLiteral("size-mismatch"));
        QCOMPARE(rates.last().key, QStringLiteral("readability"));
    }

    // The textbook example (Wikipedia, "Cohen's kappa"): 50 grant proposals read by two
    // readers, 20 both yes, 5 A only, 10 B only, 15 both no: p_o = 0.7, p_e = 0.5, kappa = 0.4.
    void kappaOfTheTextbookExample() {
        const CohenKappa k = cohensKappa(table(20, 5, 10, 15));
        QCOMPARE(k.items, 50);
        QVERIFY(near(k.observed, 0.7));
        QVERIFY(near(k.expected, 0.5));
        QVERIFY(near(*k.kappa, 0.4));
    }

    // Same observed agreement, different kappa (the same article): 45/15/25/15 gives
    // p_e = 0.6 * 0.7 + 0.4 * 0.3 = 0.54, kappa = 0.06 / 0.46 = 0.1304; 25/35/5/35 gives
    // p_e = 0.6 * 0.3 + 0.4 * 0.7 = 0.46, kappa = 0.14 / 0.54 = 0.2593.
    void kappaDependsOnTheRatersShares() {
        const CohenKappa first = cohensKappa(table(45, 15, 25, 15));
        QVERIFY(near(first.observed, 0.6));
        QVERIFY(near(first.expected, 0.54));
        QVERIFY(near(*first.kappa, 0.06 / 0.46));
        QCOMPARE(QString::number(*first.kappa, 'f', 4), QStringLiteral("0.1304"));
        const CohenKappa second = cohensKappa(table(25, 35, 5, 35));
        QVERIFY(near(second.expected, 0.46));
        QCOMPARE(QString::number(*second.kappa, 'f', 4), QStringLiteral("0.2593"));
    }

    // Three categories by hand: (pass, pass) x3, (reject, reject), (pass, reject), (unsure, pass).
    // p_o = 4/6; A: pass 4, reject 1, unsure 1; B: pass 4, reject 2; p_e = 16/36 + 2/36 = 1/2;
    // kappa = (2/3 - 1/2) / (1/2) = 1/3.
    void kappaOverThreeCategories() {
        const QString pass = QStringLiteral("pass"), reject = QStringLiteral("reject"),
                      unsure = QStringLiteral("unsure");
        const CohenKappa k = cohensKappa({{pass, pass},
                                          {pass, pass},
                                          {pass, pass},
                                          {reject, reject},
                                          {pass, reject},
                                          {unsure, pass}});
        QVERIFY(near(k.observed, 4.0 / 6.0));
        QVERIFY(near(k.expected, 0.5));
        QVERIFY(near(*k.kappa, 1.0 / 3.0));
    }

    void kappaAtItsLimits() {
        QVERIFY(near(*cohensKappa(table(3, 0, 0, 2)).kappa, 1.0));   // perfect agreement
        QVERIFY(near(*cohensKappa(table(0, 1, 1, 0)).kappa, -1.0));  // always disagreeing
        const CohenKappa same = cohensKappa(table(4, 0, 0, 0));      // both always "yes": p_e = 1
        QVERIFY(near(same.observed, 1.0));
        QVERIFY(near(same.expected, 1.0));
        QVERIFY(!same.kappa);
        const CohenKappa none = cohensKappa({});
        QCOMPARE(none.items, 0);
        QVERIFY(!none.kappa);
    }

    // The textbook table played by two reviewers on the factuality of 50 ads whose other five
    // criteria both pass: kappa 0.4 on factuality and on the overall decision too.
    void reviewersAgreementPerCriterionAndOverall() {
        ReviewData data;
        const QString ana = QStringLiteral("ana"), bo = QStringLiteral("bo");
        const auto add = [&](int count, ReviewDecision a, ReviewDecision b) {
            for (int i = 0; i < count; ++i) {
                const qint64 id = data.items.size() + 1;
                data.items.append(item(id, 1, QStringLiteral("A"), QStringLiteral("m"), QString()));
                judgeAll(data, id, ana);
                judgeAll(data, id, bo);
                data.verdicts[data.verdicts.size() - 12 + 4].decision = a;  // ana's factuality
                data.verdicts[data.verdicts.size() - 6 + 4].decision = b;   // bo's
            }
        };
        add(20, ReviewDecision::Pass, ReviewDecision::Pass);
        add(5, ReviewDecision::Pass, ReviewDecision::Reject);
        add(10, ReviewDecision::Reject, ReviewDecision::Pass);
        add(15, ReviewDecision::Reject, ReviewDecision::Reject);
        // One more ad only ana judged does not count, nor one bo left open.
        data.items.append(item(51, 1, QStringLiteral("A"), QStringLiteral("m"), QString()));
        judgeAll(data, 51, ana);
        data.items.append(item(52, 1, QStringLiteral("A"), QStringLiteral("m"), QString()));
        judgeAll(data, 52, ana);
        judge(data, 52, bo, ReviewCriterion::Readability, ReviewDecision::Unsure);

        const QList<ReviewAgreement> agreement = reviewAgreement(data, ana, bo);
        QCOMPARE(agreement.size(), 7);
        QCOMPARE(agreement[4].criterion, QStringLiteral("factuality"));
        QCOMPARE(agreement[4].kappa.items, 50);
        QVERIFY(near(*agreement[4].kappa.kappa, 0.4));
        QCOMPARE(agreement[0].criterion, QStringLiteral("size-mismatch"));
        QCOMPARE(agreement[0].kappa.items, 50);
        QVERIFY(!agreement[0].kappa.kappa);      // both passed every ad: undefined
        QCOMPARE(agreement[5].kappa.items, 51);  // readability: 52 counts (pass vs unsure)
        QCOMPARE(agreement[6].criterion, QStringLiteral("overall"));
        QCOMPARE(agreement[6].kappa.items, 50);  // 52 is open for bo
        QVERIFY(near(*agreement[6].kappa.kappa, 0.4));
        QCOMPARE(agreement[6].reviewerA, ana);
        QCOMPARE(agreement[6].reviewerB, bo);

        QCOMPARE(reviewAgreements(data).size(), 7);
        judgeAll(data, 51, QStringLiteral("cy"));  // cy shares an ad with ana, none with bo
        const QList<ReviewAgreement> all = reviewAgreements(data);
        QCOMPARE(all.size(), 14);
        QCOMPARE(all[7].reviewerA, ana);
        QCOMPARE(all[7].reviewerB, QStringLiteral("cy"));
    }
};

QTEST_GUILESS_MAIN(TestReviewStatistics)
#include "tst_review_statistics.moc"
