#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QUrl>
#include <QtTest>

#include "product_controller.h"

namespace {
QString fixture(const QString& name) { return QStringLiteral(ADGEN_FIXTURES_DIR "/images/") + name; }
}  // namespace

class TestProductController : public QObject {
    Q_OBJECT

private Q_SLOTS:
    void loadsACutoutWithItsBoxAndCoverage() {
        ProductController product;
        QSignalSpy changed(&product, &ProductController::productChanged);
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(product.loaded());
        QCOMPARE(changed.count(), 1);
        QCOMPARE(product.image().size(), QSize(40, 30));
        QCOMPARE(product.productBox(), QRect(10, 5, 26, 21));
        QCOMPARE(product.coverage(), 301.0 / 1200.0);
        QCOMPARE(product.fileName(), QStringLiteral("rgba_box.png"));
        QVERIFY(product.error().isEmpty());
    }

    void imagePixelsAreTheDecodedRgba() {
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QCOMPARE(product.image().pixelColor(10, 5), QColor(200, 40, 40, 255));
        QCOMPARE(product.image().pixelColor(0, 0).alpha(), 0);
    }

    void acceptsFileUrlsAsDialogsAndDropsGiveThem() {
        ProductController product;
        QVERIFY(product.load(QUrl::fromLocalFile(fixture(QStringLiteral("gray_alpha.png"))).toString()));
        QCOMPARE(product.productBox(), QRect(3, 0, 3, 10));
    }

    void summaryStatesSizeBoxAndCoverage() {
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QCOMPARE(product.summary(), QStringLiteral("40 × 30 px · PNG · product box 10, 5 – 26 × 21 px · coverage 25.1 %"));
    }

    void aFailedLoadKeepsThePreviousProductAndExplains_data() {
        QTest::addColumn<QString>("file");
        QTest::addColumn<QString>("problem");
        QTest::newRow("no alpha") << "rgb_opaque.png" << "no alpha channel";
        QTest::newRow("opaque alpha") << "rgba_opaque.png" << "every pixel is opaque";
        QTest::newRow("empty") << "rgba_empty.png" << "fully transparent";
        QTest::newRow("corrupt") << "truncated.png" << "cannot be decoded";
        QTest::newRow("not an image") << "not_an_image.png" << "is not an image";
        QTest::newRow("missing") << "absent.png" << "not found";
    }
    void aFailedLoadKeepsThePreviousProductAndExplains() {
        QFETCH(QString, file);
        QFETCH(QString, problem);
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QSignalSpy changed(&product, &ProductController::productChanged);
        QVERIFY(!product.load(fixture(file)));
        QVERIFY2(product.error().contains(problem), qPrintable(product.error()));
        QVERIFY(!product.errorFix().isEmpty());
        QCOMPARE(changed.count(), 0);
        QCOMPARE(product.fileName(), QStringLiteral("rgba_box.png"));
        QCOMPARE(product.productBox(), QRect(10, 5, 26, 21));
    }

    void aSuccessfulLoadClearsTheError() {
        ProductController product;
        QVERIFY(!product.load(fixture(QStringLiteral("rgb_opaque.png"))));
        QVERIFY(!product.error().isEmpty());
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QVERIFY(product.error().isEmpty());
    }

    void aMissingProductRemembersItsPath() {
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        product.setMissing(QStringLiteral("/gone/bottle.png"), QStringLiteral("Image file not found"), QStringLiteral("Locate it"));
        QVERIFY(!product.loaded());
        QCOMPARE(product.filePath(), QStringLiteral("/gone/bottle.png"));
        QCOMPARE(product.error(), QStringLiteral("Image file not found"));
    }

    void restoringAStateNeedsNoFile() {
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        const ProductController::State loaded = product.state();
        product.setMissing(QStringLiteral("/gone/p.png"), QStringLiteral("Image file not found"), QStringLiteral("Check"));
        const ProductController::State missing = product.state();
        QVERIFY(loaded != missing);

        QSignalSpy changed(&product, &ProductController::productChanged);
        product.restore(loaded);
        QCOMPARE(changed.count(), 1);
        QVERIFY(product.loaded());
        QCOMPARE(product.productBox(), QRect(10, 5, 26, 21));
        QVERIFY(product.error().isEmpty());
        QVERIFY(product.state() == loaded);

        product.restore(missing);
        QVERIFY(!product.loaded());
        QCOMPARE(product.filePath(), QStringLiteral("/gone/p.png"));
        QCOMPARE(product.error(), QStringLiteral("Image file not found"));
    }

    void aPastedImageIsWrittenAsAPngAndLoaded() {
        QTemporaryDir dir;
        ProductController product;
        const QString path = dir.filePath(QStringLiteral("sub/pasted.png"));
        QVERIFY(product.loadPastedImage(QImage(fixture(QStringLiteral("rgba_box.png"))), path));
        QCOMPARE(product.filePath(), path);
        QCOMPARE(product.format(), QStringLiteral("PNG"));
        QCOMPARE(product.productBox(), QRect(10, 5, 26, 21));
    }

    void aPastedImageThatIsNoCutoutIsRefusedAndNotWritten() {
        QTemporaryDir dir;
        ProductController product;
        QVERIFY(product.load(fixture(QStringLiteral("rgba_box.png"))));
        QImage transparent(8, 8, QImage::Format_ARGB32);
        transparent.fill(Qt::transparent);
        const QString path = dir.filePath(QStringLiteral("pasted.png"));
        QVERIFY(!product.loadPastedImage(transparent, path));
        QVERIFY2(product.error().contains(QStringLiteral("fully transparent")), qPrintable(product.error()));
        QVERIFY(!QFile::exists(path));
        QCOMPARE(product.fileName(), QStringLiteral("rgba_box.png"));
    }
};

QTEST_GUILESS_MAIN(TestProductController)
#include "tst_product_controller.moc"
