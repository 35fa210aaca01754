// The review statistics panel on a crafted review store (two reviewers, two batches): the
// controller's tables as the panel shows them, and a screenshot of it.
#include <QBuffer>
#include <QDir>
#include <QImage>
#include <QQmlEngine>
#include <QQmlExtensionPlugin>
#include <QQuickItem>
#include <QQuickView>
#include <QTemporaryDir>
#include <QtTest>

#include "review_stats_controller.h"
#include "review_store.h"

Q_IMPORT_QML_PLUGIN(AdGen_StudioPlugin)

namespace {

ReviewItem item(int variant, const QString& model, const QString& shopper) {
    QImage image(8, 8, QImage::Format_RGB32);
    image.fill(Qt::gray);
    ReviewItem i;
    QBuffer buffer(&i.imagePng);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    i.copy = QStringLiteral("copy %1").arg(variant);
    i.variantNumber = variant;
    i.modelName = model;
    i.shopperName = shopper;
    return i;
}

// Items a Repeater made are children of their visual parent, not QObject children.
QQuickItem* findItem(QQuickItem* item, const QString& name) {
    if (!item) return nullptr;
    if (item->objectName() == name) return item;
    for (QQuickItem* child : item->childItems())
        if (QQuickItem* found = findItem(child, name)) return found;
    return nullptr;
}

}  // namespace

class TestReviewStatsPanel final : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void showsRatesAndKappa() {
        QTemporaryDir dir;
        ReviewStore store;
        QVERIFY(store.open(dir.filePath(QStringLiteral("studio.db"))));
        const qint64 a = store.createBatch(QStringLiteral("Mug, 3 shoppers"), QStringLiteral("studio"), QStringLiteral("1"),
                                           {item(1, QStringLiteral("uniadgen-7b"), QStringLiteral("ana")),
                                            item(2, QStringLiteral("uniadgen-7b"), QStringLiteral("bo")),
                                            item(3, QStringLiteral("janus-pro-7b"), QStringLiteral("ana"))});
        const qint64 b = store.createBatch(QStringLiteral("Imported"), QStringLiteral("import"), QStringLiteral("/ads"),
                                           {item(1, QStringLiteral("janus-pro-7b"), QString())});
        QVERIFY(a >= 0 && b >= 0);
        const QList<ReviewItem> items = store.items(a);
        const qint64 b1 = store.items(b).constFirst().id;
        const QString alice = QStringLiteral("alice");
        const QString bob = QStringLiteral("bob");
        QVERIFY(store.acceptAll(items[0].id, alice));
        QVERIFY(store.acceptAll(items[1].id, alice));
        QVERIFY(store.setVerdict(items[1].id, alice, ReviewCriterion::Factuality, ReviewDecision::Reject));
        QVERIFY(store.acceptAll(items[2].id, alice));
        QVERIFY(store.setVerdict(b1, alice, ReviewCriterion::Readability, ReviewDecision::Reject));
        QVERIFY(store.acceptAll(items[0].id, bob));
        QVERIFY(store.acceptAll(items[1].id, bob));
        QVERIFY(store.acceptAll(items[2].id, bob));
        QVERIFY(store.setVerdict(items[2].id, bob, ReviewCriterion::SizeMismatch, ReviewDecision::Reject));

        ReviewStatsController stats;
        stats.setStore(&store);
        stats.setReviewerA(alice);
        stats.setReviewerB(bob);

        QQuickView view;
        view.engine()->addImportPath(QStringLiteral("qrc:/qt/qml"));
        view.setInitialProperties({{QStringLiteral("stats"), QVariant::fromValue(&stats)}});
        view.setResizeMode(QQuickView::SizeRootObjectToView);
        view.resize(980, 1000);
        view.setSource(QUrl(QStringLiteral("qrc:/qt/qml/AdGen/Studio/ReviewStatsPanel.qml")));
        QVERIFY2(view.status() == QQuickView::Ready, qPrintable(view.errors().isEmpty() ? QString() : view.errors().first().toString()));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));

        auto text = [&](const char* name) {
            QQuickItem* label = findItem(view.rootObject(), QString::fromLatin1(name));
            return label ? label->property("text").toString() : QStringLiteral("(missing %1)").arg(QLatin1String(name));
        };
        // Pooled: alice 2 + 2, bob 2 + 1: 4 of 7.
        QCOMPARE(text("statsOverall"), QStringLiteral("Available rate: 57.1 % (4/7)"));
        auto* reviewerA = findItem(view.rootObject(), QStringLiteral("statsReviewerA"));
        QVERIFY(reviewerA);
        QCOMPARE(reviewerA->property("currentText").toString(), alice);
        // Agreement: kappa -0.50 overall (the seventh row), 0.00 on factuality.
        QTRY_COMPARE(text("statsKappa6"), QStringLiteral("-0.50"));
        QCOMPARE(text("statsKappa4"), QStringLiteral("0.00"));
        QCOMPARE(text("statsKappa5"), QStringLiteral("undefined (no variation)"));
        // alice only.
        stats.setReviewer(alice);
        QTRY_COMPARE(text("statsOverall"), QStringLiteral("Available rate: 50.0 % (2/4)"));
        stats.setReviewer(QString());

        QDir().mkpath(QStringLiteral(ADGEN_SCREENSHOT_DIR));
        QVERIFY(view.grabWindow().save(QStringLiteral(ADGEN_SCREENSHOT_DIR "/review-statistics-panel.png")));
    }
};

QTEST_MAIN(TestReviewStatsPanel)
#include "tst_review_stats_panel.moc"
