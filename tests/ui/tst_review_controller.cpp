// The review lane's controller (issue 7): the keyboard's actions on a batch in a temporary
// studio database, and the pre-checks of the current ad arriving from a worker thread.
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

#include "review_controller.h"
#include "review_fixtures.h"
#include "review_store.h"

namespace {

ReviewItem item(const QString& copy, const QStringList& sellingPoints, int seed) {
    ReviewItem it;
    it.copy = copy;
    it.sellingPoints = sellingPoints;
    it.modelName = QStringLiteral("adgen-demo");
    it.imagePng = pngBytes(adPicture(seed, 64));
    return it;
}

QString decision(ReviewController& review, const QString& criterion) {
    return review.current().value(QStringLiteral("decisions")).toMap().value(criterion).toString();
}

}  // namespace

class ReviewControllerTest : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void theReviewerNameIsRemembered();
    void nextAndPreviousStopAtTheBatchEnds();
    void toggleCyclesPassRejectUnsureAndClears();
    void toggleAtUsesTheChecklistOrder();
    void acceptAllPassesEveryCriterionAndCountsTheItemJudged();
    void rejectWithReasonKeepsTheNote();
    void applyToSelectionDecidesSeveralItems();
    void actionsWithoutAReviewerAreRefused();
    void prechecksArriveAsynchronouslyWithTheUnsupportedWords();

private:
    QTemporaryDir dir_;
    std::unique_ptr<ReviewStore> store_;
    qint64 batch_ = -1;
};

void ReviewControllerTest::initTestCase() {
    QStandardPaths::setTestModeEnabled(true);
    QCoreApplication::setOrganizationName(QStringLiteral("adgen-tests"));
    QCoreApplication::setApplicationName(QStringLiteral("tst_review_controller"));
    QVERIFY(dir_.isValid());
}

void ReviewControllerTest::init() {
    QSettings().clear();
    QFile::remove(dir_.filePath(QStringLiteral("studio.sqlite")));
    store_ = std::make_unique<ReviewStore>();
    QVERIFY2(store_->open(dir_.filePath(QStringLiteral("studio.sqlite"))), qPrintable(store_->error()));
    const QStringList points = {QStringLiteral("Keeps Warm"), QStringLiteral("Large Capacity")};
    batch_ = store_->createBatch(QStringLiteral("three ads"), QStringLiteral("import"), dir_.path(),
                                 {item(QStringLiteral("Keeps warm, large capacity"), points, 1),
                                  item(QStringLiteral("Large capacity mug"), points, 2),
                                  item(QStringLiteral("Keeps warm"), points, 3)});
    QVERIFY2(batch_ >= 0, qPrintable(store_->error()));
}

void ReviewControllerTest::cleanup() {
    store_.reset();
}

void ReviewControllerTest::theReviewerNameIsRemembered() {
    {
        ReviewController review(store_.get());
        review.setReviewer(QStringLiteral("  mei "));
        QCOMPARE(review.reviewer(), QStringLiteral("mei"));
    }
    QCOMPARE(QSettings().value(QLatin1String(ReviewController::kReviewerKey)).toString(), QStringLiteral("mei"));
    ReviewController again(store_.get());
    QCOMPARE(again.reviewer(), QStringLiteral("mei"));
}

void ReviewControllerTest::nextAndPreviousStopAtTheBatchEnds() {
    ReviewController review(store_.get());
    review.setBatchId(batch_);
    QCOMPARE(review.itemCount(), 3);
    QCOMPARE(review.currentRow(), 0);
    QVERIFY(!review.previous());
    QCOMPARE(review.currentRow(), 0);
    QVERIFY(review.next());
    QVERIFY(review.next());
    QCOMPARE(review.currentRow(), 2);
    QCOMPARE(review.current().value(QStringLiteral("copy")).toString(), QStringLiteral("Keeps warm"));
    QVERIFY(!review.next());
    QCOMPARE(review.currentRow(), 2);
    QVERIFY(review.previous());
    QCOMPARE(review.currentRow(), 1);
}

void ReviewControllerTest::toggleCyclesPassRejectUnsureAndClears() {
    ReviewController review(store_.get());
    review.setReviewer(QStringLiteral("mei"));
    review.setBatchId(batch_);
    const QString size = QStringLiteral("size-mismatch");
    const QStringList cycle = {QStringLiteral("pass"), QStringLiteral("reject"), QStringLiteral("unsure"), QString()};
    for (const QString& expected : cycle) {
        QVERIFY2(review.toggle(size), qPrintable(review.error()));
        QCOMPARE(decision(review, size), expected);
        // What the store kept, not only what the row shows.
        const auto verdicts = store_->verdicts(review.currentItemId(), QStringLiteral("mei"));
        QCOMPARE(verdicts.size(), expected.isEmpty() ? 0 : 1);
    }
}

void ReviewControllerTest::toggleAtUsesTheChecklistOrder() {
    ReviewController review(store_.get());
    review.setReviewer(QStringLiteral("mei"));
    review.setBatchId(batch_);
    QVERIFY(review.toggleAt(4));  // the fifth: factuality
    QCOMPARE(decision(review, QStringLiteral("factuality")), QStringLiteral("pass"));
    QVERIFY(!review.toggleAt(6));
}

void ReviewControllerTest::acceptAllPassesEveryCriterionAndCountsTheItemJudged() {
    ReviewController review(store_.get());
    review.setReviewer(QStringLiteral("mei"));
    review.setBatchId(batch_);
    QSignalSpy progress(&review, &ReviewController::progressChanged);
    QCOMPARE(review.judgedCount(), 0);
    QCOMPARE(review.availableRate(), -1.0);
    QVERIFY(review.acceptAll());
    QVERIFY(progress.count() > 0);
    QCOMPARE(review.current().value(QStringLiteral("overall")).toString(), QStringLiteral("accepted"));
    QCOMPARE(review.current().value(QStringLiteral("judgedCount")).toInt(), 6);
    QCOMPARE(review.judgedCount(), 1);
    QCOMPARE(review.availableRate(), 1.0);
}

void ReviewControllerTest::rejectWithReasonKeepsTheNote() {
    ReviewController review(store_.get());
    review.setReviewer(QStringLiteral("mei"));
    review.setBatchId(batch_);
    review.next();
    QVERIFY(review.rejectWithReason(QStringLiteral("readability"), QStringLiteral("repeats a selling point")));
    QCOMPARE(decision(review, QStringLiteral("readability")), QStringLiteral("reject"));
    QCOMPARE(review.current().value(QStringLiteral("notes")).toMap().value(QStringLiteral("readability")).toString(),
             QStringLiteral("repeats a selling point"));
    QCOMPARE(review.rejectedCount(), 1);
    QCOMPARE(review.judgedCount(), 1);
    QCOMPARE(review.availableRate(), 0.0);
}

void ReviewControllerTest::applyToSelectionDecidesSeveralItems() {
    ReviewController review(store_.get());
    review.setReviewer(QStringLiteral("mei"));
    review.setBatchId(batch_);
    QVERIFY(review.applyToSelection({0, 2}, QStringLiteral("space-mismatch"), QStringLiteral("unsure")));
    QCOMPARE(review.rowData(0).value(QStringLiteral("spaceMismatch")).toString(), QStringLiteral("unsure"));
    QCOMPARE(review.rowData(1).value(QStringLiteral("spaceMismatch")).toString(), QString());
    QCOMPARE(review.rowData(2).value(QStringLiteral("spaceMismatch")).toString(), QStringLiteral("unsure"));
}

void ReviewControllerTest::actionsWithoutAReviewerAreRefused() {
    ReviewController review(store_.get());
    review.setBatchId(batch_);
    QVERIFY(!review.acceptAll());
    QVERIFY(review.error().contains(QStringLiteral("reviewer")));
    QVERIFY(store_->verdicts(review.currentItemId()).isEmpty());
}

void ReviewControllerTest::prechecksArriveAsynchronouslyWithTheUnsupportedWords() {
    const qint64 batch = store_->createBatch(
        QStringLiteral("factuality"), QStringLiteral("import"), dir_.path(),
        {item(QStringLiteral("Keeps warm with Blue Light Protection"), {QStringLiteral("Keeps Warm"), QStringLiteral("Large Capacity")}, 4),
         item(QStringLiteral("Keeps Warm, Large Capacity"), {QStringLiteral("Keeps Warm"), QStringLiteral("Large Capacity")}, 5)});
    QVERIFY(batch >= 0);
    ReviewController review(store_.get());
    QSignalSpy changed(&review, &ReviewController::prechecksChanged);
    review.setBatchId(batch);
    // Computed on a worker: not there when the item opens.
    QVERIFY(!review.prechecksReady());
    QTRY_VERIFY_WITH_TIMEOUT(review.prechecksReady(), 20000);
    QVariantMap unsupported;
    for (const QVariant& flag : review.prechecks())
        if (flag.toMap().value(QStringLiteral("check")).toString() == QLatin1String("factuality.unsupported-words"))
            unsupported = flag.toMap();
    QVERIFY2(!unsupported.isEmpty(), qPrintable(QString::number(review.prechecks().size()) + QStringLiteral(" flags")));
    QCOMPARE(unsupported.value(QStringLiteral("criterion")).toString(), QStringLiteral("factuality"));
    QStringList words;
    for (const QVariant& span : unsupported.value(QStringLiteral("spans")).toList()) {
        const QVariantMap s = span.toMap();
        const QString copy = review.current().value(QStringLiteral("copy")).toString();
        // Spans index the copy as QML sees it.
        QCOMPARE(copy.mid(s.value(QStringLiteral("begin")).toInt(),
                          s.value(QStringLiteral("end")).toInt() - s.value(QStringLiteral("begin")).toInt()),
                 s.value(QStringLiteral("text")).toString());
        words << s.value(QStringLiteral("text")).toString();
    }
    QVERIFY2(words.join(QLatin1Char(' ')).contains(QStringLiteral("Blue")), qPrintable(words.join(QLatin1Char('|'))));
    QVERIFY(review.currentCopyHtml().contains(QStringLiteral("background-color")));
    // Cached per item: the next ad gets its own flags, and coming back shows the first ad's at once.
    QVERIFY(review.next());
    QTRY_VERIFY_WITH_TIMEOUT(review.prechecksReady(), 20000);
    for (const QVariant& flag : review.prechecks())
        QVERIFY(flag.toMap().value(QStringLiteral("check")).toString() != QLatin1String("factuality.unsupported-words"));
    QVERIFY(review.previous());
    QVERIFY(review.prechecksReady());
    QCOMPARE(review.prechecks().size() > 0, true);
}

QTEST_MAIN(ReviewControllerTest)
#include "tst_review_controller.moc"
